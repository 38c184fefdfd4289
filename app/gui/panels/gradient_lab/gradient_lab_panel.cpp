// Drawing the Gradient lab: the estimator switch (posted to the trainer), the variance probe's
// history and latest histograms from the snapshot, and the 1-D lab's tab.
#include "gui/panels/gradient_lab/gradient_lab_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/shared/estimator_style.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

namespace {

// Tick labels and the axis label under the last histogram, in lines of text (with their padding).
constexpr float kHistogramLabels = 2.7f;

// A short coloured line before a label: the row's colour in every plot below.
void swatch(ImU32 color) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFrameHeight(), w = ImGui::GetTextLineHeight() * 1.1f;
  ImGui::GetWindowDrawList()->AddLine({p.x, p.y + h * 0.5f}, {p.x + w, p.y + h * 0.5f}, color,
                                      std::max(2.5f, ImGui::GetFontSize() * 0.18f));
  ImGui::Dummy(ImVec2(w, h));
  ImGui::SameLine();
}

void header_with_tooltip(const char* name, const char* tooltip) {
  ImGui::TableNextColumn();
  ImGui::TableHeader(name);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22.0f);
    ImGui::TextUnformatted(tooltip);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

const EstimatorVariance* find(const VarianceProbeResult& probe, EncoderGradient e) {
  for (const EstimatorVariance& v : probe.estimators)
    if (v.estimator == e) return &v;
  return nullptr;
}

// Smallest and largest positive value of `value(estimate)` over every probe and estimator.
template <typename Value>
bool positive_range(const std::vector<VarianceProbeResult>& probes, Value value, double& lo, double& hi) {
  bool any = false;
  for (const VarianceProbeResult& p : probes)
    for (const EstimatorVariance& v : p.estimators) {
      const double y = value(v);
      if (!std::isfinite(y) || y <= 0.0) continue;
      lo = any ? std::min(lo, y) : y;
      hi = any ? std::max(hi, y) : y;
      any = true;
    }
  return any;
}

}  // namespace

const char* GradientLabPanel::explanation() {
  return "Each training step sees the encoder's gradient through a few random z, so it gets a noisy estimate "
         "of the true gradient. The pathwise (reparameterization) estimator differentiates through "
         "z = μ + σ·ε and uses the slope of log p(x|z); the score function (REINFORCE) uses only its value "
         "times ∇ log q(z|x), which works for any model but is typically orders of magnitude noisier, and a "
         "baseline subtracted from that value removes part of the noise without adding bias. Switch the "
         "estimator while training: the probe measures all four on the same parameters and minibatch, and the "
         "ELBO curve shows how much slower the noisier gradient learns.";
}

void GradientLabPanel::draw(PanelContext& ctx) {
  if (!ImGui::BeginTabBar("gradient_lab_tabs")) return;
  auto flags = [&](Tab tab) {
    return requested_tab_ == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
  };
  if (ImGui::BeginTabItem("VAE encoder, live", nullptr, flags(Tab::LiveProbe))) {
    if (ImGui::CollapsingHeader("What am I looking at?")) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(explanation());
      ImGui::PopTextWrapPos();
    }
    draw_probe_tab(ctx);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("1-D Gaussian", nullptr, flags(Tab::GaussianLab))) {
    if (ImGui::CollapsingHeader("What am I looking at?")) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(GaussianLabView::explanation());
      ImGui::PopTextWrapPos();
    }
    gaussian_.draw();
    ImGui::EndTabItem();
  }
  requested_tab_.reset();
  ImGui::EndTabBar();
}

