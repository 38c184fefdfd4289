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

std::string data_column_name(const Dataset& data, int column) {
  if (column < int(data.feature_names.size()) && !data.feature_names[size_t(column)].empty())
    return data.feature_names[size_t(column)];
  return subscripted("x", column + 1);
}

plot::Axis data_axis(plot::Axis axis, const Dataset& data, int column) {
  axis.label = data_column_name(data, column);
  if (data.standardized() && column < int(data.unit_scale.size())) {
    axis.label_offset = data.unit_offset[size_t(column)];
    axis.label_scale = data.unit_scale[size_t(column)];
  }
  return axis;
}

void draw_standardization_note(const Dataset& data, bool beside_last_item) {
  if (!data.standardized()) return;
  const char* note = "(standardized)";
  if (beside_last_item) same_line_if_fits(ImGui::CalcTextSize(note).x);
  ImGui::TextDisabled("%s", note);
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted("The axes and numbers are in the file's units. The model sees each column as (value − mean) / sd:");
  for (int c = 0; c < data.dim; ++c)
    ImGui::Text("%s: mean %s, sd %s", data_column_name(data, c).c_str(),
                plot::format_significant(data.unit_offset[size_t(c)], 4).c_str(),
                plot::format_significant(data.unit_scale[size_t(c)], 4).c_str());
  ImGui::TextUnformatted("ELBO and log p(x) are per standardized unit.");
  ImGui::EndTooltip();
}

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
