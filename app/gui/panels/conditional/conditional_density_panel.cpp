// Drawing the conditional density view and turning drags into slice moves.
#include "gui/panels/conditional/conditional_density_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/conditional/conditional_style.hpp"

namespace latent {

namespace {
constexpr float kDensityLogRange = 8.0f;  // log colours: the 8 nats below the densest cell

// 1, 2, 2.5 or 5 times a power of ten at or above v: a colour scale top that stays put.
double nice_ceiling(double v) {
  if (!(v > 0)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= v * 0.999) return m * p;
  return 10.0 * p;
}

// A line the eye can follow on any colour of the heatmap: a light halo under it.
void halo_line(const plot::Frame& f, const float* xs, const float* ys, int n, float thickness) {
  f.line(xs, ys, n, IM_COL32(255, 255, 255, 200), thickness + ui_px(3.0f));
}
}  // namespace

void ConditionalDensityPanel::upload(const ConditionalGrid& g) {
  uploaded_ = g.params;
  stale_ = false;
  std::vector<float> values(g.log_density.size());
  if (log_colours_) {
    for (size_t i = 0; i < values.size(); ++i) values[i] = g.log_density[i] - g.log_density_max;
    heatmap_.set_range(-kDensityLogRange, 0.0f);
  } else {
    for (size_t i = 0; i < values.size(); ++i) values[i] = std::exp(g.log_density[i]);
    // The top of the scale at the 98th percentile, rounded: a few needle-sharp
    // cells must not wash out everything else, and the colour bar should not
    // jump at every snapshot.
    std::vector<float> sorted = values;
    const size_t k = sorted.size() * 98 / 100;
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(k), sorted.end());
    const double top = nice_ceiling(sorted[k]);
    if (top > density_top_ || top < density_top_ * 0.45) density_top_ = float(top);
    heatmap_.set_range(0.0f, density_top_);
  }
  heatmap_.set_data(g.nx, g.ny, values.data());
  heatmap_.set_colormap(magma_ ? Colormap::Magma : Colormap::Viridis);
}

void ConditionalDensityPanel::draw_legend() {
  std::vector<plot::LegendEntry> entries;
  entries.push_back({"data (x, y)", plot::colors().axis_text, true, false, &show_data_});
  entries.push_back({"means μₖ(x), opacity ∝ πₖ(x)", component_color(0), false, true, &show_means_});
  entries.push_back({kRegressorLabel, regressor_color(), false, true, &show_regressor_});
  plot::legend("density_legend", entries);
}

void ConditionalDensityPanel::draw(PanelContext& ctx, ConditionalProbes& probes) {
  if (const char* why = probes.unavailable(ctx.snap())) {
    ImGui::TextDisabled("%s", why);
    return;
  }
  const ConditionalGrid& g = probes.grid();
  if (stale_ || uploaded_ != g.params) upload(g);
  draw_legend();

  const float font = ImGui::GetFontSize();
  std::vector<plot::Tick> bar_ticks;
  if (log_colours_) {
    for (int v = 0; v >= -int(kDensityLogRange); v -= 2) bar_ticks.push_back({double(v), plot::format_number(v, 1)});
  } else {
    bar_ticks = plot::make_ticks(0.0, density_top_, plot::Scale::Linear, 4);
  }
  const float bar_room = Heatmap::colorbar_width(bar_ticks) + font * 1.0f;
  const float slider_room = ImGui::GetFrameHeightWithSpacing();
  plot::FrameOptions options;
  options.title = log_colours_ ? "colour: log p(y|x) − its peak, nats (MDN)" : "colour: p(y|x) of the MDN";
  options.y_label = true;
  options.fill_background = true;
  ImVec2 bar_min, bar_max;
  {
    plot::Frame frame("density", ImVec2(-bar_room, -slider_room), plot::Axis{"x", probes.x0(), probes.x1()},
                      plot::Axis{"y", probes.y0(), probes.y1()}, options);
    heatmap_.draw(frame, probes.x0(), probes.y0(), probes.x1(), probes.y1());
    draw_overlays(frame, ctx, probes);
    // Click or drag anywhere: the slice follows the mouse's x.
    const float line_px = frame.x_to_px(probes.slice_x());
    if (frame.active()) probes.move_slice(frame.mouse_x(), ctx.frame);
    if (frame.hovered() || frame.active()) {
      if (frame.active() || std::fabs(frame.mouse_px().x - line_px) < font * 0.6f)
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
      if (!frame.active()) {
        const int c = int(std::floor((frame.mouse_x() - probes.x0()) / (probes.x1() - probes.x0()) * g.nx));
        const int r = int(std::floor((frame.mouse_y() - probes.y0()) / (probes.y1() - probes.y0()) * g.ny));
        if (c >= 0 && c < g.nx && r >= 0 && r < g.ny)
          ImGui::SetTooltip("x = %.3g, y = %.3g\np(y|x) = %.3g (MDN)\nclick or drag to move the slice",
                            frame.mouse_x(), frame.mouse_y(),
                            std::exp(g.log_density[size_t(r) * size_t(g.nx) + size_t(c)]));
      }
    }
    if (frame.hovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) ImGui::OpenPopup("density_menu");
    if (ImGui::BeginPopup("density_menu")) {
      if (ImGui::MenuItem("viridis", nullptr, !magma_)) magma_ = false, stale_ = true;
      if (ImGui::MenuItem("magma", nullptr, magma_)) magma_ = true, stale_ = true;
      if (ImGui::MenuItem("log colours", nullptr, &log_colours_)) stale_ = true;
      ImGui::EndPopup();
    }
    bar_min = ImVec2(frame.area_max().x + font * 0.6f, frame.area_min().y);
    bar_max = ImVec2(bar_min.x + std::round(font * 0.9f), frame.area_max().y);
  }
  heatmap_.colorbar(bar_min, bar_max, bar_ticks, nullptr);

  // The slider under the plot: the same slice, for exact values and keyboard entry.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("slice x");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(font * 6.0f, ImGui::GetContentRegionAvail().x - font * 8.0f));
  float x = float(probes.slice_x());
  if (ImGui::SliderFloat("##slice_x", &x, float(probes.x0()), float(probes.x1()), "%.3f"))
    probes.move_slice(x, ctx.frame);
  ImGui::SameLine();
  if (ImGui::Checkbox("log colours", &log_colours_)) stale_ = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("colour by log p(y|x), %.0f nats below the peak: shows the tails\n(right-click the picture for magma)",
                      kDensityLogRange);
}

