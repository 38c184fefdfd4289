// The prior p(z) behind the latent view: a fragment shader renders its
// density and 1/2/3-sigma contours into a texture the plot's size, redrawn
// only when the view moves, then drawn as an image under the points.
#pragma once
#include <memory>

#include "gui/gl_objects.hpp"
#include "gui/plot.hpp"

namespace latent {

class PriorBackdrop {
 public:
  // Returns false if the shaders could not be built (the caller then draws
  // plain circles); the failure is reported once.
  bool draw(const plot::Frame& frame, float pixel_scale);
  bool usable() const { return !failed_; }

 private:
  bool render(const plot::Frame& frame, int width, int height);
  std::unique_ptr<gl::Program> program_;
  std::unique_ptr<gl::VertexArray> vertex_array_;
  gl::RenderTarget target_;
  bool failed_ = false;
  float rendered_[8] = {};  // view, size and theme the texture shows
  GLint u_view_ = -1, u_background_ = -1, u_tint_ = -1, u_line_ = -1, u_units_ = -1;
};

}  // namespace latent
