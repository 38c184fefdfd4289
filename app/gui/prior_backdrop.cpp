// Rendering the prior's density picture with prior_density.frag.
#include "gui/prior_backdrop.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace latent {

namespace {
ImVec4 rgba(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
}  // namespace

bool PriorBackdrop::draw(const plot::Frame& frame, float pixel_scale) {
  if (failed_) return false;
  if (!program_) {
    try {
      program_ = std::make_unique<gl::Program>("fullscreen.vert", "prior_density.frag");
      vertex_array_ = std::make_unique<gl::VertexArray>();
      u_view_ = program_->uniform("u_view");
      u_background_ = program_->uniform("u_background");
      u_tint_ = program_->uniform("u_tint");
      u_line_ = program_->uniform("u_line");
      u_units_ = program_->uniform("u_units_per_pixel");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "latentlab: %s; the latent view draws the prior without shading\n", e.what());
      failed_ = true;
      program_.reset();
      return false;
    }
  }
  // Render at the framebuffer's resolution so contours stay crisp on HiDPI.
  const int width = std::max(1, int(std::lround((frame.area_max().x - frame.area_min().x) * pixel_scale)));
  const int height = std::max(1, int(std::lround((frame.area_max().y - frame.area_min().y) * pixel_scale)));
  const float key[8] = {float(frame.x_axis().min), float(frame.x_axis().max), float(frame.y_axis().min),
                        float(frame.y_axis().max), float(width), float(height),
                        float(plot::colors().plot_background & 0xFFFFFF), 0.0f};
  bool same = target_.width() == width && target_.height() == height;
  for (int i = 0; i < 8 && same; ++i) same = key[i] == rendered_[i];
  if (!same) {
    if (!render(frame, width, height)) return false;
    std::copy(key, key + 8, rendered_);
  }
  // Rendered bottom-up by GL, drawn top-down by ImGui: swap v.
  frame.draw_list()->AddImage((ImTextureID)(intptr_t)target_.texture().id(), frame.area_min(), frame.area_max(),
                              ImVec2(0, 1), ImVec2(1, 0));
  return true;
}

bool PriorBackdrop::render(const plot::Frame& frame, int width, int height) {
  target_.ensure(width, height);
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
    const ImVec4 bg = rgba(c.plot_background), tint = rgba(c.prior), line = rgba(c.prior);
    glUniform4f(u_view_, float(frame.x_axis().min), float(frame.y_axis().min), float(frame.x_axis().max),
                float(frame.y_axis().max));
    glUniform4f(u_background_, bg.x, bg.y, bg.z, 1.0f);
    glUniform4f(u_tint_, tint.x, tint.y, tint.z, 0.22f);
    glUniform4f(u_line_, line.x, line.y, line.z, 0.55f);
    glUniform1f(u_units_, float((frame.x_axis().max - frame.x_axis().min) / width));
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(GLuint(previous_vertex_array));
    glUseProgram(GLuint(previous_program));
    if (blend) glEnable(GL_BLEND);
    if (scissor) glEnable(GL_SCISSOR_TEST);
  }
  return gl::check_errors("drawing the prior backdrop") == 0;
}

}  // namespace latent
