// What one training step or one held-out evaluation measured, whatever the
// model kind: the fields the curves, the tables and the tests read.
#pragma once
#include <cstdint>

#include "core/estimators/encoder_gradient.hpp"
#include "core/models/vae.hpp"
#include "core/train/metric_series.hpp"

namespace latent {

// Per-example means, in nats. `bound` belongs to the latent-variable model
// whose encoder the estimator drives; the other fields belong to the kinds
// that have them and stay zero in the others.
struct ModelTerms {
  ElboTerms bound;             // the VAE's ELBO terms, or the conditional VAE's bound on log p(y|x)
  double mdn_nll = 0.0;        // conditional models: the MDN's -log p(y|x)
  double regressor_mse = 0.0;  // conditional models: the least-squares regressor's mean squared error
  double log_lik = 0.0;        // mixture of Gaussians, categorical VAE: the exact log p(x) (bound: the ELBO of q)
  double perplexity = 0.0;     // VQ-VAE: exp(entropy) of how the examples spread over the codebook
  double dead_codes = 0.0;     // VQ-VAE: entries no example used
  // Mixture of Gaussians with an amortized q(z|x): held out, the mean KL(q(z|x) || p(z|x)), the
  // gap of q's ELBO to log p(x), exact by summing over the K components; a training step's, its batch's.
  double amortized_kl = 0.0;

  // Adds weight * each term of `part`: a batch's terms are its parts'
  // weighted by their share of its examples.
  void add(const ModelTerms& part, double weight);
  // False: a step measured a non-finite loss and applied no update.
  bool finite() const;
  // The curve point (see MetricPoint). Held-out points train nothing, so
  // their points carry the default estimator.
  MetricPoint metric_point(int64_t step, double epoch,
                           EncoderGradient estimator = EncoderGradient::Reparameterization) const;
};

}  // namespace latent
