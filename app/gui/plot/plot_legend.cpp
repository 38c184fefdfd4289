// Legends: a wrapping row of swatches and labels that reports the entry under
// the mouse and toggles entries that can be hidden.
#include <algorithm>
#include <cmath>

#include "gui/plot/plot.hpp"

namespace latent::plot {

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

}  // namespace latent::plot
