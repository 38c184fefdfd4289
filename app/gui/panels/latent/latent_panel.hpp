// The latent view: encoded means of held-out data coloured by label, q(z|x)
// ellipses, the prior's contours, draggable pins and the interpolation path.
#pragma once
#include <memory>
#include <vector>

#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"
#include "gui/plot/point_cloud.hpp"
#include "gui/panels/latent/prior_backdrop.hpp"

namespace latent {

class LatentPanel {
 public:
  void draw(PanelContext& ctx);

 private:
  void draw_controls(PanelContext& ctx);
  void update_fit_target(const Snapshot& snapshot, const LatentProbes& probes);
  void draw_points(PanelContext& ctx, const plot::Frame& frame, int hovered_code);
  void draw_pins(PanelContext& ctx, const plot::Frame& frame, int hovered_pin);
  void handle_mouse(PanelContext& ctx, const plot::Frame& frame, int hovered_pin, int hovered_code);
  void context_menu(PanelContext& ctx);
  int nearest_code(const Snapshot& snapshot, const LatentProbes& probes, const plot::Frame& frame) const;
  int nearest_pin(const LatentProbes& probes, const plot::Frame& frame) const;
  double point_y(const Snapshot& snapshot, const LatentProbes& probes, int code) const;

  plot::PanZoom view_;
  PriorBackdrop backdrop_;
  PointCloud codes_cloud_;  // the held-out means, uploaded when they (or the highlight) change
  bool show_prior_ = true, show_ellipses_ = false, show_grid_points_ = false;
  int dragging_pin_ = -1;
  bool pressed_on_background_ = false;
  double menu_x_ = 0, menu_y_ = 0;  // where the context menu was opened, in data units
  // The fit target follows the codes; cached per codes object and dims.
  const LatentCodes* fitted_codes_ = nullptr;
  int fitted_dims_[2] = {-1, -1};
  double target_[4] = {-3, 3, -3, 3};
};

}  // namespace latent