void GradientLabPanel::draw_probe_tab(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (s.model.kind == ModelKind::Conditional) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("This run's encoder is the conditional VAE's q(z|x,y); the MDN beside it has an exact "
                        "likelihood and no encoder gradient to estimate.");
    ImGui::PopTextWrapPos();
  }
  const auto& probes = s.probes;
  const VarianceProbeResult* latest = probes && !probes->empty() ? &probes->back() : nullptr;
  const float font = ImGui::GetFontSize();
  draw_estimator_table(ctx, latest);

  if (!latest) {
    ImGui::TextDisabled(s.state == RunState::Running ? "The first probe runs a few seconds into training ..."
                                                     : "No probe yet: train, or press Probe now.");
    return;
  }
  // Three bands share the height: the variance plot; SNR and cosine side by side; the four
  // histogram rows, whose last one also carries the x tick labels and axis label.
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float avail = ImGui::GetContentRegionAvail().y - 6.0f * spacing;  // between the six rows of plots
  const float histograms = std::max(4.0f * 1.8f * font, avail * 0.42f - kHistogramLabels * font);
  const float history = std::max(9.0f * font, avail - histograms - kHistogramLabels * font);
  draw_history(*probes, std::floor(history * 0.58f), std::floor(history * 0.42f));
  draw_histograms(*latest, std::floor(histograms / 4.0f));
}

