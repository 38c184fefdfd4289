// The slice at the dragged x: the MDN's p(y|x) and each weighted component
// pi_k N(y; mu_k, sigma_k^2), the data near x, where least squares lands, and
// the conditional VAE's density and samples when the run has one.
#pragma once
#include "live/probes/conditional_probes.hpp"
#include "gui/panels/shared/panel_context.hpp"

namespace latent {

class ConditionalSlicePanel {
 public:
  void draw(PanelContext& ctx, ConditionalProbes& probes);

 private:
  void draw_legend(const ConditionalSlice& slice);

  float top_ = 0.0f;  // the density axis's top, held while the curves fit under it
  bool show_components_ = true, show_data_ = true, show_regressor_ = true, show_cvae_ = true;
};

}  // namespace latent
