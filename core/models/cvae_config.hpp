// What a conditional VAE is made of: sizes, activation, which prior, and
// the fixed standardization of its inputs and outputs. Saved in checkpoints.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/models/mdn_config.hpp"

namespace latent {

// The prior over z: the lecture's N(0, I), or a learned p(z|x) =
// N(mu_p(x), diag sigma_p(x)^2) (Sohn, Lee, Yan 2015).
enum class CvaePrior { StandardNormal, Conditional };
std::string to_string(CvaePrior p);
CvaePrior cvae_prior_from_string(const std::string& name);  // throws std::invalid_argument

struct CvaeConfig {
  int input_dim = 1;   // Din: the x we condition on
  int output_dim = 1;  // Dout: the y we model
  int latent_dim = 2;  // L
  std::vector<int> hidden{32, 32};  // of the encoder, decoder and prior networks
  Activation activation = Activation::Tanh;
  CvaePrior prior = CvaePrior::StandardNormal;
  // Fixed maps to zero mean, unit spread, fit to the training data (see
  // InputScaling): x wherever it enters a network; y where it enters the
  // encoder and as the decoder's target. Densities are reported in y's own
  // units (the Jacobian of the y map is accounted for).
  InputScaling x_scaling, y_scaling;

  nlohmann::json to_json() const;
  static CvaeConfig from_json(const nlohmann::json& j);  // throws std::invalid_argument
  std::string describe() const;  // "q(z|x,y) 2-32-32 > 2, p(y|x,z) 3-32-32 > 1, prior N(0, I), tanh"
};

}  // namespace latent
