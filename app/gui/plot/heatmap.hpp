// A reusable heatmap for the plotting module: a grid of floats uploaded once
// to a GL_R32F texture and coloured on the GPU (shaders/colormap.frag) where
// a plot::Frame maps data to pixels; plus the matching colour bar.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "gui/gl/gl_objects.hpp"
#include "gui/gl/program.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

enum class Colormap { Viridis, Magma };

// Usage, once per frame on the UI thread:
//   heatmap.set_data(n, m, values);            // only when the grid changed
//   heatmap.set_range(lo, hi);                 // values at the colormap's ends
//   plot::Frame frame(...);
//   heatmap.draw(frame, x0, y0, x1, y1);       // before the overlays: it paints over what came earlier
//   heatmap.colorbar(p0, p1, ticks, "label");  // optional, in screen pixels
// The colouring happens in an ImDrawList callback while ImGui renders, so the
// object must live until then (a panel member does); at most kDrawsPerFrame
// draw/colorbar calls per frame.
class Heatmap {
 public:
  static constexpr int kDrawsPerFrame = 8;

  Heatmap();
  Heatmap(const Heatmap&) = delete;
  Heatmap& operator=(const Heatmap&) = delete;

  // values: width*height floats, row-major, row 0 at the bottom (smallest
  // y), as in a plot. Cell (r, c) is centred at x0 + (c + 1/2) (x1 - x0) /
  // width, and likewise in y, for the rectangle given to draw(); between
  // centres the values are interpolated bilinearly. NaN: no data (transparent).
  void set_data(int width, int height, const float* values);
  void set_range(float low, float high) { low_ = low, high_ = high; }
  void set_colormap(Colormap map) { colormap_ = map; }
  Colormap colormap() const { return colormap_; }
  float low() const { return low_; }
  float high() const { return high_; }
  bool has_data() const { return width_ > 0; }
  int width() const { return width_; }
  int height() const { return height_; }
  // False once the shaders failed to build (reported once on stderr); draw() then does nothing.
  bool usable() const { return program_.usable(); }

  // Paints the grid over the data rectangle [x0, x1] x [y0, y1] of `frame`, clipped to its plotting area.
  void draw(const plot::Frame& frame, double x0, double y0, double x1, double y1, float opacity = 1.0f);
  // A vertical colour bar in the screen rectangle [p0, p1] of the current
  // window (low at the bottom), a frame around it, tick labels on its right
  // (values within the range) and `label` above. Call it where the frame has
  // left room (see colorbar_width()).
  void colorbar(ImVec2 p0, ImVec2 p1, const std::vector<plot::Tick>& ticks, const char* label);
  // Width of the bar plus its widest tick label, for laying out beside a plot.
  static float colorbar_width(const std::vector<plot::Tick>& ticks);

 private:
  struct DrawRecord {
    Heatmap* heatmap = nullptr;
    ImVec2 p0, p1;          // screen rectangle (display coordinates), p0 top-left
    ImVec2 uv0{0, 1}, uv1{1, 0};  // texture coordinates at p0 and p1 (v grows upward)
    bool ramp = false;
    float opacity = 1.0f;
    float low = 0, high = 1;
    int colormap = 0;
  };
  static void render_callback(const ImDrawList* list, const ImDrawCmd* command);
  void render(const DrawRecord& record, const ImVec4& clip);
  DrawRecord* next_record();

  gl::Program program_;
  gl::Texture texture_;
  int width_ = 0, height_ = 0;
  float low_ = 0.0f, high_ = 1.0f;
  Colormap colormap_ = Colormap::Viridis;
  // The callbacks of one frame point into this array; it is reused from the next frame on.
  std::array<DrawRecord, kDrawsPerFrame> records_;
  int records_used_ = 0, records_frame_ = -1;
};

}  // namespace latent
