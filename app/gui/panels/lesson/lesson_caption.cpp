// Drawing the caption strip.
#include "gui/panels/lesson/lesson_caption.hpp"

#include <imgui.h>

#include <cstdio>

#include "gui/shell/ui_style.hpp"
#include "live/lessons/caption.hpp"

namespace latent {

LessonCaption::Request LessonCaption::draw(PanelContext& ctx, const LessonPlayer& player, const nlohmann::json& figures) {
  Request request = Request::None;
  const LessonStep& step = player.step();
  const Snapshot& s = ctx.snap();
  // Where we are, and the way on: a clicker sends Page Up / Page Down, which do the same.
  char where[512];
  std::snprintf(where, sizeof where, "%s  ·  step %d of %d", player.lesson().title.c_str(), player.index() + 1,
                player.count());
  const ImGuiStyle& style = ImGui::GetStyle();
  const float buttons = ImGui::CalcTextSize("◀ back").x + ImGui::CalcTextSize("next ▶").x +
                        ImGui::CalcTextSize("leave").x + style.FramePadding.x * 6 + style.ItemSpacing.x * 2;
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", where);
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons);
  ImGui::BeginDisabled(player.index() == 0);
  if (ImGui::Button("◀ back")) request = Request::Previous;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(player.index() + 1 >= player.count());
  if (ImGui::Button("next ▶")) request = Request::Next;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("leave")) request = Request::Leave;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Esc: leave the lesson for free play (training goes on)");
  if (ctx.style.large_font()) ImGui::PushFont(ctx.style.large_font());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(step.title.c_str());
  ImGui::PopTextWrapPos();
  if (ctx.style.large_font()) ImGui::PopFont();

  if (player.waiting()) {
    // The caption waits for the step's model, so the class never reads it over random weights.
    const double progress = player.warmup_progress(s);
    char label[128];
    if (player.warming_up())
      std::snprintf(label, sizeof label, "warming up: %s of %s steps at full speed", with_commas(s.step).c_str(),
                    with_commas(player.scene().warmup).c_str());
    else
      std::snprintf(label, sizeof label, "preparing the model ...");
    // No animating flag: the bar moves with each new snapshot, and frames drawn
    // faster would take CPU from the warm-up it reports on.
    ImGui::ProgressBar(float(progress), ImVec2(-1.0f, 0.0f), label);
  } else {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(step.caption.c_str());
    ImGui::PopTextWrapPos();
    if (!step.formula.empty() || !step.numbers.empty()) {
      if (ctx.style.large_font()) ImGui::PushFont(ctx.style.large_font());
      const ImVec4 accent = ImGui::ColorConvertU32ToFloat4(ImGui::GetColorU32(ImGuiCol_PlotLinesHovered));
      ImGui::PushTextWrapPos(0.0f);
      if (!step.formula.empty()) ImGui::TextColored(accent, "%s", step.formula.c_str());
      if (!step.numbers.empty()) {
        const std::string numbers = render_numbers(step.numbers, caption_values(s, figures));
        ImGui::TextUnformatted(numbers.c_str());
      }
      ImGui::PopTextWrapPos();
      if (ctx.style.large_font()) ImGui::PopFont();
    }
  }
  // The window's height that shows all of it: to the last line's bottom (not the cursor, which has
  // moved an item spacing below it), then the window's padding. Every pixel spared goes to the plots.
  content_height_ = ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y + ImGui::GetScrollY() + style.WindowPadding.y;
  return request;
}

}  // namespace latent
