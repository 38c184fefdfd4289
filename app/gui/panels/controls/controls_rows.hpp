// The Controls panel's two layout pieces: a labelled row and a section title.
#pragma once
#include <imgui.h>

namespace latent::controls {

// A label in a fixed-width column, then the next widget fills the rest of the row.
inline void row(const char* label) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(ImGui::GetFontSize() * 7.6f);
  ImGui::SetNextItemWidth(-FLT_MIN);
}

inline void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

}  // namespace latent::controls
