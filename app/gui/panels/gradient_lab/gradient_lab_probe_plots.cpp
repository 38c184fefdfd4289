// The variance probe's plots: total variance, SNR and cosine over training (a
// point per probe; for a categorical latent the bias against the exact
// gradient in place of the cosine), the spread of one gradient coordinate under each estimator
// (the latest probe's draws, one band each), and the readout under the mouse.
#include <algorithm>
#include <cmath>

#include "gui/panels/gradient_lab/gradient_lab_panel.hpp"
#include "gui/panels/shared/estimator_style.hpp"

namespace latent {

namespace {

// Tick labels and the axis label under the spread plot, in lines of text (with their padding).
constexpr float kSpreadLabels = 2.7f;

// Smallest and largest positive value of `value(estimate)` over every probe and estimator.
template <typename Value>
bool positive_range(const std::vector<VarianceProbeResult>& probes, Value value, double& lo, double& hi) {
  bool any = false;
  for (const VarianceProbeResult& p : probes)
    for (const EstimatorVariance& v : p.estimators) {
      if (v.exact) continue;  // enumeration: rounding, off any log axis
      const double y = value(v);
      if (!std::isfinite(y) || y <= 0.0) continue;
      lo = any ? std::min(lo, y) : y;
      hi = any ? std::max(hi, y) : y;
      any = true;
    }
  return any;
}

// Variance, SNR, then the cosine to the sampled reference or, against an exact one, the relative bias.
double probe_value(const EstimatorVariance& v, int which, bool exact_reference) {
  return which == 0 ? v.total_variance : which == 1 ? v.mean_snr : exact_reference ? v.relative_error
                                                                                   : v.cosine_to_reference;
}

}  // namespace

void GradientLabPanel::draw_probe_plots(const std::vector<VarianceProbeResult>& probes, float min_plot_height) {
  // Hovering any plot over training (as of last frame) draws the same cursor in all of them.
  hovered_now_ = false;
  if (min_plot_height > 0) {
    static const std::vector<const char*> names = {"variance", "SNR", "cosine", "spread of one gradient"};
    for (const plot::PlotCell& cell : plot::arrange_plots("probe_plots", names, choice_, min_plot_height)) {
      if (cell.same_line) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.y);
      draw_probe_plot(ProbePlot(cell.plot), probes, cell.size, cell.x_labels);
    }
  } else {
    // Three bands share the height: the variance plot; SNR and cosine side by side; the spread,
    // which also carries the x tick labels and axis label.
    const float font = ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.y;
    const float avail = ImGui::GetContentRegionAvail().y - 6.0f * spacing;  // between the six rows of old
    const float spread = std::max(4.0f * 1.8f * font, avail * 0.42f - kSpreadLabels * font);
    const float history = std::max(9.0f * font, avail - spread - kSpreadLabels * font);
    draw_probe_plot(ProbePlot::Variance, probes, ImVec2(0, std::floor(history * 0.58f)), true);
    const float half = std::floor((ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f);
    draw_probe_plot(ProbePlot::Snr, probes, ImVec2(half, std::floor(history * 0.42f)), false);
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x);
    draw_probe_plot(ProbePlot::Cosine, probes, ImVec2(half, std::floor(history * 0.42f)), false);
    draw_probe_plot(ProbePlot::Spread, probes, ImVec2(0, std::floor(spread) + 3.0f * spacing + kSpreadLabels * font),
                    true);
  }
  history_hovered_ = hovered_now_;
  if (hovered_now_) draw_probe_tooltip(probes);
}

