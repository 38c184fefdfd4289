// The lecture's identity log p(x) = ELBO(q) + KL(q || p(z|x)) made visible
// where a discrete z makes log p(x) exact. For the mixture of Gaussians:
// E-step and M-step buttons that take one half-step each, a caption saying
// what each does, log p(x) and the ELBO of the current q per half-step, and
// the gap between them. For the categorical VAE: the held-out log p(x), the
// ELBO of the encoder's q and their gap per epoch.
#pragma once
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class ExactBoundPanel {
 public:
  void draw(PanelContext& ctx);

 private:
  void draw_buttons(PanelContext& ctx);
  // x is the step: EM's half-steps, or the gradient's steps at each epoch's
  // end (held-out figures). `gap`: q is not p(z|x), so the ELBO is drawn below log p(x).
  void draw_curves(const MetricSeries& series, size_t first, bool em, bool gap, ImVec2 size, bool x_labels) const;
  void draw_gap(const MetricSeries& series, size_t first, bool em, ImVec2 size, bool x_labels) const;
  plot::PlotChoice choice_;
};

}  // namespace latent
