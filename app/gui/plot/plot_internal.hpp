// Private to the plotting module's files (plot_*.cpp): the context's state,
// which sprites, colours and palette lookups read. Panels include plot.hpp only.
#pragma once
#include "gui/plot/plot.hpp"

namespace latent::plot {

struct Context::State {
  Theme theme = Theme::Light;
  Colors colors = theme_colors(Theme::Light);
  Palette palette = Palette::Tableau10;
  // The sprites' custom rectangles in the font atlas (-1: not reserved) and
  // their texture coordinates once painted.
  int sprite_rects[int(Sprite::kCount)] = {-1, -1, -1};
  ImVec2 sprite_uv[int(Sprite::kCount)][2];
  bool sprites_ready = false;
  // The visible height of every plotting area drawn since take_drawn_heights().
  std::vector<float> drawn_heights;
};

namespace internal {

// The current context's state; stops the program with a clear message if the
// app has made no Context (a plot drawn before UiStyle exists).
Context::State& state();

}  // namespace internal

}  // namespace latent::plot
