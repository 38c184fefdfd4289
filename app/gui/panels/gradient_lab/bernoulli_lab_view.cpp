// Drawing the discrete lab: sliders for theta, t and tau, the two plots
// (bias of the mean, variance of one estimate) against tau or t, and the
// current setting marked. The numbers come from core/estimators/bernoulli_lab.
#include "gui/panels/gradient_lab/bernoulli_lab_view.hpp"

#include <algorithm>
#include <cmath>

#include "gui/panels/shared/estimator_style.hpp"

namespace latent {

namespace {

constexpr int kDotEvery = 4;

void draw_legend() {
  estimator_legend("discrete_estimators", kDiscreteEstimators, [](DiscreteEstimator e) {
    return e == DiscreteEstimator::ReinforceWithBaseline ? "REINFORCE + optimal baseline (variance 0)"
                                                         : discrete_estimator_name(e);
  });
}

}  // namespace

const char* BernoulliLabView::explanation() {
  return "Here z is a coin with P(z = 1) = θ and we want the gradient of E[(z − t)²] with respect to θ, exactly "
         "1 − 2t. z cannot be written as a smooth function of θ and noise, so the reparameterization trick does not "
         "apply. REINFORCE uses f(z) times the score of the coin: unbiased, noisy; with its optimal constant "
         "baseline a single coin's estimate becomes exact. The Concrete relaxation replaces z by "
         "X = σ((logit θ + L)/τ), a soft coin, and differentiates through it; straight-through uses the hard z "
         "forward and the soft X backward. Both are biased: as the temperature τ falls the bias shrinks and the "
         "variance grows. With t = 0.45 the signal (0.1) is small beside REINFORCE's noise.";
}

void BernoulliLabView::draw_controls(bool compact) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float third = (ImGui::GetContentRegionAvail().x - 2 * spacing) / 3.0f;
  float theta = float(settings_.theta), t = float(settings_.target), tau = float(settings_.temperature);
  ImGui::SetNextItemWidth(third);
  if (ImGui::SliderFloat("##theta", &theta, 0.01f, 0.99f, "θ = %.2f")) {
    settings_.theta = theta;
    dirty_ = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("θ = P(z = 1), the coin's probability of heads");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  if (ImGui::SliderFloat("##t", &t, -0.5f, 1.5f, "t = %.2f")) {
    settings_.target = t;
    dirty_ = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("f(z) = (z − t)²; the true gradient is 1 − 2t");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(third);
  if (ImGui::SliderFloat("##tau", &tau, 0.01f, 5.0f, "τ = %.3f", ImGuiSliderFlags_Logarithmic)) {
    settings_.temperature = tau;
    dirty_ = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("the relaxation's temperature: low τ, nearly a hard coin");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("against");
  ImGui::SameLine();
  if (ImGui::RadioButton("τ", sweep_ == Sweep::Temperature) && sweep_ != Sweep::Temperature) {
    sweep_ = Sweep::Temperature;
    dirty_ = true;
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("t", sweep_ == Sweep::Target) && sweep_ != Sweep::Target) {
    sweep_ = Sweep::Target;
    dirty_ = true;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 6.0f, ImGui::GetContentRegionAvail().x * 0.5f));
  int samples = settings_.samples;
  if (ImGui::SliderInt("##draws", &samples, 100, 100000, "%d draws", ImGuiSliderFlags_Logarithmic)) {
    settings_.samples = std::max(2, samples);
    dirty_ = dirty_ || settings_.samples <= 10000;
  }
  if (ImGui::IsItemDeactivatedAfterEdit()) dirty_ = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("each dot: the mean or variance of this many single-draw estimates");
  ImGui::SameLine();
  if (ImGui::Button("New draws", ImVec2(-FLT_MIN, 0))) {
    ++settings_.seed;
    dirty_ = true;
  }
  if (compact) draw_legend();
}

void BernoulliLabView::recompute() {
  dirty_ = false;
  error_.clear();
  try {
    validate_bernoulli_lab(settings_);
    xs_.clear();
    const int steps = 61;
    for (int i = 0; i < steps; ++i)
      xs_.push_back(sweep_ == Sweep::Temperature ? 0.01 * std::pow(500.0, i / double(steps - 1))
                                                 : -0.5 + 2.0 * i / double(steps - 1));
    dot_xs_.clear();
    for (size_t i = 0; i < xs_.size(); i += kDotEvery) dot_xs_.push_back(xs_[i]);
    BernoulliLabSettings exact_only = settings_;
    exact_only.samples = 0;
    const auto run = [&](const BernoulliLabSettings& s, const std::vector<double>& at) {
      return sweep_ == Sweep::Temperature ? sweep_bernoulli_temperature(s, at) : sweep_bernoulli_target(s, at);
    };
    exact_ = run(exact_only, xs_);
    current_ = run_bernoulli_lab(exact_only);  // once per change, not per frame: ~10^5 quadrature nodes
    sampled_ = run(settings_, dot_xs_);
  } catch (const std::exception& e) {
    error_ = e.what();
    exact_.clear();
    sampled_.clear();
  }
}

void BernoulliLabView::draw(float min_plot_height) {
  const bool lesson = min_plot_height > 0;
  draw_controls(lesson);
  if (dirty_) recompute();
  if (!error_.empty()) {
    ImGui::TextColored(ImVec4(0.85f, 0.15f, 0.1f, 1.0f), "%s", error_.c_str());
    return;
  }
  if (!lesson) {
    draw_legend();
    const BernoulliLabResult& now = current_;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("lines: exact (quadrature over the relaxation's noise);  dots: %s draws each;  "
                        "true gradient 1 − 2t = %s; at τ = %s the Concrete bias is %s",
                        plot::format_significant(settings_.samples, 3).c_str(),
                        plot::format_significant(now.true_gradient, 3).c_str(),
                        plot::format_significant(settings_.temperature, 3).c_str(),
                        plot::format_significant(now.at(DiscreteEstimator::Concrete).exact_mean - now.true_gradient, 2).c_str());
    ImGui::PopTextWrapPos();
  }
  static const std::vector<const char*> names = {"bias", "variance"};
  for (const plot::PlotCell& cell :
       plot::arrange_plots("discrete_plots", names, choice_, min_plot_height, ImGui::GetFontSize() * 7.0f)) {
    if (cell.same_line) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.y);
    draw_plot(cell.plot, cell.size, cell.x_labels);
  }
}

void BernoulliLabView::draw_plot(int which, ImVec2 size, bool x_labels) {
  const plot::Colors& c = plot::colors();
  const bool variance = which == 1;
  auto value = [&](const BernoulliLabResult& r, DiscreteEstimator e, bool sampled) {
    const DiscreteEstimatorStatistics& s = r.at(e);
    if (variance) return sampled ? s.empirical_variance : s.exact_variance;
    return (sampled ? s.empirical_mean : s.exact_mean) - r.true_gradient;
  };
  double lo = INFINITY, hi = -INFINITY;
  for (const auto* set : {&exact_, &sampled_})
    for (const BernoulliLabResult& r : *set)
      for (DiscreteEstimator e : kDiscreteEstimators) {
        const double v = value(r, e, set == &sampled_);
        if (!std::isfinite(v) || (variance && v <= 0.0)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  if (!(hi >= lo)) lo = -1.0, hi = 1.0;
  if (variance) lo = std::max(lo, hi * 1e-6);  // a near-0 fitted-baseline variance would stretch the axis

  const float font = ImGui::GetFontSize();
  const float plot_height = size.y - (x_labels ? 2.5f : 0.5f) * font;
  plot::FrameOptions options;
  options.title = variance ? "variance of one draw (log scale)" : "bias = mean − true gradient";
  options.x_tick_labels = x_labels;
  options.left_margin = ImGui::CalcTextSize("-0.0001").x + std::round(font * 0.7f);
  const bool by_tau = sweep_ == Sweep::Temperature;
  plot::Axis x{x_labels ? (by_tau ? "τ, the relaxation's temperature (log scale)" : "t, in f(z) = (z − t)²") : "",
               xs_.front(), xs_.back(), by_tau ? plot::Scale::Log : plot::Scale::Linear};
  plot::Axis y = variance ? plot::Axis{"", lo / 2.0, hi * 2.0, plot::Scale::Log}
                          : plot::Axis{"", lo - 0.1 * (hi - lo + 1e-3), hi + 0.1 * (hi - lo + 1e-3), plot::Scale::Linear};
  y = plot::with_headroom(y, 1.4f * font / std::max(plot_height, font));
  if (variance) options.y_ticks = plot::make_power_ticks(y.min, y.max, int(plot_height / (font * 1.4f)));
  ImGui::PushID(which);
  plot::Frame frame("discrete_vs_x", size, x, y, options);
  ImGui::PopID();

  if (!variance) {
    const double zero[2] = {0.0, 0.0}, ends[2] = {xs_.front(), xs_.back()};
    frame.line(ends, zero, 2, plot::with_alpha(c.axis_text, 0.6f), 1.0f);
  }
  frame.vertical_line(by_tau ? settings_.temperature : settings_.target, plot::with_alpha(c.accent, 0.8f), 1.5f);
  const float thick = std::max(2.0f, font * 0.13f);
  std::vector<double> ys(exact_.size());
  std::vector<float> dot_x, dot_y;
  for (DiscreteEstimator e : kDiscreteEstimators) {
    for (size_t i = 0; i < exact_.size(); ++i) ys[i] = value(exact_[i], e, false);
    if (!(variance && e == DiscreteEstimator::ReinforceWithBaseline))  // exactly 0: no place on a log axis
      frame.line(xs_.data(), ys.data(), int(xs_.size()), estimator_color(e), thick);
    dot_x.clear();
    dot_y.clear();
    for (size_t i = 0; i < sampled_.size(); ++i) {
      dot_x.push_back(float(dot_xs_[i]));
      dot_y.push_back(float(value(sampled_[i], e, true)));
    }
    frame.markers(dot_x.data(), dot_y.data(), int(dot_x.size()), estimator_color(e, 0.85f), thick * 1.6f);
  }
  if (frame.hovered() && !exact_.empty()) {
    const double mx = frame.mouse_x();
    size_t best = 0;
    for (size_t i = 1; i < xs_.size(); ++i)
      if (std::fabs(xs_[i] - mx) < std::fabs(xs_[best] - mx)) best = i;
    ImGui::BeginTooltip();
    ImGui::Text("%s = %s: true gradient %s", by_tau ? "τ" : "t", plot::format_significant(xs_[best], 3).c_str(),
                plot::format_significant(exact_[best].true_gradient, 3).c_str());
    for (DiscreteEstimator e : kDiscreteEstimators)
      ImGui::Text("   %-22s bias %s, variance %s", discrete_estimator_name(e),
                  plot::format_significant(exact_[best].at(e).exact_mean - exact_[best].true_gradient, 2).c_str(),
                  plot::format_significant(exact_[best].at(e).exact_variance, 3).c_str());
    ImGui::EndTooltip();
  }
}

}  // namespace latent
