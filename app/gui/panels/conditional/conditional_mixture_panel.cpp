// Drawing pi_k(x), mu_k(x), sigma_k(x) from the probes' grid; a drag in any of them moves the slice.
#include "gui/panels/conditional/conditional_mixture_panel.hpp"

#include <algorithm>
#include <cmath>

#include "gui/panels/conditional/conditional_style.hpp"

namespace latent {

void ConditionalMixturePanel::draw(PanelContext& ctx, ConditionalProbes& probes) {
  if (const char* why = probes.unavailable(ctx.snap())) {
    ImGui::TextDisabled("%s", why);
    return;
  }
  const ConditionalGrid& g = probes.grid();
  std::vector<plot::LegendEntry> entries;
  for (int k = 0; k < g.components; ++k)
    entries.push_back({"k = " + std::to_string(k + 1), component_color(k), false, true});
  plot::legend("mixture_legend", entries);
  // Equal plotting areas; the bottom one also carries the x tick labels and the x label.
  static const std::vector<const char*> names = {"weights", "means", "scales"};
  for (const plot::PlotCell& cell :
       plot::arrange_plots("mixture", names, choice_, ctx.min_plot_height, ImGui::GetFontSize() * 2.5f)) {
    if (cell.same_line) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.y);
    draw_plot(ctx, probes, Parameter(cell.plot), cell.size, cell.x_labels);
  }
}

void ConditionalMixturePanel::draw_plot(PanelContext& ctx, ConditionalProbes& probes, Parameter which, ImVec2 size,
                                        bool x_labels) {
  const ConditionalGrid& g = probes.grid();
  const int n = g.nx, K = g.components;
  const std::vector<float>& values = which == Weight ? g.pi : which == Mean ? g.mu : g.sigma;
  double lo = 0.0, hi = 1.0;
  if (which == Mean) {
    lo = probes.y0(), hi = probes.y1();  // the density view's y range: the same means at the same heights
  } else if (which == Scale) {
    // Scaled to the components that carry weight somewhere: an unused one may have any sigma.
    hi = 0.0;
    for (size_t i = 0; i < values.size(); ++i)
      if (g.pi[i] > 0.05f) hi = std::max(hi, double(values[i]));
    hi = hi > 0 ? hi : 1.0;
  }
  static const char* titles[] = {"weights πₖ(x)", "means μₖ(x)", "scales σₖ(x)"};
  plot::FrameOptions options;
  options.title = titles[which];
  options.x_tick_labels = x_labels;
  // One label column for the three plots, so their x axes line up.
  options.left_margin = ImGui::CalcTextSize("−00.00").x + std::round(ImGui::GetFontSize() * 0.7f);
  const plot::Axis y = plot::with_headroom(plot::Axis{"", lo, hi}, 0.22f);
  // Two or three labelled ticks even on a short plot: a value scale is what these plots are for.
  options.y_ticks = plot::make_ticks(y.min, y.max, y.scale, std::max(2, int(size.y / (ImGui::GetFontSize() * 2.2f))));
  ImGui::PushID(which);
  plot::Frame frame("mixture", size, plot::Axis{x_labels ? "x" : "", probes.x0(), probes.x1()}, y, options);
  ImGui::PopID();
  std::vector<float> line(static_cast<size_t>(n)), alpha(static_cast<size_t>(n));
  for (int k = 0; k < K; ++k) {
    for (int c = 0; c < n; ++c) {
      line[size_t(c)] = g.at(values, k, c);
      alpha[size_t(c)] = std::clamp(0.25f + g.at(g.pi, k, c), 0.0f, 1.0f);
    }
    // Means and scales fade where their component has no weight, as in the density view.
    if (which == Weight)
      frame.line(g.xs.data(), line.data(), n, component_color(k), ui_px(2.5f));
    else
      frame.fading_line(g.xs.data(), line.data(), alpha.data(), n, component_color(k), ui_px(2.5f));
  }
  frame.vertical_line(probes.slice_x(), plot::with_alpha(plot::colors().axis_text, 0.7f), ui_px(2.0f));
  if (frame.active()) probes.move_slice(frame.mouse_x(), ctx.frame);
  if (frame.hovered() || frame.active()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
}

}  // namespace latent
