// Rendering the prior's density picture with prior_density.frag, and drawing the part in view.
#include "gui/panels/latent/prior_backdrop.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace latent {

namespace {
ImVec4 rgba(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// The texture covers [-kExtent, kExtent]^2 of latent space; beyond it the
// density is below 4e-6 of its peak, and the clamped edge texels (the
// background colour) stand for it. The density is smooth, so linear
// filtering of kTexels^2 texels looks the same at any zoom.
constexpr double kExtent = 5.0;
constexpr int kTexels = 512;
}  // namespace

bool PriorBackdrop::draw(const plot::Frame& frame) {
  if (failed_) return false;
  if (!program_) {
    try {
      program_ = std::make_unique<gl::Program>("fullscreen.vert", "prior_density.frag");
      vertex_array_ = std::make_unique<gl::VertexArray>();
      u_view_ = program_->uniform("u_view");
      u_background_ = program_->uniform("u_background");
      u_tint_ = program_->uniform("u_tint");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "latentlab: %s; the latent view draws the prior without shading\n", e.what());
      failed_ = true;
      program_.reset();
      return false;
    }
  }
  const ImU32 key[2] = {plot::colors().plot_background, plot::colors().prior};
  if (target_.width() != kTexels || key[0] != rendered_[0] || key[1] != rendered_[1]) {
    if (!render()) return false;
    rendered_[0] = key[0];
    rendered_[1] = key[1];
  }
  // The view's corners in texture coordinates (GL's t grows with z_y, ImGui's
  // v downward, so the top edge takes the larger t); the texture clamps outside.
  const plot::Axis &X = frame.x_axis(), &Y = frame.y_axis();
  auto texel = [](double z) { return float((z + kExtent) / (2.0 * kExtent)); };
  frame.draw_list()->AddImage((ImTextureID)(intptr_t)target_.texture().id(), frame.area_min(), frame.area_max(),
                              ImVec2(texel(X.min), texel(Y.max)), ImVec2(texel(X.max), texel(Y.min)));
  return true;
}

bool PriorBackdrop::render() {
  target_.ensure(kTexels, kTexels);
  if (!target_.texture()) return false;
  {
    gl::RenderTarget::Binding bind(target_);
    GLint previous_program = 0, previous_vertex_array = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &previous_program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &previous_vertex_array);
    const GLboolean blend = glIsEnabled(GL_BLEND), scissor = glIsEnabled(GL_SCISSOR_TEST);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glUseProgram(program_->id());
    glBindVertexArray(vertex_array_->id());
    const plot::Colors& c = plot::colors();
    const ImVec4 bg = rgba(c.plot_background), tint = rgba(c.prior);
    glUniform4f(u_view_, float(-kExtent), float(-kExtent), float(kExtent), float(kExtent));
    glUniform4f(u_background_, bg.x, bg.y, bg.z, 1.0f);
    glUniform4f(u_tint_, tint.x, tint.y, tint.z, 0.22f);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(GLuint(previous_vertex_array));
    glUseProgram(GLuint(previous_program));
    if (blend) glEnable(GL_BLEND);
    if (scissor) glEnable(GL_SCISSOR_TEST);
  }
  return gl::check_errors("drawing the prior backdrop") == 0;
}

}  // namespace latent
