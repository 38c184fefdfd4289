// The importance-weighted bound of Burda et al. (2015) for one observation:
//   L_k = log (1/k) sum_i p(x, z_i) / q(z_i|x),  z_i ~ q,
// L_1 is the ELBO and L_k rises with k toward log p(x). Any latent size.
#pragma once
#include <vector>

#include "core/inference/diagonal_gaussian.hpp"
#include "core/math/rng.hpp"

namespace latent {

struct ImportanceWeightedBound {
  int k = 1;
  int repetitions = 0;
  double mean = 0.0;            // average of the L_k estimates, nats
  double standard_error = 0.0;  // their standard deviation / sqrt(repetitions)
};

// `repetitions` independent estimates of L_k, each from k fresh samples of q.
// x: (D, 1). Cost: k * repetitions decoder evaluations.
ImportanceWeightedBound importance_weighted_bound(const Vae& vae, const float* params, const Matrix& x,
                                                  const DiagonalGaussian& q, int k, int repetitions, Rng& rng,
                                                  Vae::Workspace& ws);

// The ladder L_k for each k in ks, each with its own samples.
std::vector<ImportanceWeightedBound> importance_weighted_ladder(const Vae& vae, const float* params, const Matrix& x,
                                                                const DiagonalGaussian& q, const std::vector<int>& ks,
                                                                int repetitions, Rng& rng, Vae::Workspace& ws);

}  // namespace latent