void GradientLabPanel::draw_probe_plot(ProbePlot which, const std::vector<VarianceProbeResult>& probes, ImVec2 size,
                                       bool x_labels) {
  if (which == ProbePlot::Spread) {
    draw_spread(probes.back(), size);
    return;
  }
  const plot::Colors& c = plot::colors();
  const float font = ImGui::GetFontSize();
  const float thick = std::max(2.0f, font * 0.13f);
  const int index = int(which);  // Variance, Snr, Cosine: probe_value's order
  const bool exact_reference = probes.back().exact_reference;
  static const char* const ids[] = {"variance", "snr", "cosine"};
  const char* const titles[] = {"total variance of one estimate (log scale)", "SNR |mean|/std",
                                exact_reference ? "bias |mean − exact| / |exact|" : "cosine to reference"};
  const double last_step = double(std::max<int64_t>(probes.back().step, 1));
  // In free play only the variance plot names its axis; the two below it share its steps.
  const plot::Axis x{x_labels && which == ProbePlot::Variance ? "training step" : "", 0.0, last_step * 1.03,
                     plot::Scale::Linear};
  plot::Axis y{"", 0.0, 1.0, plot::Scale::Log};
  double lo = 1, hi = 10;
  if (which == ProbePlot::Cosine && !exact_reference) {
    double cos_lo = 0.0;
    for (const VarianceProbeResult& p : probes)
      for (const EstimatorVariance& v : p.estimators) cos_lo = std::min(cos_lo, v.cosine_to_reference);
    y = plot::Axis{"", cos_lo - 0.05, 1.02, plot::Scale::Linear};
  } else {
    const double margin = which == ProbePlot::Variance ? 1.6 : 1.3;
    if (!positive_range(probes, [&](const EstimatorVariance& v) { return probe_value(v, index, exact_reference); },
                        lo, hi)) {
      lo = which == ProbePlot::Variance ? 1.0 : 0.1;
      hi = which == ProbePlot::Variance ? 10.0 : 1.0;
    }
    y = plot::Axis{"", lo / margin, hi * margin, plot::Scale::Log};
  }
  plot::FrameOptions options;
  options.title = titles[index];
  const char* const short_titles[] = {"variance (log scale)", "SNR", exact_reference ? "relative bias" : "cosine"};
  options.short_title = short_titles[index];
  // The plotting area is the height less the tick labels (and the axis label, if any); its top
  // is kept free of data for the title, which the Frame draws inside the top-left corner.
  const float plot_height = size.y - (x.label.empty() ? 1.4f : 2.7f) * font;
  y = plot::with_headroom(y, 1.3f * font / std::max(plot_height, font));
  // Every decade labelled where there is room: the default thins them out on a short plot.
  if (y.scale == plot::Scale::Log)
    options.y_ticks = plot::make_power_ticks(y.min, y.max, int(plot_height / (font * 1.2f)));
  plot::Frame frame(ids[index], size, x, y, options);
  std::vector<float> xs, ys;
  for (const EstimatorVariance& latest : probes.back().estimators) {
    xs.clear();
    ys.clear();
    for (const VarianceProbeResult& p : probes)
      if (const EstimatorVariance* v = p.find(latest.estimator); v && !v->exact) {
        xs.push_back(float(p.step));
        ys.push_back(float(probe_value(*v, index, exact_reference)));
      }
    const ImU32 color = estimator_color(latest.estimator);
    frame.line(xs.data(), ys.data(), int(xs.size()), color, thick);
    frame.markers(xs.data(), ys.data(), int(xs.size()), color, thick * 1.5f);
  }
  if (frame.hovered()) {
    hovered_now_ = true;
    hover_step_ = frame.mouse_x();
  }
  if (history_hovered_) frame.vertical_line(hover_step_, plot::with_alpha(c.axis_text, 0.5f), 1.0f);
}

void GradientLabPanel::draw_probe_tooltip(const std::vector<VarianceProbeResult>& probes) const {
  const auto nearest = std::min_element(probes.begin(), probes.end(), [&](const auto& a, const auto& b) {
    return std::fabs(double(a.step) - hover_step_) < std::fabs(double(b.step) - hover_step_);
  });
  ImGui::BeginTooltip();
  ImGui::Text("probe at step %s", with_commas(nearest->step).c_str());
  if (ImGui::BeginTable("probe_tip", 4, ImGuiTableFlags_SizingFixedFit)) {
    for (const EstimatorVariance& v : nearest->estimators) {
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(estimator_color(v.estimator)), "%s",
                         estimator_label(v.estimator));
      ImGui::TableNextColumn();
      ImGui::Text("variance %s", plot::format_significant(v.total_variance, 3).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("SNR %s", plot::format_significant(v.mean_snr, 2).c_str());
      ImGui::TableNextColumn();
      if (nearest->exact_reference)
        ImGui::Text("bias %s", plot::format_significant(v.relative_error, 2).c_str());
      else
        ImGui::Text("cos %.3f", v.cosine_to_reference);
    }
    ImGui::EndTable();
  }
  ImGui::EndTooltip();
}