void ConditionalDensityPanel::draw_overlays(const plot::Frame& frame, const PanelContext& ctx,
                                            const ConditionalProbes& probes) {
  const ConditionalGrid& g = probes.grid();
  const Snapshot& s = ctx.snap();
  ImDrawList* draw = frame.draw_list();
  if (show_data_) {
    // Small light dots, half transparent: the density under them must still show.
    const Dataset& train = s.data->train;
    data_cloud_.clear();
    for (size_t i = 0; i < train.size(); ++i)
      data_cloud_.add(train.point(i)[0], train.point(i)[1], IM_COL32(255, 255, 255, 130));
    data_cloud_.draw(frame, plot::Sprite::Disc, ui_px(1.8f));
  }
  const int n = g.nx;
  if (show_means_) {
    std::vector<float> mu(static_cast<size_t>(n)), pi(static_cast<size_t>(n));
    const float thick = ui_px(3.5f);
    // Opacity pi_k(x) / max_j pi_j(x): proportional to the weight at each x, and
    // the heaviest component fully drawn, even where five share the mass.
    std::vector<float> heaviest(static_cast<size_t>(n), 0.0f);
    for (int c = 0; c < n; ++c)
      for (int k = 0; k < g.components; ++k) heaviest[size_t(c)] = std::max(heaviest[size_t(c)], g.at(g.pi, k, c));
    for (int k = 0; k < g.components; ++k) {
      for (int c = 0; c < n; ++c) {
        mu[size_t(c)] = g.at(g.mu, k, c);
        pi[size_t(c)] = heaviest[size_t(c)] > 0 ? std::clamp(g.at(g.pi, k, c) / heaviest[size_t(c)], 0.0f, 1.0f) : 0.0f;
      }
      frame.fading_line(g.xs.data(), mu.data(), pi.data(), n, component_color(k), thick);
    }
  }
  if (show_regressor_) {
    halo_line(frame, g.xs.data(), g.regression.data(), n, ui_px(2.5f));
    frame.dashed_line(g.xs.data(), g.regression.data(), n, regressor_color(), ui_px(2.5f), dash_px());
  }
  // The slice: a bright line with a dark edge, and its x written at the top.
  const double x = probes.slice_x();
  frame.vertical_line(x, IM_COL32(0, 0, 0, 150), ui_px(4.5f));
  frame.vertical_line(x, IM_COL32(255, 255, 255, 255), ui_px(2.0f));
  char label[48];
  std::snprintf(label, sizeof label, " slice x = %.3g ", x);
  const bool right_half = frame.x_to_px(x) > 0.5f * (frame.area_min().x + frame.area_max().x);
  const ImVec2 ts = ImGui::CalcTextSize(label);
  const ImVec2 at(right_half ? frame.x_to_px(x) - ts.x - ui_px(4) : frame.x_to_px(x) + ui_px(4),
                  frame.area_max().y - ts.y - ui_px(4));
  draw->AddRectFilled(at, ImVec2(at.x + ts.x, at.y + ts.y), plot::with_alpha(plot::colors().plot_background, 0.85f),
                      ui_px(3));
  draw->AddText(at, plot::colors().axis_text, label);
}

}  // namespace latent
