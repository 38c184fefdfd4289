// Drawing the 1-D Gaussian gradient lab: its controls, the two variance-against-k plots and
// the note on where pathwise stops being the quieter estimator. The numbers come from core.
#include "gui/panels/gradient_lab/gaussian_lab_view.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "gui/panels/shared/estimator_style.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

namespace {

constexpr CostKind kCosts[] = {CostKind::Quadratic, CostKind::Bump, CostKind::Cosine};
constexpr int kDotEvery = 4;  // dots at every 4th k of the exact curve: fewer, so each one reads as a dot

// core's cost_formula is ASCII for terminals; the UI font has the real minus and superscripts.
const char* pretty_formula(CostKind kind) {
  switch (kind) {
    case CostKind::Quadratic: return "(x − k)²";
    case CostKind::Bump: return "exp(−k x²)";
    case CostKind::Cosine: return "cos(k x)";
  }
  return cost_formula(kind);
}

const char* parameter_symbol(GaussianParameter p) { return p == GaussianParameter::Mu ? "μ" : "σ"; }

void draw_legend() {
  estimator_legend("estimators", kGradientEstimators, [](GradientEstimator e) {
    return e == GradientEstimator::ScoreFunctionWithBaseline ? "score function + optimal baseline"
                                                             : gradient_estimator_name(e);
  });
}

std::string k_text(double k) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", k);
  return buf;
}

}  // namespace

const char* GaussianLabView::explanation() {
  return "Here x ~ N(μ, σ²) and we estimate the gradient of E[f(x)] from one random x at a time. "
         "Pathwise multiplies the slope f′(x) by how x moves with μ or σ; the score function multiplies the "
         "value f(x) by the slope of log N(x; μ, σ²), and a baseline subtracted from f(x) takes out part of its "
         "noise. For a smooth, slowly varying f pathwise is far quieter, but when f wiggles fast (cos(kx) with a "
         "large k) its slopes grow like k and pathwise becomes the noisier one: the shaded region.";
}

