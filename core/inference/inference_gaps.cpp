// Runs every estimator of this module on one observation, with the same
// ELBO method for the encoder's and the optimized q so the gaps compare like
// with like.
#include "core/inference/inference_gaps.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace latent {

double InferenceGaps::best_lower_bound() const {
  double best = std::max(encoder_elbo.elbo(), optimized_elbo.elbo());
  int largest_k = 0;
  double largest_k_mean = -INFINITY;
  for (const ImportanceWeightedBound& b : ladder)
    if (b.k > largest_k) {
      largest_k = b.k;
      largest_k_mean = b.mean;
    }
  best = std::max(best, largest_k_mean);
  if (optimized_iwae) best = std::max(best, optimized_iwae->mean);
  return best;
}

InferenceGaps analyze_inference_gaps(const Vae& vae, const float* params, const Matrix& x,
                                     const InferenceGapSettings& s, Vae::Workspace& ws) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  InferenceGaps g;
  Rng rng(s.seed);
  g.encoder_q = encode_one(vae, params, x, ws);
  const bool two_d = vae.latent_dim() == 2;
  if (two_d && s.quadrature) g.quadrature = quadrature_marginal_likelihood(vae, params, x, g.encoder_q, s.grid, ws);

  auto elbo = [&](const DiagonalGaussian& q) {
    return two_d ? point_elbo_by_quadrature(vae, params, x, q, s.elbo_resolution, ws)
                 : point_elbo_by_sampling(vae, params, x, q, s.elbo_samples, rng, ws);
  };
  g.encoder_elbo = elbo(g.encoder_q);
  g.ladder = importance_weighted_ladder(vae, params, x, g.encoder_q, s.ks, s.iwae_repetitions, rng, ws);

  const auto vi_start = Clock::now();
  PerPointVi vi(vae, params, x, g.encoder_q, s.vi);
  vi.step(s.vi_steps);
  g.vi_steps = vi.steps();
  g.optimized_q = vi.averaged();
  g.vi_milliseconds = std::chrono::duration<double, std::milli>(Clock::now() - vi_start).count();
  g.optimized_elbo = elbo(g.optimized_q);
  if (!g.quadrature && !s.ks.empty()) {
    const int largest_k = *std::max_element(s.ks.begin(), s.ks.end());
    g.optimized_iwae = importance_weighted_bound(vae, params, x, g.optimized_q, largest_k, s.iwae_repetitions, rng, ws);
  }
  g.total_milliseconds = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return g;
}

}  // namespace latent
