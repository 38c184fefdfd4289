// log p(x) for a 2-D latent by grid quadrature, with a convergence check the
// program makes itself: find where the posterior lives on a wide grid, zoom
// in, then double the resolution (and enlarge the box while mass touches its
// border) until log p(x) stops changing.
#pragma once
#include <string>

#include "core/inference/posterior_grid.hpp"

namespace latent {

struct QuadratureSettings {
  int resolution = 64;       // cells per side of the overview and of the first zoomed grid
  int max_resolution = 512;  // give up (not converged) rather than go beyond this: 512^2 = 262k decodes
  double tolerance = 1e-3;   // nats: converged when doubling the resolution moves log p(x) less than this
  // The tail beyond the box changes log p(x) by about the mass beyond it,
  // which for a decaying tail is less than the outermost ring's mass; 1e-5
  // keeps that well under the tolerance.
  double border_mass_limit = 1e-5;
  // Cells of the overview within this many nats of the best one mark where
  // the posterior lives; the rest hold < n^2 e^-30 ~ 4e-10 of the mass.
  double significant_log_ratio = 30.0;
};

struct QuadratureResult {
  PosteriorGrid overview;  // the wide first look: prior's +-5 and q's mu +- 6 sigma
  PosteriorGrid grid;      // the finest zoomed grid: log p(x), posterior, moments come from here
  double log_marginal = 0.0;
  double last_change = 0.0;  // |log p(x) at the final resolution - at half of it|, nats
  bool converged = false;
  std::string status;        // one line: why it is (or is not) converged
  long decodes = 0;          // decoder evaluations spent on all grids
  double milliseconds = 0.0;
};

// x: (D, 1); q: the encoder's q(z|x), used only to place the first grid.
QuadratureResult quadrature_marginal_likelihood(const Vae& vae, const float* params, const Matrix& x,
                                                const DiagonalGaussian& q, const QuadratureSettings& settings,
                                                Vae::Workspace& ws);

}  // namespace latent
