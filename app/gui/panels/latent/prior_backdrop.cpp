// Rendering the prior's density picture with prior_density.frag, and drawing the part in view.
#include "gui/panels/latent/prior_backdrop.hpp"

#include <cmath>
#include <cstdio>

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

PriorBackdrop::PriorBackdrop()
    : program_({.vertex = "fullscreen.vert",
                .fragment = "prior_density.frag",
                .uniforms = {"u_view", "u_background", "u_tint"},
                .without = "the latent view draws the prior without shading"}) {}

bool PriorBackdrop::draw(const plot::Frame& frame) {
  if (!program_.ready()) return false;
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
  bool drawn = false;
  {
    gl::RenderTarget::Binding bind(target_);
    GLint previous_program = 0, previous_vertex_array = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &previous_program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &previous_vertex_array);
    const GLboolean blend = glIsEnabled(GL_BLEND), scissor = glIsEnabled(GL_SCISSOR_TEST);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    program_.use();
    const plot::Colors& c = plot::colors();
    const ImVec4 bg = rgba(c.plot_background), tint = rgba(c.prior);
    program_.set("u_view", float(-kExtent), float(-kExtent), float(kExtent), float(kExtent));
    program_.set("u_background", bg.x, bg.y, bg.z, 1.0f);
    program_.set("u_tint", tint.x, tint.y, tint.z, 0.22f);
    drawn = program_.draw(GL_TRIANGLES, 3);  // one triangle over the viewport, made from gl_VertexID
    glBindVertexArray(GLuint(previous_vertex_array));
    glUseProgram(GLuint(previous_program));
    if (blend) glEnable(GL_BLEND);
    if (scissor) glEnable(GL_SCISSOR_TEST);
  }
  return gl::check_errors("drawing the prior backdrop") == 0 && drawn;
}

}  // namespace latent
