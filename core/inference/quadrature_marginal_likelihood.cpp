// The zoom-and-refine procedure behind the quadrature log p(x).
#include "core/inference/quadrature_marginal_likelihood.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace latent {

namespace {

// The bounding box of the cells within `log_ratio` nats of the best, padded
// by one cell on every side so a sharp mode between cell centres stays inside.
// Also says whether that box reached the grid's own border.
LatentRect significant_box(const PosteriorGrid& g, double log_ratio, bool& touches_border) {
  const int n = g.resolution;
  const double threshold = g.log_joint.maxCoeff() - log_ratio;
  int r_lo = n, r_hi = -1, c_lo = n, c_hi = -1;
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c)
      if (g.log_joint(r, c) >= threshold) {
        r_lo = std::min(r_lo, r);
        r_hi = std::max(r_hi, r);
        c_lo = std::min(c_lo, c);
        c_hi = std::max(c_hi, c);
      }
  touches_border = r_lo == 0 || c_lo == 0 || r_hi == n - 1 || c_hi == n - 1;
  const double w = g.cell_width(), h = g.cell_height();
  return {g.rect.min0 + (c_lo - 1) * w, g.rect.min0 + (c_hi + 2) * w, g.rect.min1 + (r_lo - 1) * h,
          g.rect.min1 + (r_hi + 2) * h};
}

std::string describe(const char* verdict, const QuadratureResult& r) {
  const LatentRect& b = r.grid.rect;
  char line[320];
  std::snprintf(line, sizeof line, "%s: |change| %.1e nats at %dx%d over [%.3g, %.3g] x [%.3g, %.3g], border mass %.1e",
                verdict, r.last_change, r.grid.resolution, r.grid.resolution, b.min0, b.max0, b.min1, b.max1,
                r.grid.border_mass);
  return line;
}

}  // namespace

QuadratureResult quadrature_marginal_likelihood(const Vae& vae, const float* params, const Matrix& x,
                                                const DiagonalGaussian& q, const QuadratureSettings& s,
                                                Vae::Workspace& ws) {
  const auto start = std::chrono::steady_clock::now();
  QuadratureResult result;
  auto grid = [&](const LatentRect& rect, int n) {
    result.decodes += long(n) * n;
    return compute_posterior_grid(vae, params, x, rect, n, ws);
  };

  // 1. Overview. If the significant region reaches its border the posterior
  // may extend beyond it (a likelihood pulling far from the prior): widen.
  LatentRect wide = default_posterior_rect(q);
  bool touches = true;
  LatentRect box;
  for (int attempt = 0; attempt < 4 && touches; ++attempt) {
    if (attempt > 0) wide = wide.scaled(2.0);
    result.overview = grid(wide, s.resolution);
    box = significant_box(result.overview, s.significant_log_ratio, touches);
  }

  // 2. Zoom, then refine. Enlarging keeps the cell size (more cells), so a
  // refinement step always compares the same box at n and 2n.
  int n = s.resolution;
  result.grid = grid(box, n);
  bool have_pair = false;
  while (true) {
    if (result.grid.border_mass > s.border_mass_limit) {
      const int larger = int(std::ceil(n * 1.5));
      if (larger > s.max_resolution) break;
      box = box.scaled(double(larger) / n);
      n = larger;
      result.grid = grid(box, n);
      have_pair = false;
      continue;
    }
    if (have_pair && result.last_change < s.tolerance) {
      result.converged = true;
      break;
    }
    if (2 * n > s.max_resolution) break;
    const double coarse = result.grid.log_marginal;
    n *= 2;
    result.grid = grid(box, n);
    result.last_change = std::abs(result.grid.log_marginal - coarse);
    have_pair = true;
  }
  result.log_marginal = result.grid.log_marginal;
  if (!have_pair) result.last_change = INFINITY;
  result.status = describe(result.converged ? "converged" : "NOT converged (max resolution reached)", result);
  result.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace latent
