// "Draw your own data": a floating window with a canvas on which a brush adds
// 2-D points of a chosen class and an eraser removes them, a clear button,
// Save… and Open… for the drawn set as CSV, and "Train on this", which keeps
// the set in the drawings folder and restarts the current kind of model
// (VAE, conditional models, mixture) on it, a fifth of it held out, and
// steps aside so the views show the training.
#pragma once
#include <string>

#include "gui/panels/controls/controls_panel.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"
#include "gui/plot/point_cloud.hpp"
#include "gui/shell/file_dialog.hpp"
#include "live/drawing/point_sketch.hpp"

namespace latent {

class DrawDataWindow {
 public:
  bool open = false;
  // Once a frame, outside the panels: the window (when open) and its file dialog.
  void draw(PanelContext& ctx, ControlsPanel& controls);
  // --demo-draw: scripted strokes of two classes over the first frames, then
  // "Train on this", as a user's mouse would (tests, demos).
  void demo_frame(PanelContext& ctx, ControlsPanel& controls);

 private:
  enum class Tool { Brush, Eraser };
  void draw_tools();
  void draw_canvas();
  void apply_tool(double x, double y);
  void train_on_this(PanelContext& ctx, ControlsPanel& controls);
  void handle_dialog();

  PointSketch sketch_;
  Rng rng_{7};
  Tool tool_ = Tool::Brush;
  float radius_ = 0.35f;  // data units
  int density_ = 3;       // points added per frame while the brush is held down
  int label_ = 0;
  plot::PanZoom view_;
  PointCloud cloud_;
  FileDialog dialog_;
  bool saving_ = false;  // what the open dialog is for
  std::string status_;   // the last save, load or training start, or why it failed
};

}  // namespace latent
