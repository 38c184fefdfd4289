// How the VQ-VAE uses its codebook over training: the held-out perplexity
// exp(H) of the examples' spread over the entries (K when all are used
// evenly) and the dead entries, one point per epoch.
#pragma once
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class VqUsagePanel {
 public:
  void draw(PanelContext& ctx);

 private:
  // which: 0 perplexity (with K dashed above it), 1 dead entries.
  void draw_plot(int which, const MetricSeries& series, int entries, ImVec2 size, bool x_labels) const;
  plot::PlotChoice choice_;
};

}  // namespace latent
