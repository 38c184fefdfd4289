// Fonts and colours at the UI scale: DejaVu Sans rasterized at the chosen
// size (so text stays sharp when scaled up for a projector), in one of the
// themes of plot_colors.hpp (light, dark, high contrast).
#pragma once
#include <string>

#include <imgui.h>

#include "gui/plot/plot.hpp"

struct GLFWwindow;

namespace latent {

class UiStyle {
 public:
  // Rebuilds the font atlas and the style sizes. Call between frames only;
  // `renderer_ready` says whether the GL backend already made its font
  // texture (then it is remade here).
  void apply(float scale, plot::Theme theme, bool renderer_ready);

  float scale() const { return scale_; }
  plot::Theme theme() const { return theme_; }
  ImFont* large_font() const { return large_; }
  // The theme's opaque panel colour (panels may draw without a background; the clear uses this).
  ImVec4 window_background() const { return window_background_; }
  const std::string& font_file() const { return font_file_; }  // empty: ImGui's built-in bitmap font
  // The plots' colours, palette and marker sprites (apply() sets the theme and paints the sprites).
  plot::Context& plot_context() { return plot_; }
  const plot::Context& plot_context() const { return plot_; }

  // Base sizes in pixels at scale 1.
  static constexpr float kFontPixels = 16.0f;
  static constexpr float kLargeFontPixels = 22.0f;

 private:
  float scale_ = 1.0f;
  plot::Theme theme_ = plot::Theme::Light;
  ImFont* large_ = nullptr;
  ImVec4 window_background_{1, 1, 1, 1};
  std::string font_file_;
  plot::Context plot_;
};

// The monitor's content scale (HiDPI), 1 under Xvfb.
float automatic_ui_scale(GLFWwindow* window);

}  // namespace latent
