// Uploading a point cloud when it changes and drawing it from an ImDrawList callback.
#include "gui/plot/point_cloud.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <stdexcept>

namespace latent {

PointCloud::PointCloud() = default;
PointCloud::~PointCloud() = default;

bool PointCloud::ensure_program() {
  if (failed_) return false;
  if (program_) return true;
  try {
    program_ = std::make_unique<gl::Program>("points.vert", "points.frag");
    u_map_ = program_->uniform("u_map");
    u_point_size_ = program_->uniform("u_point_size");
    u_atlas_ = program_->uniform("u_atlas");
    u_uv_ = program_->uniform("u_uv");
    GLuint id = 0;
    glGenBuffers(1, &id);
    buffer_ = gl::Handle<gl::delete_buffer>(id);
    vertex_array_ = std::make_unique<gl::VertexArray>();
    // The vertex layout lives in our own vertex array, so ImGui's is never touched.
    GLint previous_array = 0, previous_buffer = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &previous_array);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &previous_buffer);
    vertex_array_->bind();
    glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Point), reinterpret_cast<void*>(offsetof(Point, x)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Point), reinterpret_cast<void*>(offsetof(Point, color)));
    glBindVertexArray(GLuint(previous_array));
    glBindBuffer(GL_ARRAY_BUFFER, GLuint(previous_buffer));
    if (gl::check_errors("setting up the point cloud") != 0) throw std::runtime_error("GL error in the point cloud's setup");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: %s; scatter plots are drawn as ImGui sprites\n", e.what());
    failed_ = true;
    program_.reset();
    vertex_array_.reset();
    buffer_.reset();
    return false;
  }
  return true;
}

void PointCloud::upload() {
  if (next_ == uploaded_) return;
  uploaded_ = next_;
  GLint previous_buffer = 0;
  glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &previous_buffer);
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(uploaded_.size() * sizeof(Point)), uploaded_.data(), GL_DYNAMIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, GLuint(previous_buffer));
}

void PointCloud::draw(const plot::Frame& frame, plot::Sprite sprite, float radius_px) {
  const plot::Axis &X = frame.x_axis(), &Y = frame.y_axis();
  const bool linear = X.scale == plot::Scale::Linear && Y.scale == plot::Scale::Linear && X.max > X.min && Y.max > Y.min;
  if (next_.empty()) return;
  if (!linear || !plot::sprite_uv(sprite, uv0_, uv1_) || !ensure_program()) {
    for (const Point& p : next_) plot::sprite(frame.draw_list(), sprite, frame.to_px(p.x, p.y), radius_px, radius_px, p.color);
    return;
  }
  upload();
  area_min_ = frame.area_min();
  area_max_ = frame.area_max();
  map_[0] = (area_max_.x - area_min_.x) / (X.max - X.min);
  map_[1] = area_min_.x - X.min * map_[0];
  map_[2] = -(area_max_.y - area_min_.y) / (Y.max - Y.min);
  map_[3] = area_max_.y - Y.min * map_[2];
  radius_px_ = radius_px;
  frame.draw_list()->AddCallback(render_callback, this);
  frame.draw_list()->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void PointCloud::render_callback(const ImDrawList*, const ImDrawCmd* command) {
  static_cast<const PointCloud*>(command->UserCallbackData)->render(command->ClipRect);
}

void PointCloud::render(const ImVec4& clip) const {
  const ImDrawData* data = ImGui::GetDrawData();
  if (!data || !program_ || uploaded_.empty() || data->DisplaySize.x <= 0 || data->DisplaySize.y <= 0) return;
  const ImVec2 origin = data->DisplayPos, size = data->DisplaySize, scale = data->FramebufferScale;
  // ImGui's backend sets the scissor per draw command, not for callbacks: ours is the plot area within the clip.
  const float x0 = std::max(clip.x, area_min_.x), y0 = std::max(clip.y, area_min_.y);
  const float x1 = std::min(clip.z, area_max_.x), y1 = std::min(clip.w, area_max_.y);
  if (x1 <= x0 || y1 <= y0) return;
  const int sx0 = int(std::floor((x0 - origin.x) * scale.x)), sx1 = int(std::ceil((x1 - origin.x) * scale.x));
  const int sy0 = int(std::floor((y0 - origin.y) * scale.y)), sy1 = int(std::ceil((y1 - origin.y) * scale.y));
  gl::scissor(sx0, int(size.y * scale.y) - sy1, sx1 - sx0, sy1 - sy0);
  // Window units to clip space: x' = (px - origin) / size * 2 - 1, y' = 1 - (py - origin) / size * 2.
  const double ax = 2.0 / size.x, ay = -2.0 / size.y;
  program_->use();
  vertex_array_->bind();
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, GLuint(reinterpret_cast<intptr_t>(ImGui::GetIO().Fonts->TexID)));
  program_->set(u_atlas_, 0);
  program_->set(u_uv_, uv0_.x, uv0_.y, uv1_.x, uv1_.y);
  program_->set(u_map_, float(map_[0] * ax), float((map_[1] - origin.x) * ax - 1.0),
                float(map_[2] * ay), float((map_[3] - origin.y) * ay + 1.0));
  program_->set(u_point_size_, 2.0f * radius_px_ * scale.x);
  glEnable(GL_PROGRAM_POINT_SIZE);
  glDrawArrays(GL_POINTS, 0, GLsizei(uploaded_.size()));
  glDisable(GL_PROGRAM_POINT_SIZE);
  gl::check_errors("drawing a point cloud");
}

}  // namespace latent
