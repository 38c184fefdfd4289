// Uploading a point cloud when it changes and drawing it from an ImDrawList callback.
#include "gui/plot/point_cloud.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>

namespace latent {

PointCloud::PointCloud()
    : program_({.vertex = "points.vert",
                .fragment = "points.frag",
                .uniforms = {"u_map", "u_point_size", "u_atlas", "u_uv"},
                .attributes = {{"a_position", 0}, {"a_color", 1}},
                .without = "scatter plots are drawn as ImGui sprites"}) {}

void PointCloud::upload() {
  if (next_ == uploaded_) return;
  uploaded_ = next_;
  buffer_.upload(uploaded_.data(), uploaded_.size() * sizeof(Point));
  if (layout_set_) return;
  // The layout lives in the program's own vertex array, so ImGui's is never touched.
  gl::VertexArray& layout = program_.vertex_array();
  layout.attribute(0, buffer_, 2, GL_FLOAT, false, sizeof(Point), offsetof(Point, x));
  layout.attribute(1, buffer_, 4, GL_UNSIGNED_BYTE, true, sizeof(Point), offsetof(Point, color));
  layout_set_ = true;
}

void PointCloud::draw(const plot::Frame& frame, plot::Sprite sprite, float radius_px) {
  const plot::Axis &X = frame.x_axis(), &Y = frame.y_axis();
  const bool linear = X.scale == plot::Scale::Linear && Y.scale == plot::Scale::Linear && X.max > X.min && Y.max > Y.min;
  if (next_.empty()) return;
  if (!linear || !plot::sprite_uv(sprite, uv0_, uv1_) || !program_.ready()) {
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
  static_cast<PointCloud*>(command->UserCallbackData)->render(command->ClipRect);
}

void PointCloud::render(const ImVec4& clip) {
  const ImDrawData* data = ImGui::GetDrawData();
  if (!data || !program_.ready() || uploaded_.empty() || data->DisplaySize.x <= 0 || data->DisplaySize.y <= 0) return;
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
  program_.use();
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, GLuint(reinterpret_cast<intptr_t>(ImGui::GetIO().Fonts->TexID)));
  program_.set("u_atlas", 0);
  program_.set("u_uv", uv0_.x, uv0_.y, uv1_.x, uv1_.y);
  program_.set("u_map", float(map_[0] * ax), float((map_[1] - origin.x) * ax - 1.0), float(map_[2] * ay),
               float((map_[3] - origin.y) * ay + 1.0));
  program_.set("u_point_size", 2.0f * radius_px_ * scale.x);
  glEnable(GL_PROGRAM_POINT_SIZE);
  program_.draw(GL_POINTS, int(uploaded_.size()));
  glDisable(GL_PROGRAM_POINT_SIZE);
}

}  // namespace latent
