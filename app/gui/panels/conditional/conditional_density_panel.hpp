// The conditional density view: the data (x, y) over the MDN's p(y|x) as a
// heatmap, each component's mean mu_k(x) as strong as its weight pi_k(x), the
// least-squares line that averages the modes, and the slice x to drag.
#pragma once
#include <memory>

#include "live/probes/conditional_probes.hpp"
#include "gui/plot/heatmap.hpp"
#include "gui/plot/point_cloud.hpp"
#include "gui/panels/shared/panel_context.hpp"

namespace latent {

class ConditionalDensityPanel {
 public:
  void draw(PanelContext& ctx, ConditionalProbes& probes);

 private:
  void upload(const ConditionalGrid& grid);
  void draw_legend();
  void draw_overlays(const plot::Frame& frame, const PanelContext& ctx, const ConditionalProbes& probes);

  Heatmap heatmap_;
  PointCloud data_cloud_;  // the training pairs, re-uploaded only when they change
  std::shared_ptr<const FloatBuffer> uploaded_;  // the parameters whose grid is in the texture
  bool stale_ = true;                            // colouring options changed
  float density_top_ = 1.0f;                     // the colour scale's top, held while it fits
  bool log_colours_ = false, magma_ = false;
  bool show_data_ = true, show_means_ = true, show_regressor_ = true;
};

}  // namespace latent