void GaussianLabView::draw_controls(bool compact) {
  const float font = ImGui::GetFontSize();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("f(x) =");
  ImGui::SameLine();
  for (CostKind kind : kCosts) {
    if (ImGui::RadioButton(pretty_formula(kind), settings_.cost == kind) && settings_.cost != kind) {
      settings_.cost = kind;
      dirty_ = true;
    }
    ImGui::SameLine();
  }
  if (compact)
    draw_legend();
  else
    ImGui::NewLine();

  // μ and σ side by side (compact: the draws too, a third each); a drag recomputes every frame (a sweep takes a few ms).
  const float half = compact ? (ImGui::GetContentRegionAvail().x - font * 8.0f - spacing * 3.0f) / 3.0f
                             : (ImGui::GetContentRegionAvail().x - spacing) * 0.5f;
  ImGui::SetNextItemWidth(half);
  float mu = float(settings_.mu), sigma = float(settings_.sigma);
  if (ImGui::SliderFloat("##mu", &mu, -3.0f, 3.0f, "μ = %.2f")) {
    settings_.mu = mu;
    dirty_ = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("mean of x ~ N(μ, σ²); Ctrl+click to type a value");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(half);
  if (ImGui::SliderFloat("##sigma", &sigma, 0.2f, 3.0f, "σ = %.2f", ImGuiSliderFlags_Logarithmic)) {
    settings_.sigma = std::max(0.05f, sigma);
    dirty_ = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("standard deviation of x; the k range scales with 1/σ");

  if (compact) ImGui::SameLine();
  ImGui::SetNextItemWidth(compact ? half : std::max(font * 6.0f, ImGui::GetContentRegionAvail().x - font * 7.0f));
  int samples = settings_.samples;
  // Above ~10k draws a sweep takes tens of ms: recompute on release rather than on every drag frame.
  if (ImGui::SliderInt("##samples", &samples, 10, 100000, "%d draws per dot", ImGuiSliderFlags_Logarithmic)) {
    settings_.samples = std::max(2, samples);
    dirty_ = dirty_ || settings_.samples <= 10000;
  }
  if (ImGui::IsItemDeactivatedAfterEdit()) dirty_ = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("each dot is the sample variance of this many single-draw gradient estimates");
  ImGui::SameLine();
  if (ImGui::Button("New draws", ImVec2(-FLT_MIN, 0))) {
    ++settings_.seed;
    dirty_ = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("fresh random numbers for the dots (seed %llu)", (unsigned long long)settings_.seed);
}

void GaussianLabView::recompute() {
  dirty_ = false;
  error_.clear();
  const auto start = std::chrono::steady_clock::now();
  try {
    // core picks the k range that tells each cost's story and stays inside what its quadrature resolves.
    const KRange range = default_k_range(settings_);
    ks_ = evenly_spaced(range.from, range.to, range.steps);
    GradientLabSettings exact_only = settings_;
    exact_only.samples = 0;
    exact_ = sweep_gradient_lab(exact_only, ks_);
    std::vector<double> dot_ks;
    for (size_t i = 0; i < ks_.size(); i += kDotEvery) dot_ks.push_back(ks_[i]);
    sampled_ = sweep_gradient_lab(settings_, dot_ks);
  } catch (const std::exception& e) {
    error_ = e.what();
    ks_.clear();
    exact_.clear();
    sampled_.clear();
  }
  compute_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  // Spans of k where pathwise has the larger exact variance than the plain score function.
  // r = (a - b) / (a + b) is finite and changes sign with a - b: its zero, interpolated
  // linearly between neighbouring k, is the crossing.
  for (GaussianParameter p : kGaussianParameters) {
    std::vector<Span>& spans = pathwise_noisier_[int(p)];
    spans.clear();
    auto r = [&](size_t i) {
      const double a = exact_[i].at(GradientEstimator::Pathwise, p).exact_variance;
      const double b = exact_[i].at(GradientEstimator::ScoreFunction, p).exact_variance;
      return a + b > 0.0 ? (a - b) / (a + b) : 0.0;
    };
    for (size_t i = 0; i < exact_.size(); ++i) {
      const bool noisier = r(i) > 0.0;
      const bool was = i > 0 && r(i - 1) > 0.0;
      if (noisier == was) continue;
      double k = exact_[i].k;
      if (i > 0) {
        const double r0 = r(i - 1), r1 = r(i);
        k = exact_[i - 1].k + (exact_[i].k - exact_[i - 1].k) * r0 / (r0 - r1);
      }
      if (noisier)
        spans.push_back({k, exact_.back().k, true});
      else if (!spans.empty()) {
        spans.back().to = k;
        spans.back().open_end = false;
      }
    }
  }
}

std::string GaussianLabView::note() const {
  std::string parts[2];
  bool any = false;
  for (GaussianParameter p : kGaussianParameters) {
    const std::vector<Span>& spans = pathwise_noisier_[int(p)];
    std::string& text = parts[int(p)];
    for (size_t i = 0; i < spans.size() && i < 2; ++i) {
      const Span& s = spans[i];
      const bool from_start = !ks_.empty() && s.from <= ks_.front();
      text += i ? ", " : "";
      if (s.open_end && from_start)
        text += "every k";
      else if (s.open_end)
        text += "k > " + k_text(s.from);
      else if (from_start)
        text += "k < " + k_text(s.to);
      else
        text += k_text(s.from) + " < k < " + k_text(s.to);
    }
    if (spans.size() > 2) text += ", ...";
    any |= !spans.empty();
  }
  if (!any) {
    if (settings_.cost == CostKind::Quadratic)
      return "Pathwise has the lower variance at every k: (x − k)² is smooth and slowly varying, pathwise's home ground.";
    return std::string("Pathwise has the lower variance at every k shown for ") + pretty_formula(settings_.cost) + ".";
  }
  std::string out = "Pathwise is the noisier one for ";
  out += parts[0].empty() ? std::string("no k") : parts[0];
  out += " (∂/∂μ) and for ";
  out += parts[1].empty() ? std::string("no k") : parts[1];
  out += " (∂/∂σ)";
  if (settings_.cost == CostKind::Cosine)
    out += ": cos(kx) wiggles faster as k grows, and pathwise uses its slope −k sin(kx).";
  else if (settings_.cost == CostKind::Bump)
    out += ": a narrow bump exp(−kx²) has steep sides, and pathwise uses the slope.";
  else
    out += ".";
  return out;
}

void GaussianLabView::draw(float min_plot_height) {
  const bool lesson = min_plot_height > 0;
  draw_controls(lesson);
  if (dirty_) recompute();
  if (!error_.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(0.85f, 0.15f, 0.1f, 1.0f), "%s", error_.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  // What the lines, dots and shading are, and in words what the shading shows: a lesson's
  // caption says these instead (and its legend sits beside the cost's buttons).
  if (!lesson) {
    draw_legend();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("lines: exact;  dots: %s draws each;  shaded: pathwise noisier than score function",
                        plot::format_significant(settings_.samples, 3).c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("exact: Gauss-Hermite quadrature; recomputed in %.1f ms", compute_ms_);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(note().c_str());
    ImGui::PopTextWrapPos();
  }

  // Two plots sharing k; the lower one carries the x labels.
  // Either plot under the mouse (as of last frame) draws the cursor in both.
  hover_shown_ = hover_;
  hover_ = false;
  static const std::vector<const char*> names = {"gradient w.r.t. μ", "gradient w.r.t. σ"};
  for (const plot::PlotCell& cell :
       plot::arrange_plots("lab_plots", names, choice_, min_plot_height, ImGui::GetFontSize() * 7.0f)) {
    if (cell.same_line) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.y);
    draw_plot(kGaussianParameters[cell.plot], cell.size, cell.x_labels);
  }

  if (hover_ && !exact_.empty()) {
    const auto nearest = std::min_element(exact_.begin(), exact_.end(), [&](const auto& a, const auto& b) {
      return std::fabs(a.k - hover_k_) < std::fabs(b.k - hover_k_);
    });
    ImGui::BeginTooltip();
    ImGui::Text("k = %.3g,  f(x) = %s", nearest->k, pretty_formula(settings_.cost));
    for (GaussianParameter p : kGaussianParameters) {
      ImGui::Separator();
      ImGui::Text("∂/∂%s E[f]: true gradient %s; variance of one estimate:", parameter_symbol(p),
                  plot::format_significant(nearest->at(GradientEstimator::Pathwise, p).exact_gradient, 3).c_str());
      for (GradientEstimator e : kGradientEstimators)
        ImGui::Text("   %-26s %s", gradient_estimator_name(e),
                    plot::format_significant(nearest->at(e, p).exact_variance, 3).c_str());
    }
    ImGui::EndTooltip();
  }
}

void GaussianLabView::draw_plot(GaussianParameter p, ImVec2 size, bool x_labels) {
  const plot::Colors& c = plot::colors();
  // y range over everything drawn; a variance that is exactly 0 (pathwise at k = 0 for cos)
  // would stretch a log axis without end, so the range stops 5 decades below the top: a curve
  // diving to 0 leaves through the bottom, and the decades where estimators compete keep their room.
  double lo = INFINITY, hi = 0.0;
  auto include = [&](double v) {
    if (std::isfinite(v) && v > 0.0) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  };
  for (const GradientLabPoint& point : exact_)
    for (GradientEstimator e : kGradientEstimators) include(point.at(e, p).exact_variance);
  for (const GradientLabPoint& point : sampled_)
    for (GradientEstimator e : kGradientEstimators) include(point.at(e, p).empirical_variance);
  if (!(hi > 0.0)) {
    lo = 0.1;
    hi = 10.0;
  }
  lo = std::max(lo, hi * 1e-5);

  plot::FrameOptions options;
  options.title = std::string("gradient w.r.t. ") + parameter_symbol(p) + ":  variance of one estimate (log scale)";
  options.x_tick_labels = x_labels;
  options.left_margin = ImGui::CalcTextSize("0.0001").x + std::round(ImGui::GetFontSize() * 0.7f);
  const double k0 = ks_.empty() ? 0.0 : ks_.front(), k1 = ks_.empty() ? 1.0 : ks_.back();
  const std::string x_label = std::string("k, the cost's knob in f(x) = ") + pretty_formula(settings_.cost);
  plot::Axis x{x_labels ? x_label : "", k0, k1, plot::Scale::Linear};
  const float font = ImGui::GetFontSize();
  const float plot_height = size.y - (x_labels ? 2.5f : 0.5f) * font;
  const plot::Axis y = plot::with_headroom(plot::Axis{"", lo / 2.0, hi * 2.0, plot::Scale::Log},
                                           1.4f * font / std::max(plot_height, font));
  options.y_ticks = plot::make_power_ticks(y.min, y.max, int(plot_height / (font * 1.4f)));
  ImGui::PushID(int(p));
  plot::Frame frame("variance_vs_k", size, x, y, options);
  ImGui::PopID();

  // Where pathwise is the noisier one: shaded, with the crossing marked and labelled.
  const ImU32 shade = plot::with_alpha(c.accent, 0.10f);
  for (const Span& s : pathwise_noisier_[int(p)]) {
    frame.vertical_band(s.from, s.to, shade);
    if (s.from > k0) {
      frame.vertical_line(s.from, plot::with_alpha(c.accent, 0.8f), 1.5f);
      const std::string label = " k = " + k_text(s.from) + ": pathwise noisier →";
      // Below the title row, which the Frame draws over the top-left corner.
      frame.text(s.from, frame.y_axis().max, label.c_str(), c.accent, ImVec2(0.0f, 0.0f), ImVec2(3.0f, font * 1.4f));
    }
  }

  const float thick = std::max(2.0f, font * 0.13f);
  std::vector<double> values(exact_.size());
  for (GradientEstimator e : kGradientEstimators) {
    for (size_t i = 0; i < exact_.size(); ++i) values[i] = exact_[i].at(e, p).exact_variance;
    frame.line(ks_.data(), values.data(), int(ks_.size()), estimator_color(e), thick);
  }
  std::vector<float> dot_k, dot_v;
  for (GradientEstimator e : kGradientEstimators) {
    dot_k.clear();
    dot_v.clear();
    for (const GradientLabPoint& point : sampled_) {
      dot_k.push_back(float(point.k));
      dot_v.push_back(float(point.at(e, p).empirical_variance));
    }
    frame.markers(dot_k.data(), dot_v.data(), int(dot_k.size()), estimator_color(e, 0.85f), thick * 1.6f);
  }
  if (frame.hovered()) {
    hover_ = true;
    hover_k_ = frame.mouse_x();
  }
  if (hover_shown_) frame.vertical_line(hover_k_, plot::with_alpha(c.axis_text, 0.5f), 1.0f);
}

}  // namespace latent
