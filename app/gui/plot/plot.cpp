// Plotting over ImDrawList: the Frame that maps data to pixels, lines,
// bands, markers, legends, pan/zoom, sprites and colours.
#include "gui/plot/plot.hpp"

#include <algorithm>
#include <cmath>

#include "live/series/polyline.hpp"

namespace latent::plot {

namespace {

double transform(double v, Scale s) { return s == Scale::Log ? std::log10(std::max(v, 1e-300)) : v; }

// Keeps pixel coordinates finite and small enough for float vertex math.
float clamp_px(double v) { return float(std::clamp(v, -1.0e6, 1.0e6)); }

}  // namespace

// ---- Frame

Frame::Frame(const char* id, ImVec2 size, Axis x, Axis y, FrameOptions options) : x_(std::move(x)), y_(std::move(y)) {
  draw_ = ImGui::GetWindowDrawList();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = std::max(avail.x + size.x, 10.0f);
  if (size.y <= 0) size.y = std::max(avail.y + size.y, 10.0f);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float font = ImGui::GetFontSize();
  const float pad = std::round(font * 0.35f);

  // Sanitize the ranges: an empty or inverted range would divide by zero below.
  for (Axis* a : {&x_, &y_}) {
    if (a->scale == Scale::Log) {
      if (!(a->min > 0)) a->min = a->max > 0 ? a->max * 1e-3 : 1e-3;
      if (!(a->max > a->min)) a->max = a->min * 10;
    } else if (!(a->max > a->min) || !std::isfinite(a->max - a->min)) {
      const double c = std::isfinite(a->min) ? a->min : 0.0;
      a->min = c - 1.0;
      a->max = c + 1.0;
    }
  }

  const float top = pad;
  const float bottom = (options.x_tick_labels ? font + pad : pad) + (x_.label.empty() ? 0.0f : font + pad);
  const float right = font;

  // The left margin depends on the widest y label, so the ticks come first.
  const float height_estimate = std::max(10.0f, size.y - top - bottom);
  auto y_ticks = options.y_ticks.empty() ? make_ticks(y_.min, y_.max, y_.scale, int(height_estimate / (font * 2.2f)))
                                         : options.y_ticks;
  float label_width = ImGui::CalcTextSize("0").x;
  for (const Tick& t : y_ticks) label_width = std::max(label_width, ImGui::CalcTextSize(t.label.c_str()).x);
  const float y_name = options.y_label && !y_.label.empty() ? ImGui::CalcTextSize(y_.label.c_str()).x + pad * 2 : 0.0f;
  const float left = options.left_margin > 0 ? options.left_margin : label_width + pad * 2 + y_name;
  min_ = {std::round(pos.x + left), std::round(pos.y + top)};
  max_ = {std::round(std::max(min_.x + 10, pos.x + size.x - right)), std::round(std::max(min_.y + 10, pos.y + size.y - bottom))};

  if (options.equal_aspect && x_.scale == Scale::Linear && y_.scale == Scale::Linear) {
    const double sx = (max_.x - min_.x) / (x_.max - x_.min), sy = (max_.y - min_.y) / (y_.max - y_.min);
    if (sx > sy) {
      const double c = 0.5 * (x_.min + x_.max), half = 0.5 * (max_.x - min_.x) / sy;
      x_.min = c - half;
      x_.max = c + half;
    } else {
      const double c = 0.5 * (y_.min + y_.max), half = 0.5 * (max_.y - min_.y) / sx;
      y_.min = c - half;
      y_.max = c + half;
      if (options.y_ticks.empty()) y_ticks = make_ticks(y_.min, y_.max, y_.scale, int((max_.y - min_.y) / (font * 2.2f)));
    }
  }
  x_lo_ = transform(x_.min, x_.scale);
  x_hi_ = transform(x_.max, x_.scale);
  y_lo_ = transform(y_.min, y_.scale);
  y_hi_ = transform(y_.max, y_.scale);

  // Layout: the interactive area first (its hover and active states are
  // kept), then one Dummy for the whole block so the cursor moves on exactly
  // as for any other item (no stray spacing that would add a scrollbar).
  ImGui::SetCursorScreenPos(min_);
  ImGui::InvisibleButton(id, ImVec2(max_.x - min_.x, max_.y - min_.y),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  hovered_ = ImGui::IsItemHovered();
  active_ = ImGui::IsItemActive();
  ImGui::SetCursorScreenPos(pos);
  ImGui::Dummy(size);
  visible_ = ImGui::IsRectVisible(pos, ImVec2(pos.x + size.x, pos.y + size.y));

  const Colors& c = colors();
  if (options.fill_background) draw_->AddRectFilled(min_, max_, c.plot_background);
  const auto x_ticks = options.x_ticks.empty() ? make_ticks(x_.min, x_.max, x_.scale, int((max_.x - min_.x) / (font * 5.5f)))
                                               : options.x_ticks;
  for (const Tick& t : x_ticks) {
    const float px = std::round(x_to_px(t.value)) + 0.5f;
    draw_->AddLine({px, min_.y}, {px, max_.y}, t.label.empty() ? with_alpha(c.grid, 0.45f) : c.grid);
    if (options.x_tick_labels && !t.label.empty()) {
      const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
      const float tx = std::clamp(px - ts.x * 0.5f, pos.x, pos.x + size.x - ts.x);
      draw_->AddText({tx, max_.y + pad * 0.5f}, c.axis_text, t.label.c_str());
    }
  }
  for (const Tick& t : y_ticks) {
    const float py = std::round(y_to_px(t.value)) + 0.5f;
    draw_->AddLine({min_.x, py}, {max_.x, py}, t.label.empty() ? with_alpha(c.grid, 0.45f) : c.grid);
    if (!t.label.empty()) {
      const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
      draw_->AddText({min_.x - pad - ts.x, std::clamp(py - ts.y * 0.5f, pos.y, max_.y + pad)}, c.axis_text, t.label.c_str());
    }
  }
  draw_->AddRect(min_, max_, c.frame);
  if (!x_.label.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(x_.label.c_str());
    const float y_text = max_.y + (options.x_tick_labels ? font + pad : pad * 0.5f);
    draw_->AddText({std::round(0.5f * (min_.x + max_.x - ts.x)), y_text}, c.axis_text, x_.label.c_str());
  }
  if (y_name > 0) {
    const ImVec2 ts = ImGui::CalcTextSize(y_.label.c_str());
    draw_->AddText({pos.x + pad * 0.5f, std::round(0.5f * (min_.y + max_.y - ts.y))}, c.axis_text, y_.label.c_str());
  }
  draw_->PushClipRect(min_, max_, true);
  title_ = options.title;
}

Frame::~Frame() {
  // The title goes inside the plot's top-left corner, over whatever was drawn,
  // on a veil of the background colour: no row of the panel is spent on it.
  if (!title_.empty()) {
    const float pad = std::round(ImGui::GetFontSize() * 0.25f);
    const ImVec2 ts = ImGui::CalcTextSize(title_.c_str());
    const ImVec2 p(min_.x + pad, min_.y + pad * 0.5f);
    draw_->AddRectFilled({p.x - pad * 0.5f, p.y}, {p.x + ts.x + pad * 0.5f, p.y + ts.y},
                         with_alpha(colors().plot_background, 0.8f), pad);
    draw_->AddText(p, colors().axis_text, title_.c_str());
  }
  draw_->PopClipRect();
}

float Frame::x_to_px(double x) const {
  return clamp_px(min_.x + (transform(x, x_.scale) - x_lo_) / (x_hi_ - x_lo_) * (max_.x - min_.x));
}
float Frame::y_to_px(double y) const {
  return clamp_px(max_.y - (transform(y, y_.scale) - y_lo_) / (y_hi_ - y_lo_) * (max_.y - min_.y));
}
double Frame::px_to_x(float px) const {
  const double t = x_lo_ + (px - min_.x) / double(max_.x - min_.x) * (x_hi_ - x_lo_);
  return x_.scale == Scale::Log ? std::pow(10.0, t) : t;
}
double Frame::px_to_y(float py) const {
  const double t = y_lo_ + (max_.y - py) / double(max_.y - min_.y) * (y_hi_ - y_lo_);
  return y_.scale == Scale::Log ? std::pow(10.0, t) : t;
}
ImVec2 Frame::mouse_px() const { return ImGui::GetIO().MousePos; }

// Whole-pixel widths let ImGui draw anti-aliased lines from its font-atlas
// texture: 2 vertices and 6 indices per point instead of 4 and 18, which a
// software renderer transforms on the UI thread every frame.
static float whole_pixels(float thickness) { return std::max(1.0f, std::round(thickness)); }

template <typename T>
static void polyline_impl(const Frame& f, const T* xs, const T* ys, int count, ImU32 color, float thickness) {
  thickness = whole_pixels(thickness);
  std::vector<ImVec2> run;
  run.reserve(size_t(std::min(count, 4096)));
  auto flush = [&] {
    simplify_polyline(run, 0.5f);
    if (run.size() >= 2) f.draw_list()->AddPolyline(run.data(), int(run.size()), color, ImDrawFlags_None, thickness);
    run.clear();
  };
  for (int i = 0; i < count; ++i) {
    if (!usable(xs[i], f.x_axis().scale) || !usable(ys[i], f.y_axis().scale)) {
      flush();
      continue;
    }
    run.push_back(f.to_px(xs[i], ys[i]));
  }
  flush();
}

void Frame::line(const float* xs, const float* ys, int count, ImU32 color, float thickness) const {
  polyline_impl(*this, xs, ys, count, color, thickness);
}
void Frame::line(const double* xs, const double* ys, int count, ImU32 color, float thickness) const {
  polyline_impl(*this, xs, ys, count, color, thickness);
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
    if (!usable(xs[i], x_.scale) || !usable(ys[i], y_.scale) || !usable(xs[i + 1], x_.scale) ||
        !usable(ys[i + 1], y_.scale)) {
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
    const bool drawn = alpha > 0.004f && usable(xs[i], x_.scale) && usable(ys[i], y_.scale) &&
                       usable(xs[i + 1], x_.scale) && usable(ys[i + 1], y_.scale);
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
    if (usable(xs[i], x_.scale) && usable(ys[i], y_.scale))
      sprite(draw_, Sprite::Disc, to_px(xs[i], ys[i]), radius_px, radius_px, color);
}

void Frame::vertical_line(double x, ImU32 color, float thickness) const {
  const float px = x_to_px(x);
  draw_->AddLine({px, min_.y}, {px, max_.y}, color, thickness);
}

void Frame::vertical_band(double x0, double x1, ImU32 color) const {
  const float a = x_to_px(x0), b = x_to_px(x1);
  draw_->AddRectFilled({std::min(a, b), min_.y}, {std::max(std::max(a, b), std::min(a, b) + 1.0f), max_.y}, color);
}

void Frame::bars(double x0, double bin_width, const float* heights, int count, ImU32 fill, ImU32 outline) const {
  const float base = y_to_px(y_.scale == Scale::Log ? y_.min : 0.0);
  for (int i = 0; i < count; ++i) {
    if (!usable(heights[i], y_.scale) || heights[i] == 0.0f) continue;
    const float left = x_to_px(x0 + i * bin_width), right = std::max(x_to_px(x0 + (i + 1) * bin_width), left + 1.0f);
    const float top = y_to_px(heights[i]);
    draw_->AddRectFilled({left, top}, {right, base}, fill);
    if (outline) draw_->AddRect({left, top}, {right, base}, outline);
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

// ---- legend

int legend(const char* id, const std::vector<LegendEntry>& entries) {
  ImGui::PushID(id);
  const float font = ImGui::GetFontSize();
  const float swatch = std::round(font * 0.8f);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float right_edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  int hovered = -1;
  for (size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    const float width = swatch + spacing * 0.5f + ImGui::CalcTextSize(e.label.c_str()).x;
    if (i > 0) {
      ImGui::SameLine(0, spacing * 1.5f);
      if (ImGui::GetCursorScreenPos().x + width > right_edge) ImGui::NewLine();
    }
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float line_h = ImGui::GetTextLineHeight();
    const ImVec2 c(p.x + swatch * 0.5f, p.y + line_h * 0.5f);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const bool off = e.shown && !*e.shown;
    const ImU32 color = off ? with_alpha(e.color, 0.25f) : e.color;
    if (e.line)
      draw->AddLine({p.x, c.y}, {p.x + swatch, c.y}, color, std::max(2.0f, font * 0.15f));
    else if (e.hollow)
      draw->AddCircle(c, swatch * 0.4f, color, 16, std::max(1.5f, font * 0.1f));
    else
      draw->AddCircleFilled(c, swatch * 0.45f, color, 16);
    ImGui::Dummy(ImVec2(swatch, line_h));
    ImGui::SameLine(0, spacing * 0.5f);
    if (off)
      ImGui::TextDisabled("%s", e.label.c_str());
    else
      ImGui::TextUnformatted(e.label.c_str());
    ImGui::EndGroup();
    if (ImGui::IsItemHovered()) {
      hovered = int(i);
      if (e.shown) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("click to %s", *e.shown ? "hide" : "show");
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) *e.shown = !*e.shown;
      }
    }
  }
  ImGui::PopID();
  return hovered;
}

// ---- PanZoom

Axis PanZoom::x_axis(const std::string& label) const {
  // Equal aspect is applied by the Frame; start with a square range.
  return Axis{label, center_x - half_height, center_x + half_height, Scale::Linear};
}
Axis PanZoom::y_axis(const std::string& label) const {
  return Axis{label, center_y - half_height, center_y + half_height, Scale::Linear};
}

void PanZoom::fit(double x0, double x1, double y0, double y1, double margin) {
  center_x = 0.5 * (x0 + x1);
  center_y = 0.5 * (y0 + y1);
  half_height = std::max(1e-3, 0.5 * std::max(x1 - x0, y1 - y0) * (1.0 + 2.0 * margin));
}

void PanZoom::handle_input(const Frame& frame, bool allow_drag, ImGuiMouseButton drag_button) {
  const ImGuiIO& io = ImGui::GetIO();
  if (frame.hovered() && io.MouseWheel != 0.0f) {
    const double factor = std::pow(1.2, -io.MouseWheel);
    const double mx = frame.mouse_x(), my = frame.mouse_y();
    center_x = mx + (center_x - mx) * factor;
    center_y = my + (center_y - my) * factor;
    half_height = std::clamp(half_height * factor, 1e-3, 1e4);
    user_moved = true;
  }
  if (allow_drag && frame.active() && ImGui::IsMouseDragging(drag_button, 0.0f) &&
      (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)) {
    const double units_per_px = frame.x_per_px();
    center_x -= io.MouseDelta.x * units_per_px;
    center_y += io.MouseDelta.y * units_per_px;
    user_moved = true;
  }
}

// ---- sprites

namespace {
constexpr int kSpriteSize = 64;
int g_sprite_rects[int(Sprite::kCount)] = {-1, -1, -1};
bool g_sprites_ready = false;
ImVec2 g_sprite_uv[int(Sprite::kCount)][2];

// Coverage of pixel (x, y) by the shape, by 4x4 supersampling: smooth edges at any drawn size.
float coverage(Sprite s, int x, int y) {
  const float c = kSpriteSize * 0.5f;
  int inside = 0;
  for (int sy = 0; sy < 4; ++sy)
    for (int sx = 0; sx < 4; ++sx) {
      const float px = x + (sx + 0.5f) / 4 - c, py = y + (sy + 0.5f) / 4 - c;
      const float r = std::sqrt(px * px + py * py) / (c - 1.0f);  // 1 at the edge, leaving a pixel for filtering
      const bool in = s == Sprite::Disc ? r <= 1.0f : s == Sprite::Ring ? (r <= 1.0f && r >= 0.62f) : (r <= 1.0f && r >= 0.93f);
      inside += in;
    }
  return inside / 16.0f;
}
}  // namespace

void reserve_sprites(ImFontAtlas& atlas) {
  for (int i = 0; i < int(Sprite::kCount); ++i) g_sprite_rects[i] = atlas.AddCustomRectRegular(kSpriteSize, kSpriteSize);
  g_sprites_ready = false;
}

void paint_sprites(ImFontAtlas& atlas) {
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &width, &height);  // converts once; the backend uploads this same buffer
  if (!pixels) return;
  for (int i = 0; i < int(Sprite::kCount); ++i) {
    const ImFontAtlasCustomRect* rect = g_sprite_rects[i] >= 0 ? atlas.GetCustomRectByIndex(g_sprite_rects[i]) : nullptr;
    if (!rect || !rect->IsPacked()) return;
    for (int y = 0; y < kSpriteSize; ++y)
      for (int x = 0; x < kSpriteSize; ++x) {
        unsigned char* p = pixels + 4 * (size_t(rect->Y + y) * size_t(width) + size_t(rect->X + x));
        p[0] = p[1] = p[2] = 255;
        p[3] = (unsigned char)std::lround(coverage(Sprite(i), x, y) * 255.0f);
      }
    g_sprite_uv[i][0] = ImVec2(float(rect->X) / width, float(rect->Y) / height);
    g_sprite_uv[i][1] = ImVec2(float(rect->X + kSpriteSize) / width, float(rect->Y + kSpriteSize) / height);
  }
  g_sprites_ready = true;
}

bool sprite_uv(Sprite s, ImVec2& uv0, ImVec2& uv1) {
  if (!g_sprites_ready) return false;
  uv0 = g_sprite_uv[int(s)][0];
  uv1 = g_sprite_uv[int(s)][1];
  return true;
}

void sprite(ImDrawList* draw, Sprite s, ImVec2 c, float rx, float ry, ImU32 color) {
  if (!g_sprites_ready) {
    if (s == Sprite::Disc)
      draw->AddCircleFilled(c, rx, color, 8);
    else
      draw->AddCircle(c, rx, color, 12, 1.0f);
    return;
  }
  const ImVec2* uv = g_sprite_uv[int(s)];
  draw->PrimReserve(6, 4);
  draw->PrimRectUV(ImVec2(c.x - rx, c.y - ry), ImVec2(c.x + rx, c.y + ry), uv[0], uv[1], color);
}

// ---- colours

namespace {
const Colors* g_colors = &theme_colors(Theme::Light);
}  // namespace

ImU32 category_color(int index, float alpha) { return palette_color(Palette::Tableau10, index, alpha); }

const Colors& colors() { return *g_colors; }
void set_dark_colors(bool dark) { g_colors = &theme_colors(dark ? Theme::Dark : Theme::Light); }

}  // namespace latent::plot
