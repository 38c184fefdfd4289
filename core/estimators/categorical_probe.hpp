// The variance probe for a categorical VAE's encoder: at fixed parameters and
// a fixed minibatch, many independent estimates of the encoder's gradient by
// each estimator, summarized as variance, signal-to-noise ratio and bias
// against the exact gradient by enumeration.
#pragma once
#include <vector>

#include "core/estimators/categorical_gradients.hpp"

namespace latent {

struct CategoricalEstimatorProbe {
  CategoricalGradient estimator = CategoricalGradient::Enumerate;
  double total_variance = 0.0;  // trace of the covariance of one estimate, over the encoder's parameters
  // |mean| / sqrt(total_variance), of the whole vector (0 for an exact
  // gradient). Not the mean of per-coordinate ratios: coordinates only the
  // deterministic KL term reaches have a std of float rounding, and their
  // ratios of 1e6 would swamp the mean.
  double snr = 0.0;
  double bias = 0.0;            // |mean of the draws - exact gradient|
  // sqrt(total_variance / draws): an unbiased estimator's `bias` is about
  // this size from sampling alone, so only a bias well above it is real.
  double bias_noise = 0.0;
};

struct CategoricalProbeResult {
  double exact_norm = 0.0;  // |exact gradient| over the encoder's parameters
  int draws = 0;
  std::vector<CategoricalEstimatorProbe> estimators;  // one per CategoricalGradient, in enum order
};

// x: (Din, B). `options` gives S, tau and the running-mean baseline; each
// estimator is drawn `draws` (>= 2) times. Needs K^D <= kMaxEnumeratedCodes.
CategoricalProbeResult probe_categorical_gradients(const CategoricalVae& vae, const float* params, const Matrix& x,
                                                   const CategoricalGradientOptions& options, int draws, Rng& rng);

}  // namespace latent
