// Placing a panel's plots in its window: the space fit_plots works in, the row
// of buttons that picks the plots on show when not all fit, and each cell.
#include <algorithm>
#include <cmath>
#include <string>

#include "gui/plot/plot.hpp"

namespace latent::plot {

namespace {

// Side by side, a block at least this many lines wide: tick labels and a plotting area that still reads as a curve.
constexpr float kMinWidthLines = 12.0f;

float button_width(const char* name) {
  return ImGui::CalcTextSize(name).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

// Rows a button per plot would take in `width`.
int button_rows(const std::vector<const char*>& names, float width) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  int rows = 1;
  float x = 0.0f;
  for (const char* name : names) {
    const float w = button_width(name);
    if (x > 0.0f && x + spacing + w > width) {
      ++rows;
      x = 0.0f;
    }
    x += (x > 0.0f ? spacing : 0.0f) + w;
  }
  return rows;
}

// One row: a button per plot, those on show lit, or where they would not fit in one
// row, a list. Choosing a plot puts it first on show.
void choose_plots(const std::vector<const char*>& names, PlotChoice& choice, int capacity) {
  const std::vector<int> shown = choice.shown(int(names.size()), capacity);
  auto on = [&](size_t i) { return std::find(shown.begin(), shown.end(), int(i)) != shown.end(); };
  const char* tip = capacity == 1 ? "one plot fits at this size; F focuses the panel"
                                  : "%d plots fit at this size; F focuses the panel";
  if (button_rows(names, ImGui::GetContentRegionAvail().x) > 1) {
    std::string preview;
    for (int i : shown) preview += (preview.empty() ? "" : " + ") + std::string(names[size_t(i)]);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x,
                                     ImGui::CalcTextSize(preview.c_str()).x + ImGui::GetFrameHeight() * 2.0f));
    if (ImGui::BeginCombo("##plots", preview.c_str())) {
      for (size_t i = 0; i < names.size(); ++i)
        if (ImGui::Selectable(names[i], on(i))) choice.choose(int(i));
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(tip, capacity);
    return;
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(on(i) ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
    if (ImGui::Button(names[i]) && !on(i)) choice.choose(int(i));
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(tip, capacity);
  }
}

}  // namespace

std::vector<PlotCell> arrange_plots(const char* id, const std::vector<const char*>& names, PlotChoice& choice,
                                    float min_area, float floor, float reserve_below) {
  const float font = ImGui::GetFontSize(), pad = std::round(font * 0.35f);  // as the Frame pads its area
  PlotSpace space;
  space.width = ImGui::GetContentRegionAvail().x;
  space.height = ImGui::GetContentRegionAvail().y - reserve_below;
  space.count = int(names.size());
  space.min_area = min_area;
  space.min_width = min_area > 0.0f ? font * kMinWidthLines : 0.0f;
  space.frame_extra = 2.0f * pad;
  space.labels_extra = 2.0f * font + pad;  // tick labels and the axis name, under the frame's own padding
  space.gap = ImGui::GetStyle().ItemSpacing.y;
  PlotGrid grid = fit_plots(space);
  std::vector<int> shown;
  if (grid.shown < space.count) {
    // The chooser takes a row of its own: fit again in what it leaves.
    space.height -= ImGui::GetFrameHeightWithSpacing();
    grid = fit_plots(space);
    ImGui::PushID(id);
    choose_plots(names, choice, grid.shown);
    ImGui::PopID();
    shown = choice.shown(space.count, grid.shown);
  } else {
    for (int i = 0; i < space.count; ++i) shown.push_back(i);
  }
  std::vector<PlotCell> cells;
  const int n = int(shown.size());
  for (int k = 0; k < n; ++k) {
    PlotCell cell;
    cell.plot = shown[size_t(k)];
    cell.x_labels = k + grid.columns >= n;
    cell.same_line = k % grid.columns != 0;
    cell.size = ImVec2(grid.columns > 1 ? std::floor(grid.block_width) : 0.0f,
                       std::max(floor, grid.block_height) + (cell.x_labels ? space.labels_extra : 0.0f));
    cells.push_back(cell);
  }
  return cells;
}

}  // namespace latent::plot
