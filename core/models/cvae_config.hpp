// What a conditional VAE is made of: sizes, activation, which prior, and
// the fixed standardization of its inputs and outputs. Saved in checkpoints.
#pragma once
#include <string>
#include <vector>

#include "core/models/mdn_config.hpp"

namespace latent {

// The prior over z: the lecture's N(0, I), or a learned p(z|x) =
// N(mu_p(x), diag sigma_p(x)^2) (Sohn, Lee, Yan 2015).
enum class CvaePrior { StandardNormal, Conditional };
EnumNames<CvaePrior> enum_names(CvaePrior);  // "standard-normal", "conditional"

struct CvaeConfig {
  static constexpr const char* kName = "conditional VAE";
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

  // What a checkpoint keeps (see config_json.hpp).
  template <class Self, class Visit>
  static void fields(Self& c, Visit& visit) {
    visit("input_dim", c.input_dim);
    visit("output_dim", c.output_dim);
    visit("latent_dim", c.latent_dim);
    visit("hidden", c.hidden);
    visit("activation", c.activation);
    visit("prior", c.prior);
    visit("x_scaling", c.x_scaling);
    visit("y_scaling", c.y_scaling);
  }
  void check() const;  // sizes within size_limits.hpp
  std::string describe() const;  // "q(z|x,y) 2-32-32 > 2, p(y|x,z) 3-32-32 > 1, prior N(0, I), tanh"
};

}  // namespace latent
