// Drawing the slice p(y | x = slice x), from the slice the probes computed this frame.
#include "gui/panels/conditional/conditional_slice_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/conditional/conditional_style.hpp"

namespace latent {

namespace {
constexpr int kDataBins = 40;
}  // namespace

void ConditionalSlicePanel::draw_legend(const ConditionalSlice& s) {
  std::vector<plot::LegendEntry> entries;
  entries.push_back({"MDN p(y|x)", mixture_color(), false, true});
  // One entry per component, with its weight here: which mode carries how much mass.
  for (int k = 0; k < s.components; ++k) {
    char label[48];
    std::snprintf(label, sizeof label, "π%d = %.2f", k + 1, double(s.pi[size_t(k)]));
    entries.push_back({label, component_color(k), false, true, &show_components_});
  }
  entries.push_back({"least squares", regressor_color(), false, true, &show_regressor_});
  entries.push_back({"data near x", plot::with_alpha(plot::colors().axis_text, 0.3f), false, false, &show_data_});
  if (!s.cvae_density.empty()) entries.push_back({"CVAE", cvae_color(), false, true, &show_cvae_});
  const int hovered = plot::legend("slice_legend", entries);
  if (hovered == int(entries.size()) - 1 && !s.cvae_density.empty())
    ImGui::SetTooltip("conditional VAE: its p(y|x) averaged over z ~ p(z|x) (Monte Carlo),\n"
                      "and its samples y ~ p(y|x) as ticks along the bottom");
}

void ConditionalSlicePanel::draw(PanelContext& ctx, ConditionalProbes& probes) {
  if (const char* why = probes.unavailable(ctx.snap())) {
    ImGui::TextDisabled("%s", why);
    return;
  }
  const ConditionalSlice& s = probes.slice(ctx.snap(), ctx.frame);
  if (s.ys.empty()) return;
  draw_legend(s);
  const int G = int(s.ys.size()), K = s.components;
  const double y0 = s.ys.front(), y1 = s.ys.back();

  // The data near x as a density histogram, on the same scale as the model's curves.
  const double bin = (y1 - y0) / kDataBins;
  std::vector<float> bars = plot::histogram_counts(s.data_y.data(), int(s.data_y.size()), y0, y1, kDataBins);
  if (!s.data_y.empty())
    for (float& b : bars) b /= float(double(s.data_y.size()) * bin);

  float peak = 0.0f;
  for (float v : s.mdn_density) peak = std::max(peak, v);
  if (show_cvae_)
    for (float v : s.cvae_density) peak = std::max(peak, v);
  if (show_data_)
    for (float v : bars) peak = std::max(peak, v);
  // Hold the axis while the curves fit, so dragging x does not make it jump at every step.
  if (!(peak > 0)) peak = 1.0f;
  if (peak > top_ || peak < 0.5f * top_) top_ = peak * 1.15f;

  char title[64];
  std::snprintf(title, sizeof title, "density p(y | x = %.3g)", s.x);
  plot::FrameOptions options;
  options.title = title;
  const plot::Axis y_axis = plot::with_headroom(plot::Axis{"", 0.0, double(top_)}, 0.15f);
  plot::Frame frame("slice", ImVec2(0, 0), plot::Axis{"y", y0, y1}, y_axis, options);
  const plot::Colors& c = plot::colors();
  if (show_data_ && !s.data_y.empty())
    frame.bars(y0, bin, bars.data(), kDataBins, plot::with_alpha(c.axis_text, 0.14f), plot::with_alpha(c.axis_text, 0.25f));
  if (show_components_) {
    for (int k = 0; k < K; ++k)
      frame.line(s.ys.data(), s.component_density.data() + size_t(k) * size_t(G), G, component_color(k, 0.95f),
                 ui_px(2.0f));
  }
  if (show_cvae_ && !s.cvae_density.empty()) {
    frame.line(s.ys.data(), s.cvae_density.data(), G, cvae_color(), ui_px(2.5f));
    // The samples as a rug along the bottom: where the CVAE puts its draws.
    const float bottom = frame.area_max().y, tick = ui_px(9.0f);
    for (float y : s.cvae_samples)
      frame.draw_list()->AddLine({frame.x_to_px(y), bottom}, {frame.x_to_px(y), bottom - tick}, cvae_color(0.45f),
                                 ui_px(1.5f));
  }
  frame.line(s.ys.data(), s.mdn_density.data(), G, mixture_color(), ui_px(3.2f));
  if (show_regressor_) {
    const float fx[2] = {s.regression, s.regression}, fy[2] = {0.0f, float(frame.y_axis().max)};
    frame.dashed_line(fx, fy, 2, regressor_color(), ui_px(2.5f), dash_px());
    frame.text(s.regression, 0.6 * frame.y_axis().max, "f(x)", regressor_color(), ImVec2(0.0f, 0.5f),
               ImVec2(ui_px(5), 0));
  }
  if (frame.hovered()) {
    const int g = std::clamp(int(std::lround((frame.mouse_x() - y0) / (y1 - y0) * (G - 1))), 0, G - 1);
    ImGui::BeginTooltip();
    ImGui::Text("y = %.3g:  p(y|x) = %.3g (MDN)", double(s.ys[size_t(g)]), double(s.mdn_density[size_t(g)]));
    if (!s.cvae_density.empty()) ImGui::Text("conditional VAE: %.3g", double(s.cvae_density[size_t(g)]));
    ImGui::TextDisabled("bars: training y with |x − %.3g| < %.2g (%zu points)", s.x, s.data_halfwidth, s.data_y.size());
    ImGui::EndTooltip();
  }
}

}  // namespace latent
