// The lesson's caption strip: where we are (lesson, step k of n, the step's
// title), the step's sentences, its formula and the formula with the live
// numbers written in; while a step warms its model up, a progress bar instead.
// Buttons step back and forth for those without a clicker.
#pragma once
#include "gui/panels/shared/panel_context.hpp"
#include "live/lessons/lesson_player.hpp"

namespace latent {

class LessonCaption {
 public:
  enum class Request { None, Previous, Next, Restart, Leave };
  // `figures`: what the panels recorded this frame (the bound panel's set, ...).
  Request draw(PanelContext& ctx, const LessonPlayer& player, const nlohmann::json& figures);
  // The height the caption took last frame, for the layout (it sizes to its text).
  float content_height() const { return content_height_; }

 private:
  float content_height_ = 0.0f;
};

}  // namespace latent
