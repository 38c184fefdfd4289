// E_q[log p(x|z)] by Gaussian-weighted midpoint quadrature or by sampling.
#include "core/inference/point_elbo.hpp"

#include <cmath>
#include <stdexcept>

#include "core/inference/chunked_log_likelihood.hpp"

namespace latent {

namespace {

// Midpoint rule on [-6, 6]^2 in whitened coordinates with n cells per side.
double whitened_grid_expectation(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& q,
                                 int n, Vae::Workspace& ws) {
  const Eigen::VectorXd sigma = q.sigma();
  const double h = 12.0 / n;
  Matrix z(2, n * n);                    // column r*n + c: u = (u_c, u_r)
  Eigen::VectorXd weight(n * n);         // N(u; 0, I), unnormalized
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const double u0 = -6.0 + (c + 0.5) * h, u1 = -6.0 + (r + 0.5) * h;
      z(0, r * n + c) = float(q.mu(0) + sigma(0) * u0);
      z(1, r * n + c) = float(q.mu(1) + sigma(1) * u1);
      weight(r * n + c) = std::exp(-0.5 * (u0 * u0 + u1 * u1));
    }
  Eigen::VectorXd log_lik;
  chunked_log_likelihood(vae, params, x, z, log_lik, ws);
  return weight.dot(log_lik) / weight.sum();
}

}  // namespace

PointElbo point_elbo_by_quadrature(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& q,
                                   int resolution, Vae::Workspace& ws) {
  if (q.dim() != 2 || vae.latent_dim() != 2) throw std::invalid_argument("ELBO quadrature needs a 2-D latent");
  if (resolution < 4 || resolution % 2) throw std::invalid_argument("ELBO quadrature needs an even resolution >= 4");
  PointElbo e;
  const double coarse = whitened_grid_expectation(vae, params, x, q, resolution / 2, ws);
  e.reconstruction = whitened_grid_expectation(vae, params, x, q, resolution, ws);
  e.error = std::abs(e.reconstruction - coarse);
  e.kl = q.kl_to_prior();
  e.method = "quadrature " + std::to_string(resolution) + "x" + std::to_string(resolution);
  e.decodes = long(resolution) * resolution + long(resolution / 2) * (resolution / 2);
  return e;
}

PointElbo point_elbo_by_sampling(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& q,
                                 int samples, Rng& rng, Vae::Workspace& ws) {
  if (samples < 2) throw std::invalid_argument("a Monte Carlo ELBO needs at least 2 samples");
  if (q.dim() != vae.latent_dim()) throw std::invalid_argument("q's size does not match the model's latent size");
  const Eigen::VectorXd sigma = q.sigma();
  Matrix z(q.dim(), samples);  // z = mu + sigma * eps
  for (int j = 0; j < samples; ++j)
    for (int l = 0; l < q.dim(); ++l) z(l, j) = float(q.mu(l) + sigma(l) * rng.normal());
  Eigen::VectorXd log_lik;
  chunked_log_likelihood(vae, params, x, z, log_lik, ws);
  PointElbo e;
  e.reconstruction = log_lik.mean();
  e.error = std::sqrt((log_lik.array() - e.reconstruction).square().sum() / (samples - 1) / samples);
  e.kl = q.kl_to_prior();
  e.method = "Monte Carlo, " + std::to_string(samples) + " samples";
  e.decodes = samples;
  return e;
}

PointElbo point_elbo(const Vae& vae, const float* params, const Matrix& x, const DiagonalGaussian& q, Rng& rng,
                     Vae::Workspace& ws) {
  if (vae.latent_dim() == 2) return point_elbo_by_quadrature(vae, params, x, q, 64, ws);
  return point_elbo_by_sampling(vae, params, x, q, 10000, rng, ws);
}

}  // namespace latent
