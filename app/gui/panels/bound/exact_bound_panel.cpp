// Drawing the mixture's E/M buttons, the identity's caption, and log p(x),
// the ELBO and their gap from the snapshot's curves (per EM half-step, or per
// epoch on the held-out set).
#include "gui/panels/bound/exact_bound_panel.hpp"

#include <algorithm>
#include <cmath>

#include "gui/panels/conditional/conditional_style.hpp"

namespace latent {

namespace {
// EM's half-steps are few: the last 40 show the staircase; gradient runs show all of theirs.
constexpr size_t kRecentHalfSteps = 40;
ImU32 log_lik_color() { return plot::with_alpha(plot::colors().axis_text, 0.95f); }
ImU32 elbo_color() { return plot::colors().accent; }
ImU32 gap_color(float alpha) { return plot::with_alpha(plot::colors().accent, alpha); }
}  // namespace

void ExactBoundPanel::draw_buttons(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  const std::optional<EmHalf> last = s.mixture->last;
  const float font = ImGui::GetFontSize();
  const float width = std::round(font * 6.0f);
  auto half_step = [&](const char* label, EmHalf half, const char* tip) {
    // The half-step due next is the one drawn as the default button.
    const bool due = half == (last == EmHalf::E ? EmHalf::M : EmHalf::E);
    if (!due) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    if (ImGui::Button(label, ImVec2(width, font * 1.8f))) {
      // A half-step while running would be lost in the stream: pause first.
      if (s.state == RunState::Running) ctx.trainer.post(command::Pause{});
      ctx.trainer.post(command::EmHalfStep{half});
    }
    if (!due) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  };
  half_step("E-step", EmHalf::E, "q(z|x) := p(z|x) for every point (pauses first)");
  ImGui::SameLine();
  half_step("M-step", EmHalf::M, "π, μ, Σ := argmax of the ELBO of the current q (pauses first)");
  const char* state = s.state == RunState::Running ? "running: E, M, E, ..." : "paused";
  same_line_if_fits(ImGui::CalcTextSize(state).x);
  ImGui::TextDisabled("%s", state);
}

void ExactBoundPanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  const bool categorical = s.categorical != nullptr;
  if (!s.mixture && !categorical) {
    ImGui::TextDisabled("waiting for the model ...");
    return;
  }
  if (categorical && s.categorical->config().joint_codes() > kMaxEnumeratedCodes) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("log p(x) sums over every code: %d^%d are too many (at most 1,000). Fewer groups or "
                        "categories make it exact.", s.model.categories, s.model.groups);
    ImGui::PopTextWrapPos();
    return;
  }
  const bool em = !categorical && s.mixture->config.fit == MixtureFit::Em;
  const bool gap = em || categorical;  // a gradient-fitted mixture's q is p(z|x) throughout
  if (em) draw_buttons(ctx);
  ImGui::PushTextWrapPos(0.0f);
  // In a lesson its caption explains, and the plots need the height.
  if (ctx.min_plot_height <= 0)
    ImGui::TextUnformatted(
        em ? "E-step: q = p(z|x), so ELBO = log p(x).  M-step raises the ELBO and opens the gap."
        : categorical ? "Exact: log p(x) = log Σ_z p(x|z) p(z) over all codes; the gap is what q(z|x) misses."
                      : "Gradient ascent on log p(x): q is always p(z|x), so the ELBO equals log p(x).");
  // EM: the training set's figures per half-step. Otherwise the held-out
  // figures per epoch (minibatch figures are noise at a glance).
  const MetricSeries& series = em ? s.train_metrics : s.test_metrics;
  const MetricSeries& latest = categorical ? s.test_metrics : s.train_metrics;
  if (!latest.empty()) {
    const MetricPoint& p = latest.back();
    const char* after = categorical ? "held out"
                        : !em       ? "last minibatch"
                        : s.mixture->last == EmHalf::E ? "after the E-step"
                                                       : "after the M-step";
    // One line (nats per example): the plots below need the height.
    ImGui::Text("%s: log p(x) %.3f   ELBO %.3f   gap %.4f", after, p.log_lik, p.elbo, p.log_lik - p.elbo);
  }
  ImGui::PopTextWrapPos();
  if (series.size() < 1) {
    ImGui::TextDisabled(em ? "press E-step (or train) to start" : "train to start (one point per epoch)");
    return;
  }
  std::vector<plot::LegendEntry> legend = {{em ? "log p(x)" : "held-out log p(x)", log_lik_color(), false, true}};
  if (gap) {
    legend.push_back({em ? "ELBO of the current q" : "held-out ELBO of q(z|x)", elbo_color(), false, true});
    legend.push_back({"gap = KL(q ‖ p(z|x))", gap_color(0.35f)});
  }
  plot::legend("exact_bound_legend", legend);
  const size_t first = em && series.size() > kRecentHalfSteps ? series.size() - kRecentHalfSteps : 0;
  static const std::vector<const char*> gap_names = {"log p(x) and ELBO", "gap"}, one_name = {"log p(x)"};
  for (const plot::PlotCell& cell :
       plot::arrange_plots("exact_bound", gap ? gap_names : one_name, choice_, ctx.min_plot_height)) {
    if (cell.same_line) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.y);
    if (cell.plot == 0)
      draw_curves(series, first, em, gap, cell.size, cell.x_labels);
    else
      draw_gap(series, first, em, cell.size, cell.x_labels);
  }
}

