// The variance probe of the gradient lab: at fixed parameters and a fixed
// minibatch, many independent estimates of the encoder's gradient with each
// estimator that applies to its latent, summarized as total variance,
// signal-to-noise ratio and bias against a reference gradient: exact by
// enumeration for a categorical latent, the mean of many pathwise draws for
// a Gaussian one.
#pragma once
#include <cstdint>
#include <vector>

#include "core/models/categorical_vae.hpp"
#include "core/models/cvae.hpp"
#include "core/models/vae.hpp"

namespace latent {

struct EstimatorVariance {
  EncoderGradient estimator = EncoderGradient::Reparameterization;
  double total_variance = 0.0;   // trace of the covariance of one estimate
  double mean_snr = 0.0;         // mean over coordinates of |mean| / std
  double cosine_to_reference = 0.0;  // between the mean estimate and the reference gradient
  double relative_error = 0.0;   // |mean - reference| / |reference|
  double bias = 0.0;             // |mean - reference|
  // sqrt(total_variance / draws): an unbiased estimator's `bias` is about
  // this size from sampling alone, so only a bias well above it is real.
  double bias_noise = 0.0;
  bool exact = false;            // no sampling (enumeration): its variance is float rounding
  std::vector<float> coordinate_draws;  // every draw of one chosen coordinate, for a histogram
};

struct VarianceProbeResult {
  int64_t step = 0;
  int draws = 0;         // K estimates per estimator
  int batch = 0;         // examples in the fixed minibatch
  int samples = 0;       // M per example (at least 2, for the leave-one-out baseline)
  size_t coordinate = 0; // which encoder parameter the histograms show
  double seconds = 0.0;  // what the probe cost
  bool exact_reference = false;  // the reference is the exact gradient (enumeration), not a sampled mean
  double reference_norm = 0.0;   // |reference gradient| over the encoder's parameters
  std::vector<EstimatorVariance> estimators;  // one per estimators_for(the latent's type), in that order
  // The row of `estimator`, or null when it does not apply to this latent.
  const EstimatorVariance* find(EncoderGradient estimator) const;
};

struct VarianceProbeOptions {
  int draws = 24;
  int reference_draws = 48;  // pathwise draws averaged into the reference gradient
  int samples = 2;
  float baseline = 0.0f;     // the running-mean baseline's current value
  double temperature = 0.5;  // categorical latents: tau of the relaxations
  // Which encoder parameter the histograms show. By default the bias of
  // mu_1 in the encoder's output layer, which gets a gradient from every
  // example; a weight may hang off an always-black pixel or a dead ReLU unit
  // and get a gradient that is always 0.
  static constexpr size_t kMeanBias = size_t(-1);
  size_t coordinate = kMeanBias;
};

// x: (D, B), the fixed minibatch.
VarianceProbeResult probe_encoder_gradient_variance(const Vae& vae, const float* params, const Matrix& x,
                                                    const VarianceProbeOptions& options, Rng& rng);
// The conditional VAE's encoder q(z|x,y): x (Din, B), y (Dout, B), the fixed minibatch.
VarianceProbeResult probe_encoder_gradient_variance(const ConditionalVae& cvae, const float* params, const Matrix& x,
                                                    const Matrix& y, const VarianceProbeOptions& options, Rng& rng);

// A categorical VAE (K^D <= kMaxEnumeratedCodes): x (D, B); the reference is
// the exact gradient by enumeration.
VarianceProbeResult probe_encoder_gradient_variance(const CategoricalVae& vae, const float* params, const Matrix& x,
                                                    const VarianceProbeOptions& options, Rng& rng);

}  // namespace latent
