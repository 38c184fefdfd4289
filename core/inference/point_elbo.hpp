// The ELBO of one observation under a given q(z) = N(mu, diag sigma^2):
// closed-form KL to the prior plus E_q[log p(x|z)], the latter by quadrature
// in q's own coordinates for a 2-D latent, by Monte Carlo otherwise.
#pragma once
#include <string>

#include "core/inference/diagonal_gaussian.hpp"
#include "core/math/rng.hpp"

namespace latent {

struct PointElbo {
  double reconstruction = 0.0;  // E_q[log p(x|z)], nats
  double kl = 0.0;              // KL(q || p(z)), closed form
  // How far off the reconstruction term may be: for quadrature, |value at n -
  // value at n/2|; for Monte Carlo, its standard error.
  double error = 0.0;
  std::string method;           // "quadrature 64x64" or "Monte Carlo, 10000 samples"
  long decodes = 0;
  double elbo() const { return reconstruction - kl; }
};

// 2-D only. z = mu + sigma * u with u on the midpoint grid of [-6, 6]^2,
// weighted by N(u; 0, I) (normalized over the grid: the truncated mass is
// 4e-9). Computed at resolution/2 and at resolution; returns the finer value.
// Cost: 1.25 * resolution^2 decoder evaluations.
PointElbo point_elbo_by_quadrature(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& q,
                                   int resolution, Vae::Workspace& ws);

// Any latent size: `samples` draws from q. Cost: `samples` decoder evaluations.
PointElbo point_elbo_by_sampling(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& q,
                                 int samples, Rng& rng, Vae::Workspace& ws);

// Quadrature (64) for a 2-D latent, otherwise 10000 samples.
PointElbo point_elbo(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& q, Rng& rng,
                     Vae::Workspace& ws);

}  // namespace latent
