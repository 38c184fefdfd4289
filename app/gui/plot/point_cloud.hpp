// Many markers of one shape in a plot (the latent codes, 2-D data), drawn by
// GL as one point each: on a software renderer every vertex handed to GL is
// transformed on the UI thread each frame, and one point is a quarter of an
// ImGui sprite's four vertices. Uploaded only when the points change.
#pragma once
#include <vector>

#include "gui/gl/gl_objects.hpp"
#include "gui/gl/program.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class PointCloud {
 public:
  PointCloud();
  PointCloud(const PointCloud&) = delete;
  PointCloud& operator=(const PointCloud&) = delete;

  // Collect this frame's points, then draw: positions in data units.
  void clear() { next_.clear(); }
  void add(float x, float y, ImU32 color) { next_.push_back({x, y, color}); }
  // Draws the points collected since clear() as `sprite` markers of radius
  // `radius_px` (window units) in the frame's plotting area. Re-uploads only
  // if they differ from the last upload. Falls back to ImGui sprites when the
  // shader is unavailable or an axis is not linear.
  void draw(const plot::Frame& frame, plot::Sprite sprite, float radius_px);

 private:
  struct Point {
    float x, y;
    ImU32 color;
    bool operator==(const Point&) const = default;
  };
  void upload();
  static void render_callback(const ImDrawList*, const ImDrawCmd* command);
  void render(const ImVec4& clip);

  std::vector<Point> next_, uploaded_;
  gl::Program program_;
  gl::Buffer buffer_;
  bool layout_set_ = false;  // the program's vertex array reads buffer_
  // What render() draws: set by draw() during the frame, read by the callback when ImGui renders it.
  double map_[4] = {0, 0, 0, 0};  // pixel = (x * map_[0] + map_[1], y * map_[2] + map_[3]), window units
  float radius_px_ = 0.0f;
  ImVec2 uv0_, uv1_;
  ImVec2 area_min_, area_max_;
};

}  // namespace latent
