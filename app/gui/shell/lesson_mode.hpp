// A lesson on the window: opening one (from --lesson or File → Lessons),
// the keys a presentation clicker sends (Page Down / Right: next, Page Up /
// Left: back, Home: first step, Esc: leave for free play), putting each
// step's view in place once its model is there, and the caption strip.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "gui/panels/lesson/lesson_caption.hpp"
#include "gui/shell/layout.hpp"
#include "live/lessons/lesson_player.hpp"

namespace latent {

class PanelRouter;

class LessonMode {
 public:
  // `rehearse`: warm-ups divided by this (--rehearse; 1 is the lesson as written).
  LessonMode(RunOptions base, int rehearse) : base_(std::move(base)), rehearse_(rehearse) {}

  // Opens a lesson at step `step` (0-based, clamped). On a bad lesson, returns
  // false with the one-line reason in `error`, and whatever ran goes on.
  bool open(const std::string& name_or_path, int step, Trainer& trainer, const Snapshot& current, std::string& error);
  void leave() {
    if (player_) player_->leave();
    player_.reset();
  }
  bool active() const { return player_.has_value(); }
  bool warming_up() const { return player_ && player_->warming_up(); }
  // The step's model is not ready yet (the caption shows a progress bar).
  bool waiting() const { return player_ && player_->waiting(); }
  const LessonPlayer* player() const { return player_ ? &*player_ : nullptr; }

  // Before the panels: the clicker's keys, the player's progress, and the step's view once its model is there.
  void begin_frame(PanelContext& ctx, PanelRouter& router);
  // The layout for this frame, when active.
  void place(Layout& layout, ImVec2 display, float menu_height);
  const std::vector<LessonPanelPlace>& places() const { return player_->scene().panels; }
  // After the panels (so the caption reads this frame's figures).
  void draw_caption(PanelContext& ctx, const nlohmann::json& figures);

 private:
  void go_to(int step, const Snapshot& s);

  RunOptions base_;  // the command line's options: a lesson's first step starts from them
  int rehearse_ = 1;
  Trainer* trainer_ = nullptr;
  std::optional<LessonPlayer> player_;
  LessonCaption caption_;
  uint64_t applied_view_ = 0;  // the player's view version last put in place
  bool new_step_ = false;      // place the panels again this frame
  std::optional<LessonCaption::Request> pending_;  // from the caption's buttons, done at the next frame's start
};

}  // namespace latent