void GradientLabPanel::draw_spread(const VarianceProbeResult& latest, ImVec2 size) {
  const plot::Colors& c = plot::colors();
  // One x range for all the estimators, so the widths compare at a glance.
  float lo = 0, hi = 0;
  bool any = false;
  for (const EstimatorVariance& v : latest.estimators)
    for (float d : v.coordinate_draws)
      if (std::isfinite(d)) {
        lo = any ? std::min(lo, d) : d;
        hi = any ? std::max(hi, d) : d;
        any = true;
      }
  if (!any) return;
  if (!(hi > lo)) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("No histogram: the probed encoder parameter #%zu gets the same gradient (%g) in every draw "
                        "(a unit that never fires, or an input that is always 0, on the probed examples).",
                        latest.coordinate, double(lo));
    ImGui::PopTextWrapPos();
    return;
  }
  const double pad = 0.05 * (double(hi) - double(lo));
  const double x0 = lo - pad, x1 = hi + pad;
  constexpr int kBins = 31;  // odd: a symmetric cloud around 0 gets a middle bin
  const double width = (x1 - x0) / kBins;

  // φ with the parameter's index in subscript digits: φ₀, φ₁₂.
  std::string label = "one estimate of ∂(−ELBO)/∂φ";
  static const char* kSubscripts[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
  for (char digit : std::to_string(latest.coordinate)) label += kSubscripts[digit - '0'];
  label += "  (latest probe)";
  // One band per estimator, top to bottom, its name left of its baseline: inside, a title would
  // hide the narrow spike at 0 that is the whole point of the pathwise band. Its x axis is its own.
  const int n = int(latest.estimators.size());
  plot::FrameOptions options;
  for (int i = 0; i < n; ++i)
    options.y_ticks.push_back({double(n - 1 - i), estimator_label(latest.estimators[size_t(i)].estimator)});
  options.y_ticks.push_back({double(n), ""});
  plot::Frame frame("spread", size, plot::Axis{label, x0, x1, plot::Scale::Linear},
                    plot::Axis{"", 0.0, double(n), plot::Scale::Linear}, options);
  if (x0 < 0.0 && x1 > 0.0) frame.vertical_line(0.0, plot::with_alpha(c.axis_text, 0.35f), 1.0f);
  for (int i = 0; i < n; ++i) {
    const EstimatorVariance& v = latest.estimators[size_t(i)];
    std::vector<float> counts =
        plot::histogram_counts(v.coordinate_draws.data(), int(v.coordinate_draws.size()), x0, x1, kBins);
    // Each band's tallest bar at two thirds of it: headroom for the spread written in its top-right corner.
    const float top = 1.5f * std::max(1.0f, *std::max_element(counts.begin(), counts.end()));
    for (float& k : counts) k /= top;
    double mean = 0, squares = 0;
    for (float d : v.coordinate_draws) mean += d;
    mean /= double(std::max<size_t>(1, v.coordinate_draws.size()));
    for (float d : v.coordinate_draws) squares += (d - mean) * (d - mean);
    const double sd = std::sqrt(squares / double(std::max<size_t>(1, v.coordinate_draws.size() - 1)));
    const ImU32 color = estimator_color(v.estimator);
    const double base = double(n - 1 - i);
    frame.bars(x0, width, counts.data(), kBins, plot::with_alpha(color, 0.55f), color, base);
    const std::string spread = "sd " + plot::format_significant(sd, 2);
    frame.text(x1, base + 1.0, spread.c_str(), c.axis_text, ImVec2(1, 0), ImVec2(-4, 1));
  }
}

}  // namespace latent
