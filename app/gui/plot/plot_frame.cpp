// One plot's frame and axes: layout and margins, background, grid, tick
// labels, axis names and title, and the maps between data and pixels.
#include <algorithm>
#include <cmath>

#include "gui/plot/plot_internal.hpp"

namespace latent::plot {

namespace {

double transform(double v, Scale s) { return s == Scale::Log ? std::log10(std::max(v, 1e-300)) : v; }

// Keeps pixel coordinates finite and small enough for float vertex math.
float clamp_px(double v) { return float(std::clamp(v, -1.0e6, 1.0e6)); }

}  // namespace

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
  auto y_ticks = options.y_ticks.empty() ? make_axis_ticks(y_, int(height_estimate / (font * 2.2f)))
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
      if (options.y_ticks.empty()) y_ticks = make_axis_ticks(y_, int((max_.y - min_.y) / (font * 2.2f)));
    }
  }
  x_lo_ = transform(x_.min, x_.scale);
  x_hi_ = transform(x_.max, x_.scale);
  y_lo_ = transform(y_.min, y_.scale);
  y_hi_ = transform(y_.max, y_.scale);

  // Layout: the interactive area first (its hover and active states are
  // kept), then one Dummy for the whole block so the cursor moves on exactly
  // as for any other item (no stray spacing that would add a scrollbar). The
  // group makes the block one item beside a previous plot too: ImGui 1.86
  // would otherwise give the inner area the row's height from its own top.
  ImGui::BeginGroup();
  ImGui::SetCursorScreenPos(min_);
  ImGui::InvisibleButton(id, ImVec2(max_.x - min_.x, max_.y - min_.y),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  hovered_ = ImGui::IsItemHovered();
  active_ = ImGui::IsItemActive();
  ImGui::SetCursorScreenPos(pos);
  ImGui::Dummy(size);
  ImGui::EndGroup();
  visible_ = ImGui::IsRectVisible(pos, ImVec2(pos.x + size.x, pos.y + size.y));
  // What is on screen of the plotting area: the window clips what scrolled out of it.
  const float on_screen = std::min(max_.y, draw_->GetClipRectMax().y) - std::max(min_.y, draw_->GetClipRectMin().y);
  if (on_screen > 0.0f) internal::state().drawn_heights.push_back(on_screen);

  const Colors& c = colors();
  if (options.fill_background) draw_->AddRectFilled(min_, max_, c.plot_background);
  const auto x_ticks = options.x_ticks.empty() ? make_axis_ticks(x_, int((max_.x - min_.x) / (font * 5.5f)))
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
  if (!options.short_title.empty() && ImGui::CalcTextSize(title_.c_str()).x > max_.x - min_.x - font)
    title_ = options.short_title;
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

}  // namespace latent::plot