void ExactBoundPanel::draw_curves(const MetricSeries& series, size_t first, bool em, bool gap, ImVec2 size,
                                  bool x_labels) const {
  // At most ~2,000 points a curve: a long run is thinned by a stride.
  const size_t stride = std::max<size_t>(1, (series.size() - first) / 2000);
  std::vector<float> xs, log_lik, elbo;
  for (size_t i = first; i < series.size(); i += stride) {
    xs.push_back(float(series[i].step));
    log_lik.push_back(series[i].log_lik);
    elbo.push_back(series[i].elbo);
  }
  const auto [lo, hi] = std::minmax_element(elbo.begin(), elbo.end());
  const float top = *std::max_element(log_lik.begin(), log_lik.end());
  plot::FrameOptions options;
  options.title = "nats per point";
  options.x_tick_labels = x_labels;
  options.left_margin = ImGui::CalcTextSize("−00.000").x + std::round(ImGui::GetFontSize() * 0.7f);
  const double span = std::max(1e-3, double(std::max(*hi, top) - *lo));
  const plot::Axis y = plot::with_headroom(plot::Axis{"", *lo - 0.05 * span, std::max(*hi, top)}, 0.1f);
  const double x0 = xs.front() - 0.5, x1 = std::max(xs.back() + 0.5, x0 + 2.0);
  plot::Frame frame("exact_curves", size, plot::Axis{!x_labels ? "" : em ? "half-step" : "step", x0, x1}, y, options);
  if (!gap) {  // q = p(z|x): the ELBO is log p(x), one line
    frame.line(xs.data(), log_lik.data(), int(xs.size()), log_lik_color(), ui_px(2.2f));
    return;
  }
  frame.band(xs.data(), elbo.data(), log_lik.data(), int(xs.size()), gap_color(0.25f));
  frame.line(xs.data(), log_lik.data(), int(xs.size()), log_lik_color(), ui_px(2.2f));
  frame.line(xs.data(), elbo.data(), int(xs.size()), elbo_color(), ui_px(2.0f));
  if (xs.size() <= kRecentHalfSteps) {  // each half-step a dot: where the ELBO touches log p(x)
    frame.markers(xs.data(), log_lik.data(), int(xs.size()), log_lik_color(), ui_px(3.0f));
    frame.markers(xs.data(), elbo.data(), int(xs.size()), elbo_color(), ui_px(3.0f));
  }
}

void ExactBoundPanel::draw_gap(const MetricSeries& series, size_t first, bool em, ImVec2 size, bool x_labels) const {
  std::vector<float> gap;
  for (size_t i = first; i < series.size(); ++i) gap.push_back(std::max(0.0f, series[i].log_lik - series[i].elbo));
  // At least 0.01 nats high: a converged run's gap of ~0 draws as nothing, not as noise blown up.
  const float hi = std::max(0.01f, *std::max_element(gap.begin(), gap.end()));
  plot::FrameOptions options;
  options.title = "gap = KL(q ‖ p(z|x))";
  options.x_tick_labels = x_labels;
  options.left_margin = ImGui::CalcTextSize("−00.000").x + std::round(ImGui::GetFontSize() * 0.7f);
  const double x0 = double(series[first].step) - 0.5, x1 = std::max(double(series.back().step) + 0.5, x0 + 2.0);
  plot::Frame frame("exact_gap", size, plot::Axis{!x_labels ? "" : em ? "half-step" : "step", x0, x1},
                    plot::with_headroom(plot::Axis{"", 0.0, hi}, 0.25f), options);
  // EM's gap is zero after each E-step: a bar per half-step. Epochs are far apart: a line.
  if (em) {
    frame.bars(x0, 1.0, gap.data(), int(gap.size()), gap_color(0.6f), 0);
    return;
  }
  std::vector<float> xs;
  for (size_t i = first; i < series.size(); ++i) xs.push_back(float(series[i].step));
  frame.line(xs.data(), gap.data(), int(xs.size()), gap_color(0.9f), ui_px(2.0f));
  frame.markers(xs.data(), gap.data(), int(xs.size()), gap_color(0.9f), ui_px(3.0f));
}

}  // namespace latent
