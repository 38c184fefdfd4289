// The prior p(z) behind the latent view: a fragment shader renders its
// density once into a texture over a fixed square of latent space (again
// only if the theme changes), and every frame draws the part in view as an
// image under the points. Re-rendering it whenever the view moved cost the
// UI thread ~1 ms of software rasterization per move.
#pragma once
#include "gui/gl/gl_objects.hpp"
#include "gui/gl/program.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class PriorBackdrop {
 public:
  PriorBackdrop();
  // Returns false if the shaders could not be built (the caller then fills
  // the plot's background itself); the failure is reported once.
  bool draw(const plot::Frame& frame);
  bool usable() const { return program_.usable(); }

 private:
  bool render();
  gl::Program program_;
  gl::RenderTarget target_;
  ImU32 rendered_[2] = {0, 0};  // the theme's colours the texture shows
};

}  // namespace latent
