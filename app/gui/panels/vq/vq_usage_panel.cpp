// Drawing the codebook's use from the snapshot's held-out curve.
#include "gui/panels/vq/vq_usage_panel.hpp"

#include <algorithm>

#include "gui/panels/conditional/conditional_style.hpp"

namespace latent {

void VqUsagePanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (!s.vq) {
    ImGui::TextDisabled("waiting for the model ...");
    return;
  }
  const int K = s.vq->config().codebook;
  ImGui::PushTextWrapPos(0.0f);
  if (!s.test_metrics.empty()) {
    const MetricPoint& p = s.test_metrics.back();
    ImGui::Text("held out: perplexity %.2f of %d entries, %.0f dead; log p(x|z_q) %.2f nats", p.perplexity, K,
                p.dead_codes, p.reconstruction);
  }
  ImGui::TextDisabled("perplexity = exp(entropy of the entries' shares): K when every entry is used alike");
  ImGui::PopTextWrapPos();
  if (s.test_metrics.empty()) {
    ImGui::TextDisabled("train to start (one point per epoch)");
    return;
  }
  static const std::vector<const char*> names = {"perplexity", "dead entries"};
  const float min_area = std::max(ctx.min_plot_height, ImGui::GetFontSize() * plot::kFreePlayPlotLines);
  for (const plot::PlotCell& cell : plot::arrange_plots("vq_usage", names, choice_, min_area)) {
    if (cell.same_line) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.y);
    draw_plot(cell.plot, s.test_metrics, K, cell.size, cell.x_labels);
  }
}

void VqUsagePanel::draw_plot(int which, const MetricSeries& series, int entries, ImVec2 size, bool x_labels) const {
  std::vector<float> xs, ys;
  for (size_t i = 0; i < series.size(); ++i) {
    xs.push_back(float(series[i].step));
    ys.push_back(which == 0 ? series[i].perplexity : series[i].dead_codes);
  }
  plot::FrameOptions options;
  options.title = which == 0 ? "perplexity (dashed: K)" : "dead entries";
  options.x_tick_labels = x_labels;
  const double top = which == 0 ? double(entries) : std::max(1.0, double(*std::max_element(ys.begin(), ys.end())));
  const double x0 = 0.0, x1 = std::max(double(xs.back()) * 1.03, 1.0);
  // The top of the plotting area (the height less the tick labels and x label) is kept for
  // the title: a fixed fraction left the title over the curve on a short plot at a large UI scale.
  const float font = ImGui::GetFontSize(), plot_height = size.y - (x_labels ? 2.7f : 1.4f) * font;
  const float headroom = std::max(0.2f, 1.3f * font / std::max(plot_height, font));
  plot::Frame frame(which == 0 ? "vq_perplexity" : "vq_dead", size, plot::Axis{x_labels ? "step" : "", x0, x1},
                    plot::with_headroom(plot::Axis{"", 0.0, top}, headroom), options);
  const ImU32 color = which == 0 ? plot::colors().accent : plot::category_color(3);
  if (which == 0) {
    const float kx[2] = {float(x0), float(x1)}, ky[2] = {float(entries), float(entries)};
    frame.line(kx, ky, 2, plot::with_alpha(plot::colors().axis_text, 0.5f), ui_px(1.0f));
  }
  frame.line(xs.data(), ys.data(), int(xs.size()), color, ui_px(2.0f));
  frame.markers(xs.data(), ys.data(), int(xs.size()), color, ui_px(3.0f));
}

}  // namespace latent
