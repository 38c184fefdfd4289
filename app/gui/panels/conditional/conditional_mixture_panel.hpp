// The mixture's parameters against x: pi_k(x), mu_k(x) and sigma_k(x) for
// every component, three stacked plots sharing the x axis and the slice x
// (in a lesson, as many as keep their height, and buttons for the others).
#pragma once
#include "live/probes/conditional_probes.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class ConditionalMixturePanel {
 public:
  void draw(PanelContext& ctx, ConditionalProbes& probes);

 private:
  enum Parameter { Weight, Mean, Scale };
  void draw_plot(PanelContext& ctx, ConditionalProbes& probes, Parameter which, ImVec2 size, bool x_labels);
  plot::PlotChoice choice_;
};

}  // namespace latent
