// "How tight is the bound" for one observation: log p(x) (quadrature, 2-D
// latent), the encoder's ELBO, the IWAE ladder, KL(q || p(z|x)), and the
// inference gap split into amortization and approximation gaps by running
// per-point VI from the encoder's q (Cremer, Li & Duvenaud 2018).
#pragma once
#include <cmath>
#include <optional>
#include <vector>

#include "core/inference/importance_weighted_bound.hpp"
#include "core/inference/per_point_vi.hpp"
#include "core/inference/point_elbo.hpp"
#include "core/inference/quadrature_marginal_likelihood.hpp"

namespace latent {

struct InferenceGapSettings {
  bool quadrature = true;          // 2-D latent only; otherwise always skipped
  QuadratureSettings grid;
  int elbo_resolution = 64;        // 2-D ELBO quadrature in q's coordinates
  int elbo_samples = 10000;        // latent > 2: Monte Carlo ELBO
  std::vector<int> ks{1, 5, 50, 500};
  int iwae_repetitions = 20;
  PerPointViSettings vi;
  int vi_steps = 1000;
  uint64_t seed = 1;               // IWAE and Monte Carlo ELBO noise
};

struct InferenceGaps {
  DiagonalGaussian encoder_q, optimized_q;
  std::optional<QuadratureResult> quadrature;  // absent for latent > 2 (or when turned off)
  PointElbo encoder_elbo, optimized_elbo;
  std::vector<ImportanceWeightedBound> ladder;  // proposal: the encoder's q
  // Without quadrature only: IWAE at the largest k with the optimized q as
  // proposal, usually the tightest lower bound on log p(x) there is.
  std::optional<ImportanceWeightedBound> optimized_iwae;
  int vi_steps = 0;
  double vi_milliseconds = 0.0, total_milliseconds = 0.0;

  bool has_log_marginal() const { return quadrature.has_value(); }
  double log_marginal() const { return quadrature ? quadrature->log_marginal : NAN; }
  // The best lower bound on log p(x) available without quadrature: the
  // largest of the largest-k IWAE means (encoder's and optimized q) and the
  // two ELBOs. (Each is a Monte Carlo estimate, so a bound in expectation.)
  double best_lower_bound() const;
  // log p(x) when known, else best_lower_bound(): the gaps below are then
  // lower bounds of the true gaps.
  double reference() const { return has_log_marginal() ? log_marginal() : best_lower_bound(); }
  double kl_encoder_to_posterior() const { return reference() - encoder_elbo.elbo(); }  // KL(q(z|x) || p(z|x))
  double amortization_gap() const { return optimized_elbo.elbo() - encoder_elbo.elbo(); }
  double approximation_gap() const { return reference() - optimized_elbo.elbo(); }
};

// x: (D, 1).
InferenceGaps analyze_inference_gaps(const Vae& vae, const float* params, const Matrix& x,
                                     const InferenceGapSettings& settings, Vae::Workspace& ws);

}  // namespace latent
