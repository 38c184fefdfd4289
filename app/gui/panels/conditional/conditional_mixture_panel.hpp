// The mixture's parameters against x: pi_k(x), mu_k(x) and sigma_k(x) for
// every component, three stacked plots sharing the x axis and the slice x.
#pragma once
#include "live/probes/conditional_probes.hpp"
#include "gui/panels/shared/panel_context.hpp"

namespace latent {

class ConditionalMixturePanel {
 public:
  void draw(PanelContext& ctx, ConditionalProbes& probes);

 private:
  enum Parameter { Weight, Mean, Scale };
  void draw_plot(PanelContext& ctx, ConditionalProbes& probes, Parameter which, float height, bool last);
};

}  // namespace latent
