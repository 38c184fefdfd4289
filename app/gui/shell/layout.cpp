// The default arrangement: controls on the left; latent view and curves on
// top; decoder and inspector below. Conditional runs: the density view and
// the slice on top, the mixture's parameters and the curves below.
#include "gui/shell/layout.hpp"

#include <algorithm>
#include <cmath>

#include "live/lessons/lesson_layout.hpp"

namespace latent {

PanelId panel_id(LessonPanel panel) {
  switch (panel) {
    case LessonPanel::Controls: return PanelId::Controls;
    case LessonPanel::Latent: return PanelId::Latent;
    case LessonPanel::Curves: return PanelId::Curves;
    case LessonPanel::Decoder: return PanelId::Decoder;
    case LessonPanel::Inspector: return PanelId::Inspector;
    case LessonPanel::GradientLab: return PanelId::GradientLab;
    case LessonPanel::Bound: return PanelId::Bound;
    case LessonPanel::Density: return PanelId::Density;
    case LessonPanel::Slice: return PanelId::Slice;
    case LessonPanel::Mixture: return PanelId::Mixture;
  }
  return PanelId::Latent;
}

void Layout::start_frame(ImVec2 area_pos, ImVec2 area_size) {
  overlap_ = false;
  for (int a = 0; a < int(PanelId::kCount); ++a)
    for (int b = a + 1; b < int(PanelId::kCount); ++b)
      overlap_ |= seen_min_[a].x + 1 < seen_max_[b].x && seen_min_[b].x + 1 < seen_max_[a].x &&
                  seen_min_[a].y + 1 < seen_max_[b].y && seen_min_[b].y + 1 < seen_max_[a].y;
  restore_.reset();
  // A focused panel that was not drawn last frame (closed, or not part of this view) lets go.
  if (focus_ && seen_max_[int(*focus_)].x == 0.0f) focus_.reset();
  if (focus_request_ && *focus_request_ != PanelId::Lesson) {
    const int p = int(*focus_request_);
    if (focus_ == focus_request_) {
      restore_ = focus_;
      focus_.reset();
    } else if (seen_max_[p].x > 0.0f) {  // only a panel on show can be focused
      if (focus_) restore_ = focus_;    // another one: the first goes back first
      focus_ = focus_request_;
      before_pos_ = seen_min_[p];
      before_size_ = ImVec2(seen_max_[p].x - seen_min_[p].x, seen_max_[p].y - seen_min_[p].y);
    }
  }
  focus_request_.reset();
  focus_pos_ = area_pos;
  focus_size_ = area_size;
  // Forget last frame's rectangles: a panel that is not drawn this frame must not count as overlapping.
  for (int a = 0; a < int(PanelId::kCount); ++a) seen_min_[a] = seen_max_[a] = ImVec2(0, 0);
}

void Layout::begin_lesson_frame(ImVec2 display, float menu_height, float caption_height,
                                const std::vector<LessonPanelPlace>& places, bool new_step) {
  const float font = ImGui::GetFontSize();
  const bool resized = std::fabs(display.x - display_.x) > 0.5f || std::fabs(display.y - display_.y) > 0.5f ||
                       font != font_ || !lesson_ || std::fabs(caption_height - size_[int(PanelId::Lesson)].y) > 0.5f;
  apply_ = new_step || resized;
  font_ = font;
  display_ = display;
  lesson_ = true;
  const float W = display.x, top = menu_height;
  const float caption = std::round(std::min(caption_height, (display.y - top) * 0.45f));
  const float H = std::max(display.y - top - caption, 100.0f);
  if (new_step) focus_request_ = focus_ = std::nullopt;  // a new step shows its own arrangement
  start_frame(ImVec2(0.0f, top), ImVec2(W, H));
  const std::vector<LessonRect> rects = arrange_lesson_panels(places, {0.0f, top, W, H});
  for (size_t i = 0; i < places.size(); ++i) {
    pos_[int(panel_id(places[i].panel))] = ImVec2(rects[i].x, rects[i].y);
    size_[int(panel_id(places[i].panel))] = ImVec2(rects[i].width, rects[i].height);
  }
  pos_[int(PanelId::Lesson)] = ImVec2(0.0f, top + H);
  size_[int(PanelId::Lesson)] = ImVec2(W, caption);
}

void Layout::begin_frame(ImVec2 display, float menu_height, bool points, bool controls, bool conditional, bool& custom) {
  if (!controls) seen_min_[int(PanelId::Controls)] = seen_max_[int(PanelId::Controls)] = ImVec2(0, 0);
  if (lesson_) focus_request_ = focus_ = std::nullopt;  // leaving a lesson: its focus goes with it
  start_frame(ImVec2(0.0f, menu_height), ImVec2(display.x, std::max(display.y - menu_height, 100.0f)));
  const float font = ImGui::GetFontSize();
  // A new UI scale changes the default column widths, like a window resize does (so does leaving a lesson).
  const bool resized = std::fabs(display.x - display_.x) > 0.5f || std::fabs(display.y - display_.y) > 0.5f ||
                       font != font_ || points != points_ || controls != controls_ || conditional != conditional_;
  const bool left_lesson = lesson_;  // the user's own arrangement (or the default) comes back
  lesson_ = false;
  font_ = font;
  points_ = points;
  controls_ = controls;
  conditional_ = conditional;
  // The remembered layout wins only if the user made one; otherwise the
  // default is recomputed for this window (imgui.ini may be from another size).
  apply_ = reset_ || (first_ && !custom) || (resized && !custom) || left_lesson;
  first_ = false;
  reset_ = false;
  display_ = display;
  const float W = display.x, H = std::max(display.y - menu_height, 100.0f), top = menu_height;
  const float left = controls ? std::round(std::clamp(W * 0.23f, font * 16.0f, font * 24.0f)) : 0.0f;
  const float column = std::round((W - left) * 0.5f);
  const float upper = std::round(points ? H * 0.54f : std::min(column, H * 0.62f));
  auto set = [&](PanelId id, float x, float y, float w, float h) {
    pos_[int(id)] = ImVec2(x, y);
    size_[int(id)] = ImVec2(w, h);
  };
  set(PanelId::Controls, 0, top, left, H);
  set(PanelId::Latent, left, top, column, upper);
  set(PanelId::Curves, left + column, top, W - left - column, upper);
  set(PanelId::Decoder, left, top + upper, column, H - upper);
  set(PanelId::Inspector, left + column, top + upper, W - left - column, H - upper);
  set(PanelId::GradientLab, left, top, column, H);
  set(PanelId::Bound, left + column, top, W - left - column, H);
  set(PanelId::MixtureData, left, top, column, H);
  set(PanelId::MixtureBound, left + column, top, W - left - column, H);
  // The density view is the lesson: the wider column and most of the height.
  // At projector scales the stacked plots below need more of the height: keep ~15 lines for them.
  const float wide = std::round((W - left) * 0.56f), tall = std::round(std::clamp(H - font * 15.0f, H * 0.55f, H * 0.6f));
  set(PanelId::Density, left, top, wide, tall);
  set(PanelId::Mixture, left, top + tall, wide, H - tall);
  // The right column splits about evenly: the curves need room for three plots under their table.
  const float slice = std::round(std::clamp(H - font * 18.0f, H * 0.45f, H * 0.52f));
  set(PanelId::Slice, left + wide, top, W - left - wide, slice);
  if (conditional) {
    set(PanelId::Curves, left + wide, top + slice, W - left - wide, H - slice);
    // The labs (which only say they need a VAE here) cover the same columns.
    set(PanelId::GradientLab, left, top, wide, H);
    set(PanelId::Bound, left + wide, top, W - left - wide, H);
  }
}

void Layout::place(PanelId panel) const {
  if (focus_ == panel) {
    ImGui::SetNextWindowPos(focus_pos_, ImGuiCond_Always);
    ImGui::SetNextWindowSize(focus_size_, ImGuiCond_Always);
    return;
  }
  if (restore_ == panel && !apply_) {
    ImGui::SetNextWindowPos(before_pos_, ImGuiCond_Always);
    ImGui::SetNextWindowSize(before_size_, ImGuiCond_Always);
    return;
  }
  const ImGuiCond cond = apply_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(pos_[int(panel)], cond);
  ImGui::SetNextWindowSize(size_[int(panel)], cond);
}

void Layout::observe(PanelId panel, bool& custom) {
  const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  seen_min_[int(panel)] = p;
  seen_max_[int(panel)] = ImVec2(p.x + s.x, p.y + s.y);
  // Focusing and its undoing move panels, but they are not the user arranging them.
  if (custom || apply_ || focus_ || restore_) return;
  const ImVec2 ep = pos_[int(panel)], es = size_[int(panel)];
  const bool moved = std::fabs(p.x - ep.x) > 1 || std::fabs(p.y - ep.y) > 1 || std::fabs(s.x - es.x) > 1 ||
                     std::fabs(s.y - es.y) > 1;
  // Only a mouse drag counts as the user's choice (not, say, a font change).
  if (moved && ImGui::IsMouseDown(ImGuiMouseButton_Left)) custom = true;
}

}  // namespace latent
