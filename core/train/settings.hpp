// What a training run is: the model to build (changing it means a new
// model) and the settings that apply live between steps.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/models/cvae_config.hpp"
#include "core/models/vae.hpp"

namespace latent {

struct Dataset;

// Changing any of these rebuilds the model from scratch. Unset fields take
// the data set's default (the reference model for 28x28 images, a small
// Gaussian-decoder VAE for 2-D points).
struct ModelSettings {
  std::string model = "vae";  // "vae", or "mdn": a mixture density network, a least-squares regressor and a conditional VAE of p(y|x)
  int components = 0;         // MDN mixture components K; 0 = the data set's default (3 for Bishop's, else 5)
  std::string dataset = "sprites";
  uint64_t seed = 1;
  int latent_dim = 2;          // also the conditional VAE's, in MDN runs
  CvaePrior cvae_prior = CvaePrior::StandardNormal;  // MDN runs: the conditional VAE's prior
  std::optional<std::vector<int>> encoder_hidden, decoder_hidden;
  std::optional<Activation> activation;
  std::optional<Likelihood> likelihood;

  bool is_mdn() const { return model == "mdn"; }
  // Pins every architecture field to those of `vae`.
  void set_architecture(const VaeConfig& vae);
  VaeConfig resolve(const Dataset& train) const;
  int resolve_components() const;
  bool operator==(const ModelSettings&) const = default;  // the same model would be built
};

// These apply at the next step boundary.
struct TrainSettings {
  float learning_rate = 1e-3f;
  float beta = 1.0f;
  int batch_size = 128;
  int mc_samples = 1;
  EncoderGradient estimator = EncoderGradient::Reparameterization;
  // A pace a class can follow; 0 = as fast as possible. At full speed a
  // 1,000-point toy runs ~10k steps/s: the fit is over in a second, and a
  // minute later the MDN has overfitted its training points.
  int max_steps_per_second = 0;
  // The leave-one-out baseline needs two samples per example.
  int effective_samples() const {
    return estimator == EncoderGradient::ScoreFunctionLeaveOneOut ? std::max(2, mc_samples) : std::max(1, mc_samples);
  }
};

// The live app's pace unless the user picks one, in steps per second (0 =
// full speed). The small problems would be fitted before the class has
// looked (thousands of steps a second), so they unfold over a minute: 200
// for the (x, y) problems, 1,000 for a VAE of 2-D points. Images train at
// full speed, a few hundred steps a second.
int default_pace(const ModelSettings& model);

}  // namespace latent
