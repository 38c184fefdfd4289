// The items drawn into a Frame: plain, dashed and fading lines, bands,
// markers, vertical lines and spans, bars, ellipses, images and text.
#include <algorithm>
#include <cmath>
#include <vector>

#include "gui/plot/plot.hpp"
#include "live/series/polyline.hpp"

namespace latent::plot {

namespace {

// Whole-pixel widths let ImGui draw anti-aliased lines from its font-atlas
// texture: 2 vertices and 6 indices per point instead of 4 and 18, which a
// software renderer transforms on the UI thread every frame.
float whole_pixels(float thickness) { return std::max(1.0f, std::round(thickness)); }

}  // namespace

template <typename T>
void Frame::polyline(const T* xs, const T* ys, int count, ImU32 color, float thickness) const {
  thickness = whole_pixels(thickness);
  std::vector<ImVec2> run;
  run.reserve(size_t(std::min(count, 4096)));
  auto flush = [&] {
    simplify_polyline(run, 0.5f);
    if (run.size() >= 2) draw_->AddPolyline(run.data(), int(run.size()), color, ImDrawFlags_None, thickness);
    run.clear();
  };
  for (int i = 0; i < count; ++i) {
    if (!placeable(xs[i], ys[i])) {
      flush();
      continue;
    }
    run.push_back(to_px(xs[i], ys[i]));
  }
  flush();
}

void Frame::line(const float* xs, const float* ys, int count, ImU32 color, float thickness) const {
  polyline(xs, ys, count, color, thickness);
}
void Frame::line(const double* xs, const double* ys, int count, ImU32 color, float thickness) const {
  polyline(xs, ys, count, color, thickness);
}

void Frame::dashed_line(const float* xs, const float* ys, int count, ImU32 color, float thickness, float dash_px) const {
  // Walks the polyline in screen space, alternating dash and gap of equal
  // length; each dash is one polyline (2 vertices a point, not 4 a piece).
  thickness = whole_pixels(thickness);
  std::vector<ImVec2> dash;
  auto flush = [&] {
    if (dash.size() >= 2) draw_->AddPolyline(dash.data(), int(dash.size()), color, ImDrawFlags_None, thickness);
    dash.clear();
  };
  float left = dash_px;
  bool on = true;
  for (int i = 0; i + 1 < count; ++i) {
    if (!placeable(xs[i], ys[i]) || !placeable(xs[i + 1], ys[i + 1])) {
      flush();
      continue;
    }
    ImVec2 a = to_px(xs[i], ys[i]);
    const ImVec2 b = to_px(xs[i + 1], ys[i + 1]);
    float length = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
    if (on && dash.empty()) dash.push_back(a);
    while (length > 0.0f) {
      const float step = std::min(left, length), t = step / length;
      const ImVec2 next(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
      if (on) dash.push_back(next);
      a = next;
      length -= step;
      left -= step;
      if (left <= 0.0f) {
        left = dash_px;
        on = !on;
        if (on) dash.push_back(a);
        else flush();
      }
    }
  }
  flush();
}

void Frame::fading_line(const float* xs, const float* ys, const float* alphas, int count, ImU32 color,
                        float thickness) const {
  // Runs of segments at one opacity, in steps of 1/32 (finer than the eye
  // tells apart on a line), are drawn as one polyline: 2 vertices a point
  // instead of 4 a segment.
  constexpr int kLevels = 32;
  thickness = whole_pixels(thickness);
  std::vector<ImVec2> run;
  int level = 0;
  auto flush = [&] {
    simplify_polyline(run, 0.5f);
    if (level > 0 && run.size() >= 2)
      draw_->AddPolyline(run.data(), int(run.size()), with_alpha(color, float(level) / kLevels), ImDrawFlags_None,
                         thickness);
    run.clear();
  };
  for (int i = 0; i + 1 < count; ++i) {
    const float alpha = 0.5f * (alphas[i] + alphas[i + 1]);
    const bool drawn = alpha > 0.004f && placeable(xs[i], ys[i]) && placeable(xs[i + 1], ys[i + 1]);
    const int segment_level = drawn ? std::max(1, int(std::lround(alpha * kLevels))) : 0;
    if (segment_level != level) {
      flush();
      level = segment_level;
      if (drawn) run.push_back(to_px(xs[i], ys[i]));
    }
    if (drawn) run.push_back(to_px(xs[i + 1], ys[i + 1]));
  }
  flush();
}

void Frame::band(const float* xs, const float* lo, const float* hi, int count, ImU32 color) const {
  if (count < 1) return;
  // A strip of plain triangles without anti-aliased fringes, two vertices per
  // point shared by neighbouring quads: a faint band needs no edges, and a
  // software renderer transforms every vertex on the UI thread.
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  auto usable_at = [&](int i) {
    return usable(xs[i], x_.scale) && usable(lo[i], y_.scale) && usable(hi[i], y_.scale);
  };
  for (int start = 0; start < count;) {
    if (!usable_at(start)) {
      ++start;
      continue;
    }
    int end = start + 1;
    while (end < count && usable_at(end)) ++end;
    const int n = end - start;
    if (n == 1) {
      const float x0 = x_to_px(xs[start]);
      draw_->AddRectFilled({x0 - 1, y_to_px(hi[start])}, {x0 + 1, y_to_px(lo[start]) + 1}, color);
    } else {
      draw_->PrimReserve(6 * (n - 1), 2 * n);
      const ImDrawIdx base = ImDrawIdx(draw_->_VtxCurrentIdx);
      for (int i = start; i < end; ++i) {
        const float x = x_to_px(xs[i]);
        draw_->PrimWriteVtx({x, y_to_px(hi[i])}, uv, color);
        draw_->PrimWriteVtx({x, y_to_px(lo[i]) + 1}, uv, color);
      }
      for (int k = 0; k + 1 < n; ++k) {
        const ImDrawIdx top = ImDrawIdx(base + 2 * k), bottom = ImDrawIdx(top + 1);
        draw_->PrimWriteIdx(top);
        draw_->PrimWriteIdx(ImDrawIdx(top + 2));
        draw_->PrimWriteIdx(ImDrawIdx(bottom + 2));
        draw_->PrimWriteIdx(top);
        draw_->PrimWriteIdx(ImDrawIdx(bottom + 2));
        draw_->PrimWriteIdx(bottom);
      }
    }
    start = end;
  }
}

void Frame::markers(const float* xs, const float* ys, int count, ImU32 color, float radius_px) const {
  for (int i = 0; i < count; ++i)
    if (placeable(xs[i], ys[i])) sprite(draw_, Sprite::Disc, to_px(xs[i], ys[i]), radius_px, radius_px, color);
}

void Frame::vertical_line(double x, ImU32 color, float thickness) const {
  const float px = x_to_px(x);
  draw_->AddLine({px, min_.y}, {px, max_.y}, color, thickness);
}

void Frame::vertical_band(double x0, double x1, ImU32 color) const {
  const float a = x_to_px(x0), b = x_to_px(x1);
  draw_->AddRectFilled({std::min(a, b), min_.y}, {std::max(std::max(a, b), std::min(a, b) + 1.0f), max_.y}, color);
}

void Frame::bars(double x0, double bin_width, const float* heights, int count, ImU32 fill, ImU32 outline,
                 double base) const {
  const bool log = y_.scale == Scale::Log;
  const float bottom = y_to_px(log ? y_.min : base);
  for (int i = 0; i < count; ++i) {
    if (!usable(heights[i], y_.scale) || heights[i] == 0.0f) continue;
    const float left = x_to_px(x0 + i * bin_width), right = std::max(x_to_px(x0 + (i + 1) * bin_width), left + 1.0f);
    const float top = y_to_px(log ? double(heights[i]) : base + heights[i]);
    draw_->AddRectFilled({left, top}, {right, bottom}, fill);
    if (outline) draw_->AddRect({left, top}, {right, bottom}, outline);
  }
}

void Frame::ellipse(double cx, double cy, double rx, double ry, ImU32 color, float thickness, int segments) const {
  ImVec2 points[128];
  segments = std::clamp(segments, 8, 128);
  for (int i = 0; i < segments; ++i) {
    const double a = 2.0 * M_PI * i / segments;
    points[i] = to_px(cx + rx * std::cos(a), cy + ry * std::sin(a));
  }
  draw_->AddPolyline(points, segments, color, ImDrawFlags_Closed, whole_pixels(thickness));
}

void Frame::image(ImTextureID texture, double x0, double y0, double x1, double y1, ImVec2 uv0, ImVec2 uv1,
                  ImU32 tint) const {
  // Data y grows upward, screen y downward: the top edge is y1.
  draw_->AddImage(texture, to_px(x0, y1), to_px(x1, y0), uv0, uv1, tint);
}

void Frame::text(double x, double y, const char* text, ImU32 color, ImVec2 align, ImVec2 offset_px) const {
  const ImVec2 ts = ImGui::CalcTextSize(text);
  const ImVec2 p = to_px(x, y);
  draw_->AddText({std::round(p.x - ts.x * align.x + offset_px.x), std::round(p.y - ts.y * align.y + offset_px.y)}, color,
                 text);
}

}  // namespace latent::plot
