// Stepping through a lesson on the window.
#include "gui/shell/lesson_mode.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "gui/shell/panel_router.hpp"
#include "live/lessons/lesson_catalog.hpp"
#include "live/lessons/lesson_file.hpp"

namespace latent {

bool LessonMode::open(const std::string& name_or_path, int step, Trainer& trainer, const Snapshot& current,
                      std::string& error) {
  try {
    Lesson lesson = open_lesson(name_or_path);
    trainer_ = &trainer;
    player_.emplace(std::move(lesson), base_, [&trainer](Command c) { trainer.post(std::move(c)); });
    player_->set_rehearsal(rehearse_);
    go_to(step, current);
    return true;
  } catch (const LessonError& e) {
    error = e.what();
    return false;
  }
}

void LessonMode::go_to(int step, const Snapshot& s) {
  player_->go_to(step, s);
  new_step_ = true;
}

void LessonMode::begin_frame(PanelContext& ctx, PanelRouter& router) {
  if (!player_) return;
  const Snapshot& s = ctx.snap();
  const ImGuiIO& io = ImGui::GetIO();
  LessonCaption::Request request = pending_.value_or(LessonCaption::Request::None);
  pending_.reset();
  // A text field being typed in keeps its keys.
  if (!io.WantTextInput && !io.KeyCtrl && !io.KeyAlt) {
    if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT, false) || ImGui::IsKeyPressed(GLFW_KEY_PAGE_DOWN, false))
      request = LessonCaption::Request::Next;
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT, false) || ImGui::IsKeyPressed(GLFW_KEY_PAGE_UP, false))
      request = LessonCaption::Request::Previous;
    if (ImGui::IsKeyPressed(GLFW_KEY_HOME, false)) request = LessonCaption::Request::Restart;
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) request = LessonCaption::Request::Leave;
  }
  switch (request) {
    case LessonCaption::Request::Next:
      if (player_->index() + 1 < player_->count()) go_to(player_->index() + 1, s);
      break;
    case LessonCaption::Request::Previous:
      if (player_->index() > 0) go_to(player_->index() - 1, s);
      break;
    case LessonCaption::Request::Restart:
      go_to(0, s);
      break;
    case LessonCaption::Request::Leave:
      leave();
      return;
    case LessonCaption::Request::None:
      break;
  }
  player_->update(s);
  if (player_->view_version() != applied_view_) {
    applied_view_ = player_->view_version();
    router.apply_lesson_view(player_->scene(), ctx, !player_->waiting());
  }
}

void LessonMode::place(Layout& layout, ImVec2 display, float menu_height) {
  // Until the caption has measured itself: about eight lines.
  const float caption = caption_.content_height() > 0 ? caption_.content_height() : ImGui::GetFontSize() * 11.0f;
  layout.begin_lesson_frame(display, menu_height, caption, player_->scene().panels, new_step_);
  new_step_ = false;
}

void LessonMode::draw_caption(PanelContext& ctx, const nlohmann::json& figures) {
  if (!player_) return;
  if (ctx.figures_log)
    (*ctx.figures_log)["lesson"] = {{"name", player_->lesson().name},
                                    {"step", player_->index() + 1},
                                    {"caption_shown", !player_->waiting()},
                                    {"warmup_progress", player_->warmup_progress(ctx.snap())}};
  const LessonCaption::Request r = caption_.draw(ctx, *player_, figures);
  if (r != LessonCaption::Request::None) pending_ = r;
}

}  // namespace latent