void GradientLabPanel::draw_estimator_table(PanelContext& ctx, const VarianceProbeResult* latest) {
  const Snapshot& s = ctx.snap();
  const EncoderGradient training = s.training.estimator;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Train the encoder with:");
  ImGui::SameLine();
  const char* probe_label = "Probe now";
  const float button_w = ImGui::CalcTextSize(probe_label).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - button_w));
  ImGui::BeginDisabled(!s.params);
  if (ImGui::Button(probe_label)) ctx.trainer.post(command::ProbeNow{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("measure all four estimators now; otherwise every few seconds, within 5%% of training time");

  const EstimatorVariance* pathwise = latest ? find(*latest, EncoderGradient::Reparameterization) : nullptr;
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH;
  // Narrow (a projector's UI scale): SNR and cosine stay in their plots below, not in the table.
  const bool compact = ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 27.0f;
  if (ImGui::BeginTable("estimators", compact ? 3 : 5, flags)) {
    ImGui::TableSetupColumn("estimator", ImGuiTableColumnFlags_WidthStretch, 3.3f);
    ImGui::TableSetupColumn("variance", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("× pathwise", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    if (!compact) {
      ImGui::TableSetupColumn("SNR", ImGuiTableColumnFlags_WidthStretch, 0.8f);
      ImGui::TableSetupColumn("cos", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    }
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    header_with_tooltip(compact ? "train with" : "estimator (click to train)",
                        "The estimator the encoder trains with, from the next step. SF = score function (REINFORCE).");
    header_with_tooltip("variance", "Total variance of one gradient estimate: the sum over the encoder's "
                                    "parameters of each one's variance (the trace of the covariance), at the "
                                    "latest probe.");
    header_with_tooltip("× pathwise", "This estimator's total variance divided by the pathwise one's, on the same "
                                      "parameters and minibatch.");
    if (!compact) {
      header_with_tooltip("SNR", "Signal-to-noise ratio: |mean| / standard deviation of one estimate, averaged over "
                                 "the encoder's parameters. Below 1, a single step's sign is mostly noise.");
      header_with_tooltip("cos", "Cosine between the average of the estimates and a reference gradient (the mean "
                                 "of many pathwise estimates): 1 means the same direction.");
    }
    for (int i = 0; i < kEncoderGradientCount; ++i) {
      const EncoderGradient e = EncoderGradient(i);
      const EstimatorVariance* v = latest ? find(*latest, e) : nullptr;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      swatch(estimator_color(e));
      if (ImGui::RadioButton(estimator_label(e), training == e) && training != e)
        ctx.trainer.post(command::SetEstimator{e});
      ImGui::PopID();
      auto cell = [&](const std::string& text) {
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text.c_str());
      };
      if (!v) {
        for (int c = 0; c < (compact ? 2 : 4); ++c) cell("—");
        continue;
      }
      cell(plot::format_significant(v->total_variance, 2));
      cell(pathwise && pathwise->total_variance > 0
               ? plot::format_significant(v->total_variance / pathwise->total_variance, 2) + "×"
               : "—");
      if (compact) continue;
      cell(plot::format_significant(v->mean_snr, 2));
      char cosine[16];
      std::snprintf(cosine, sizeof cosine, "%.2f", v->cosine_to_reference);
      cell(cosine);
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0.0f);
  const int m = s.training.mc_samples;
  ImGui::TextDisabled("Leave-one-out needs M ≥ 2: it trains with M = max(2, M) = %d.", std::max(2, m));
  if (latest)
    ImGui::TextDisabled("Probe at step %s: %d draws × %d examples × M = %d, %.0f ms",
                        with_commas(latest->step).c_str(), latest->draws, latest->batch, latest->samples,
                        latest->seconds * 1000.0);
  ImGui::PopTextWrapPos();
}

void GradientLabPanel::draw_history(const std::vector<VarianceProbeResult>& probes, float variance_height,
                                    float small_height) {
  const plot::Colors& c = plot::colors();
  const float font = ImGui::GetFontSize();
  const float thick = std::max(2.0f, font * 0.13f);
  const double last_step = double(std::max<int64_t>(probes.back().step, 1));
  const plot::Axis steps{"", 0.0, last_step * 1.03, plot::Scale::Linear};
  plot::Axis labelled_steps = steps;
  labelled_steps.label = "training step";
  // Hovering any of the three plots (as of last frame) draws the same cursor in all of them.
  const bool hovered = history_hovered_;
  bool hovered_now = false;

  // One plot of `value` for every estimator over the probes, with a marker per probe.
  auto series_plot = [&](const char* id, const std::string& title, ImVec2 size, const plot::Axis& x,
                         plot::Axis y, auto value) {
    plot::FrameOptions options;
    options.title = title;
    // The plotting area is the height less the tick labels (and the axis label, if any); its top
    // is kept free of data for the title, which the Frame draws inside the top-left corner.
    const float plot_height = size.y - (x.label.empty() ? 1.4f : 2.7f) * font;
    y = plot::with_headroom(y, 1.3f * font / std::max(plot_height, font));
    // Every decade labelled where there is room: the default thins them out on a short plot.
    if (y.scale == plot::Scale::Log)
      options.y_ticks = plot::make_power_ticks(y.min, y.max, int(plot_height / (font * 1.2f)));
    plot::Frame frame(id, size, x, y, options);
    std::vector<float> xs, ys;
    for (int i = 0; i < kEncoderGradientCount; ++i) {
      xs.clear();
      ys.clear();
      for (const VarianceProbeResult& p : probes)
        if (const EstimatorVariance* v = find(p, EncoderGradient(i))) {
          xs.push_back(float(p.step));
          ys.push_back(float(value(*v)));
        }
      const ImU32 color = estimator_color(EncoderGradient(i));
      frame.line(xs.data(), ys.data(), int(xs.size()), color, thick);
      frame.markers(xs.data(), ys.data(), int(xs.size()), color, thick * 1.5f);
    }
    if (frame.hovered()) {
      hovered_now = true;
      hover_step_ = frame.mouse_x();
    }
    if (hovered) frame.vertical_line(hover_step_, plot::with_alpha(c.axis_text, 0.5f), 1.0f);
  };

  double lo = 1, hi = 10;
  if (!positive_range(probes, [](const EstimatorVariance& v) { return v.total_variance; }, lo, hi)) {
    lo = 1;
    hi = 10;
  }
  series_plot("variance", "total variance of one estimate (log scale)", ImVec2(0, variance_height), labelled_steps,
              plot::Axis{"", lo / 1.6, hi * 1.6, plot::Scale::Log},
              [](const EstimatorVariance& v) { return v.total_variance; });

  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float half = std::floor((ImGui::GetContentRegionAvail().x - spacing) * 0.5f);
  if (!positive_range(probes, [](const EstimatorVariance& v) { return v.mean_snr; }, lo, hi)) {
    lo = 0.1;
    hi = 1;
  }
  series_plot("snr", "SNR |mean|/std", ImVec2(half, small_height), steps,
              plot::Axis{"", lo / 1.3, hi * 1.3, plot::Scale::Log},
              [](const EstimatorVariance& v) { return v.mean_snr; });
  ImGui::SameLine(0, spacing);
  double cos_lo = 0.0;
  for (const VarianceProbeResult& p : probes)
    for (const EstimatorVariance& v : p.estimators) cos_lo = std::min(cos_lo, v.cosine_to_reference);
  series_plot("cosine", "cosine to reference", ImVec2(half, small_height), steps,
              plot::Axis{"", cos_lo - 0.05, 1.02, plot::Scale::Linear},
              [](const EstimatorVariance& v) { return v.cosine_to_reference; });
  history_hovered_ = hovered_now;

  if (hovered_now) {
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
        ImGui::Text("cos %.3f", v.cosine_to_reference);
      }
      ImGui::EndTable();
    }
    ImGui::EndTooltip();
  }
}

void GradientLabPanel::draw_histograms(const VarianceProbeResult& latest, float row_height) {
  const plot::Colors& c = plot::colors();
  // One x range for all four, so the widths compare at a glance.
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
  // The names go in a column to the left of the plots: inside, a title would hide the narrow
  // spike at 0 that is the whole point of the pathwise row.
  const float font = ImGui::GetFontSize();
  float name_width = 0.0f;
  for (const EstimatorVariance& v : latest.estimators)
    name_width = std::max(name_width, ImGui::CalcTextSize(estimator_label(v.estimator)).x);
  name_width += std::round(font * 0.5f);
  for (size_t i = 0; i < latest.estimators.size(); ++i) {
    const EstimatorVariance& v = latest.estimators[i];
    const bool last = i + 1 == latest.estimators.size();
    const std::vector<float> counts =
        plot::histogram_counts(v.coordinate_draws.data(), int(v.coordinate_draws.size()), x0, x1, kBins);
    // Headroom above the tallest bar for the spread written in the top-right corner.
    const float top = 1.5f * std::max(1.0f, *std::max_element(counts.begin(), counts.end()));
    double mean = 0, squares = 0;
    for (float d : v.coordinate_draws) mean += d;
    mean /= double(std::max<size_t>(1, v.coordinate_draws.size()));
    for (float d : v.coordinate_draws) squares += (d - mean) * (d - mean);
    const double sd = std::sqrt(squares / double(std::max<size_t>(1, v.coordinate_draws.size() - 1)));
    const ImU32 color = estimator_color(v.estimator);
    const ImVec2 row = ImGui::GetCursorScreenPos();
    const float pad = std::round(font * 0.35f);  // the Frame's own padding above its area
    ImGui::GetWindowDrawList()->AddText(ImVec2(row.x, row.y + std::max(0.0f, pad + (row_height - 2 * pad - font) * 0.5f)),
                                        color, estimator_label(v.estimator));
    ImGui::Dummy(ImVec2(name_width, 1.0f));
    ImGui::SameLine(0.0f, 0.0f);
    plot::FrameOptions options;
    options.left_margin = pad;
    options.x_tick_labels = last;
    options.y_ticks = {{0.0, ""}};  // counts of a couple of dozen draws: the shape is the message
    ImGui::PushID(int(i));
    plot::Frame frame("histogram", ImVec2(0, row_height + (last ? kHistogramLabels * ImGui::GetFontSize() : 0.0f)),
                      plot::Axis{last ? label : std::string(), x0, x1, plot::Scale::Linear},
                      plot::Axis{"", 0.0, top, plot::Scale::Linear}, options);
    ImGui::PopID();
    if (x0 < 0.0 && x1 > 0.0) frame.vertical_line(0.0, plot::with_alpha(c.axis_text, 0.35f), 1.0f);
    frame.bars(x0, width, counts.data(), kBins, plot::with_alpha(color, 0.55f), color);
    const std::string spread = "sd " + plot::format_significant(sd, 2);
    frame.text(x1, top, spread.c_str(), c.axis_text, ImVec2(1, 0), ImVec2(-4, 1));
  }
}

}  // namespace latent
