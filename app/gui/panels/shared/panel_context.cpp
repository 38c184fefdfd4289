// Small text helpers the panels share.
#include "gui/panels/shared/panel_context.hpp"

#include <imgui.h>

namespace latent {

std::string subscripted(const std::string& base, int number) {
  static const char* subscripts[] = {"₀", "₁", "₂", "₃", "₄",
                                     "₅", "₆", "₇", "₈", "₉"};
  std::string name = base;
  for (char c : std::to_string(number)) name += subscripts[c - '0'];
  return name;
}

std::string latent_axis_name(int dim) { return subscripted("z", dim + 1); }

std::string class_name(const Snapshot& snapshot, int label) {
  if (snapshot.data && label >= 0 && label < int(snapshot.data->test.class_names.size()))
    return snapshot.data->test.class_names[size_t(label)];
  return "class " + std::to_string(label);
}

std::string with_commas(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

void same_line_if_fits(float width) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + spacing + width <= right) ImGui::SameLine();
}

float check_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

}  // namespace latent
