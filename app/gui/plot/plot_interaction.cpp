// Interaction with a plot: the mouse over a Frame, and PanZoom's wheel zoom
// and drag pan for 2-D views.
#include <algorithm>
#include <cmath>

#include "gui/plot/plot.hpp"

namespace latent::plot {

ImVec2 Frame::mouse_px() const { return ImGui::GetIO().MousePos; }

Axis PanZoom::x_axis(const std::string& label) const {
  // Equal aspect is applied by the Frame; start with a square range.
  return Axis{label, center_x - half_height, center_x + half_height, Scale::Linear};
}
Axis PanZoom::y_axis(const std::string& label) const {
  return Axis{label, center_y - half_height, center_y + half_height, Scale::Linear};
}

void PanZoom::fit(double x0, double x1, double y0, double y1, double margin) {
  center_x = 0.5 * (x0 + x1);
  center_y = 0.5 * (y0 + y1);
  half_height = std::max(1e-3, 0.5 * std::max(x1 - x0, y1 - y0) * (1.0 + 2.0 * margin));
}

void PanZoom::handle_input(const Frame& frame, bool allow_drag, ImGuiMouseButton drag_button) {
  const ImGuiIO& io = ImGui::GetIO();
  if (frame.hovered() && io.MouseWheel != 0.0f) {
    const double factor = std::pow(1.2, -io.MouseWheel);
    const double mx = frame.mouse_x(), my = frame.mouse_y();
    center_x = mx + (center_x - mx) * factor;
    center_y = my + (center_y - my) * factor;
    half_height = std::clamp(half_height * factor, 1e-3, 1e4);
    user_moved = true;
  }
  if (allow_drag && frame.active() && ImGui::IsMouseDragging(drag_button, 0.0f) &&
      (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)) {
    const double units_per_px = frame.x_per_px();
    center_x -= io.MouseDelta.x * units_per_px;
    center_y += io.MouseDelta.y * units_per_px;
    user_moved = true;
  }
}

}  // namespace latent::plot
