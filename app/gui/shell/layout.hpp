// Where the panels go: a default arrangement computed from the window size
// (fits 1280x800 without overlaps), re-applied on resize until the user
// arranges the panels themselves; their arrangement is then remembered in imgui.ini.
// One panel can be focused: it fills the panels' area until focused again.
#pragma once
#include <imgui.h>

#include <optional>
#include <vector>

#include "live/lessons/lesson.hpp"

namespace latent {

// GradientLab is shown on request (View menu, G) in the middle column, in place of Latent and Decoder.
// Bound ("How tight is the bound", View menu, B) takes the right column, in place of Curves and Inspector.
// Conditional-density runs (MDN) put Density, Slice and Mixture where Latent, Inspector and Decoder go.
// Lesson is the caption strip a lesson step shows at the bottom.
// Mixture-of-Gaussians runs put MixtureData in the middle column and MixtureBound in the right one.
enum class PanelId {
  Controls, Latent, Curves, Decoder, Inspector, GradientLab, Bound, Density, Slice, Mixture, MixtureData, MixtureBound,
  Lesson, kCount
};

// The window's panel for a lesson file's panel name.
PanelId panel_id(LessonPanel panel);

class Layout {
 public:
  // Call once per frame before the panels; `custom` is the remembered choice.
  // 2-D point data gets a taller bottom row: its data view sits there.
  // Without the Controls panel (F2, for a projector) the others share its width.
  // A conditional run gets its own arrangement (density view large, the slice beside it).
  void begin_frame(ImVec2 display, float menu_height, bool points, bool controls, bool conditional, bool& custom);
  // A lesson step instead: its panels in columns above the caption strip
  // (caption_height tall). `new_step` places them again even if the user moved them.
  void begin_lesson_frame(ImVec2 display, float menu_height, float caption_height,
                          const std::vector<LessonPanelPlace>& places, bool new_step);
  void request_reset(bool& custom) {
    reset_ = true;
    custom = false;
  }
  // Before ImGui::Begin of a panel: places it if the default layout applies.
  void place(PanelId panel) const;
  // After ImGui::Begin: notices the user moving or resizing the panel, and
  // records where it is.
  void observe(PanelId panel, bool& custom);
  // Where `panel` was drawn this frame (once the panels are built, until the
  // next frame starts), in window units; false if it was not drawn. Exports crop it.
  bool drawn_rect(PanelId panel, ImVec2& min, ImVec2& max) const {
    min = seen_min_[int(panel)];
    max = seen_max_[int(panel)];
    return max.x > min.x && max.y > min.y;
  }
  // Whether any two panels overlapped last frame (then they need opaque backgrounds).
  bool panels_overlap() const { return overlap_; }

  // From the next frame, `panel` fills the panels' area (below the menu bar; in a lesson, above
  // the caption strip) and the others are not drawn; asked again, everything goes back where it was.
  void toggle_focus(PanelId panel) { focus_request_ = panel; }
  std::optional<PanelId> focused() const { return focus_; }
  // Whether `panel` is drawn this frame: all of them, or with one focused, that one and the caption.
  bool shows(PanelId panel) const { return !focus_ || *focus_ == panel || panel == PanelId::Lesson; }

 private:
  // Forgets last frame's rectangles after noting whether any two overlapped, and
  // applies a focus asked for (area: where a focused panel goes).
  void start_frame(ImVec2 area_pos, ImVec2 area_size);
  ImVec2 pos_[int(PanelId::kCount)], size_[int(PanelId::kCount)];
  ImVec2 display_{0, 0};
  float font_ = 0.0f;
  bool points_ = false, controls_ = true, conditional_ = false, lesson_ = false;
  bool apply_ = true;  // place every panel this frame
  bool reset_ = false;
  bool first_ = true;
  ImVec2 seen_min_[int(PanelId::kCount)], seen_max_[int(PanelId::kCount)];
  bool overlap_ = false;
  std::optional<PanelId> focus_, focus_request_;
  std::optional<PanelId> restore_;  // placed back this frame, where it was before its focus
  ImVec2 focus_pos_, focus_size_;   // the panels' area, where the focused panel goes
  ImVec2 before_pos_, before_size_; // where the focused panel was
};

}  // namespace latent
