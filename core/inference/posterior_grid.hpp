// The true posterior p(z|x) of a 2-D latent on a regular grid: log p(x|z) +
// log p(z) at every cell centre, log p(x) by the midpoint rule, and the
// normalized posterior, for one observation x.
#pragma once
#include <Eigen/Core>

#include "core/inference/diagonal_gaussian.hpp"
#include "core/models/vae.hpp"

namespace latent {

// An axis-aligned rectangle of the latent plane: z_0 in [min0, max0],
// z_1 in [min1, max1].
struct LatentRect {
  double min0 = -1, max0 = 1, min1 = -1, max1 = 1;

  double width() const { return max0 - min0; }
  double height() const { return max1 - min1; }
  double area() const { return width() * height(); }
  static LatentRect around(double center0, double center1, double half0, double half1) {
    return {center0 - half0, center0 + half0, center1 - half1, center1 + half1};
  }
  LatentRect united(const LatentRect& o) const;
  LatentRect scaled(double factor) const;  // about its centre
};

// The prior's [-5, 5]^2 (mass outside ~1e-6) united with the encoder's
// mu +- 6 sigma: the posterior is proportional to p(x|z) p(z), so it lives
// where the prior has mass, and a trained encoder points at it.
LatentRect default_posterior_rect(const DiagonalGaussian& q);

struct PosteriorGrid {
  LatentRect rect;
  int resolution = 0;  // n cells per side
  // (n, n). Entry (r, c) is the cell centred at
  //   z_0 = min0 + (c + 1/2) * cell_width(),  z_1 = min1 + (r + 1/2) * cell_height():
  // row 0 is the bottom (smallest z_1), as in a plot; flip it for an image.
  Eigen::MatrixXd log_joint;  // log p(x|z) + log p(z)
  Eigen::MatrixXd posterior;  // p(z|x), a density: sum * cell_area() = 1
  double log_marginal = 0.0;  // log p(x) = log sum exp(log_joint) + log(cell area), midpoint rule
  double border_mass = 0.0;   // posterior mass in the outermost ring of cells
  Eigen::Vector2d posterior_mean = Eigen::Vector2d::Zero();
  Eigen::Matrix2d posterior_covariance = Eigen::Matrix2d::Zero();

  double cell_width() const { return rect.width() / resolution; }
  double cell_height() const { return rect.height() / resolution; }
  double cell_area() const { return cell_width() * cell_height(); }
  Eigen::Vector2d cell_center(int row, int col) const {
    return {rect.min0 + (col + 0.5) * cell_width(), rect.min1 + (row + 0.5) * cell_height()};
  }
};

// Decodes all n^2 cell centres of `rect` (batched, in chunks) for x: (D, 1).
// Needs a 2-D latent. Cost: n^2 decoder evaluations (64 x 64 = 4096).
PosteriorGrid compute_posterior_grid(const Vae& vae, const float* params, const Matrix& x, const LatentRect& rect,
                                     int resolution, Vae::Workspace& ws);

}  // namespace latent
