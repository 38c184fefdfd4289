// Grid evaluation of the 2-D posterior; the moments and the border mass are
// read off the same normalized cell masses.
#include "core/inference/posterior_grid.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/inference/chunked_log_likelihood.hpp"

namespace latent {

LatentRect LatentRect::united(const LatentRect& o) const {
  return {std::min(min0, o.min0), std::max(max0, o.max0), std::min(min1, o.min1), std::max(max1, o.max1)};
}

LatentRect LatentRect::scaled(double factor) const {
  return around(0.5 * (min0 + max0), 0.5 * (min1 + max1), 0.5 * factor * width(), 0.5 * factor * height());
}

LatentRect default_posterior_rect(const DiagonalGaussian& q) {
  if (q.dim() != 2) throw std::invalid_argument("the posterior grid needs a 2-D latent");
  const Eigen::VectorXd s = q.sigma();
  const LatentRect prior{-5, 5, -5, 5};
  return prior.united(LatentRect::around(q.mu(0), q.mu(1), 6 * s(0), 6 * s(1)));
}

PosteriorGrid compute_posterior_grid(const Vae& vae, const float* params, const Matrix& x, const LatentRect& rect,
                                     int resolution, Vae::Workspace& ws) {
  // x: (D, 1)
  if (vae.latent_dim() != 2) throw std::invalid_argument("the posterior grid needs a 2-D latent");
  if (resolution < 2) throw std::invalid_argument("the posterior grid needs at least 2 cells per side");
  if (!(rect.width() > 0 && rect.height() > 0)) throw std::invalid_argument("the posterior grid's rectangle is empty");
  PosteriorGrid g;
  g.rect = rect;
  g.resolution = resolution;
  const int n = resolution;

  // z: (2, n*n), column r*n + c is cell (r, c).
  Matrix z(2, n * n);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) z.col(r * n + c) = g.cell_center(r, c).cast<float>();
  Eigen::VectorXd log_lik;  // (n*n)
  chunked_log_likelihood(vae, params, x, z, log_lik, ws);

  g.log_joint.resize(n, n);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) g.log_joint(r, c) = log_lik(r * n + c) + log_standard_normal(g.cell_center(r, c));

  const double hi = g.log_joint.maxCoeff();
  if (!std::isfinite(hi)) throw std::runtime_error("the log joint is not finite on the posterior grid");
  const Eigen::MatrixXd weight = (g.log_joint.array() - hi).exp().matrix();  // unnormalized cell masses
  const double total = weight.sum();
  g.log_marginal = hi + std::log(total) + std::log(g.cell_area());
  g.posterior = weight / (total * g.cell_area());

  const Eigen::MatrixXd mass = weight / total;
  double border = mass.row(0).sum() + mass.row(n - 1).sum() + mass.col(0).sum() + mass.col(n - 1).sum();
  border -= mass(0, 0) + mass(0, n - 1) + mass(n - 1, 0) + mass(n - 1, n - 1);  // corners were counted twice
  g.border_mass = border;

  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) mean += mass(r, c) * g.cell_center(r, c);
  Eigen::Matrix2d cov = Eigen::Matrix2d::Zero();
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const Eigen::Vector2d d = g.cell_center(r, c) - mean;
      cov += mass(r, c) * d * d.transpose();
    }
  g.posterior_mean = mean;
  g.posterior_covariance = cov;
  return g;
}

}  // namespace latent
