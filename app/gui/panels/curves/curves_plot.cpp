// One training-curve plot (the run's smoothed curve over its raw band, the
// held-out points, estimator changes, the previous run's ghost) and the hover readout.
#include <algorithm>
#include <cmath>

#include "gui/panels/curves/curves_panel.hpp"
#include "gui/panels/shared/estimator_style.hpp"

namespace latent {

namespace {
using plot::kMinus;
}  // namespace

void CurvesPanel::draw_plot(PanelContext& ctx, Quantity q, ImVec2 size, bool x_labels, bool top) {
  const Snapshot& s = ctx.snap();
  const plot::Colors& c = plot::colors();
  const Series& series = series_[q];
  static const char* titles[] = {"ELBO, nats", "reconstruction E_q[log p(x|z)], nats", "KL(q(z|x) ‖ p(z)), nats"};
  static const char* log_titles[] = {"−ELBO, nats", "−E_q[log p(x|z)], nats", "KL(q(z|x) ‖ p(z)), nats"};
  static const char* conditional_titles[] = {"MDN log p(y|x), nats", "conditional VAE: ELBO ≤ log p(y|x), nats",
                                             "least squares: mean squared error, y units²"};
  static const char* conditional_log_titles[] = {"MDN −log p(y|x), nats", "conditional VAE: −ELBO, nats",
                                                 "least squares: mean squared error, y units²"};
  std::string title = conditional_ ? (log_y_ ? conditional_log_titles : conditional_titles)[q]
                                   : (log_y_ ? log_titles : titles)[q];
  if (log_y_) title += " (log scale)";
  // Where the full title would not fit: the quantity alone (the table above names its formula).
  static const char* short_titles[] = {"ELBO, nats", "reconstruction, nats", "KL, nats"};
  static const char* short_log_titles[] = {"−ELBO, nats", "−reconstruction, nats", "KL, nats"};
  static const char* conditional_short_titles[] = {"MDN log p(y|x)", "CVAE ELBO", "MSE, y units²"};
  static const char* conditional_short_log_titles[] = {"MDN −log p(y|x)", "CVAE −ELBO", "MSE, y units²"};
  std::string short_title = conditional_ ? (log_y_ ? conditional_short_log_titles : conditional_short_titles)[q]
                                         : (log_y_ ? short_log_titles : short_titles)[q];
  if (log_y_) short_title += " (log)";
  const bool ghost = previous_.ghost() && previous_.shown;

  // y range: the smoothed curve over the visible x range, skipping the first
  // few percent on a linear axis (the initial drop would flatten everything else).
  const int width_px = int(size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x);
  float lo = 0, hi = 1;
  double from = x0_;
  if (!log_x_ && follow_) from = x0_ + 0.04 * (x1_ - x0_);
  bool any = series.smooth.range(from, x1_, width_px, lo, hi);
  if (!any) any = series.smooth.range(x0_, x1_, width_px, lo, hi);
  // The held-out points and the ghost share the range, so neither leaves the plot.
  auto include = [&](const plot::RoundRobinSeries& d) {
    float a = 0, b = 0;
    if (!d.range(from, x1_, width_px, a, b) || (log_y_ && a <= 0)) return;
    lo = any ? std::min(lo, a) : a;
    hi = any ? std::max(hi, b) : b;
    any = true;
  };
  include(tests_[q]);
  if (ghost) include(ghost_[q].smooth);
  double y0 = lo, y1 = hi;
  if (log_y_) {
    y0 = lo > 0 ? lo / 1.25 : 1e-2;
    y1 = hi > 0 ? hi * 1.6 : 1.0;
  } else {
    // Extra room at the top for the title inside the plot. A constant (the
    // VQ-VAE's KL is log K by construction) gets a wide axis, from 0 for a
    // KL, so it reads as flat rather than as noise zoomed to its rounding.
    const bool flat = any && hi - lo <= 1e-4 * std::max(std::fabs(double(hi)), 1.0);
    const double pad = flat ? std::max(0.25 * std::fabs(double(hi)), 1.0)
                            : std::max(0.08 * (hi - lo), 0.02 * std::max(std::fabs(double(hi)), 1.0));
    y0 = flat && q == Kl && lo >= 0 ? 0.0 : lo - pad;
    y1 = hi + 2.5 * pad;
  }

  plot::FrameOptions options;
  options.title = title;
  options.short_title = short_title;
  options.x_tick_labels = x_labels;
  // One label column for all three plots, so their x axes line up.
  options.left_margin = ImGui::CalcTextSize("−0000.0").x + std::round(ImGui::GetFontSize() * 0.7f);
  plot::Axis x{x_labels ? (by_epoch_ ? "epochs" : "training steps") : "", x0_, x1_,
               log_x_ ? plot::Scale::Log : plot::Scale::Linear};
  plot::Axis y{"", y0, y1, log_y_ ? plot::Scale::Log : plot::Scale::Linear};
  ImGui::PushID(q);
  plot::Frame frame("curve", size, x, y, options);
  ImGui::PopID();

  // Zoom x with the wheel about the mouse; double-click follows the data again.
  if (frame.hovered()) {
    const float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0.0f) {
      const double f = std::pow(1.2, -wheel), m = frame.mouse_x();
      if (log_x_) {
        const double lm = std::log10(m);
        x0_ = std::pow(10.0, lm + (std::log10(x0_) - lm) * f);
        x1_ = std::pow(10.0, lm + (std::log10(x1_) - lm) * f);
      } else {
        x0_ = m + (x0_ - m) * f;
        x1_ = m + (x1_ - m) * f;
      }
      follow_ = false;
    }
    if (frame.active() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
      const float dx = ImGui::GetIO().MouseDelta.x;
      if (dx != 0.0f) {
        const double a = frame.px_to_x(frame.area_min().x), b = frame.px_to_x(frame.area_min().x - dx);
        if (log_x_) {
          x0_ *= b / a;
          x1_ *= b / a;
        } else {
          x0_ += b - a;
          x1_ += b - a;
        }
        follow_ = false;
      }
    }
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) follow_ = true;
    hover_ = true;
    hover_x_ = frame.mouse_x();
  }

  // Raw minibatch values: a faint band (or a faint line while there are few),
  // and the held-out line, at one bucket per two pixels: a faint band or a
  // line of epoch means looks the same, for half the vertices.
  const int coarse = std::max(2, width_px / 2);
  std::vector<plot::RoundRobinSeries::Bucket> buckets;
  series.raw.visible(x0_, x1_, coarse, buckets);
  std::vector<float> xs, a, b;
  for (const auto& k : buckets) {
    xs.push_back(0.5f * (k.x_first + k.x_last));
    a.push_back(k.lo);
    b.push_back(k.hi);
  }
  const bool single = std::all_of(buckets.begin(), buckets.end(), [](const auto& k) { return k.count == 1; });
  if (single)
    frame.line(xs.data(), a.data(), int(xs.size()), plot::with_alpha(c.train, 0.3f), 1.0f);
  else
    frame.band(xs.data(), a.data(), b.data(), int(xs.size()), plot::with_alpha(c.train, 0.2f));
  // The smoothed curve.
  series.smooth.visible(x0_, x1_, width_px, buckets);
  xs.clear();
  a.clear();
  for (const auto& k : buckets) {
    xs.push_back(0.5f * (k.x_first + k.x_last));
    a.push_back(k.mean());
  }
  const float thick = std::max(2.0f, ImGui::GetFontSize() * 0.13f);
  // The previous run under everything else: faint, and named at its right end on the top plot.
  if (ghost) {
    std::vector<plot::RoundRobinSeries::Bucket> ghost_buckets;
    ghost_[q].smooth.visible(x0_, x1_, width_px, ghost_buckets);
    std::vector<float> gx, gy;
    for (const auto& k : ghost_buckets) {
      gx.push_back(0.5f * (k.x_first + k.x_last));
      gy.push_back(k.mean());
    }
    frame.line(gx.data(), gy.data(), int(gx.size()), plot::with_alpha(c.train, 0.35f), thick);
    if (top && !gx.empty())
      frame.text(gx.back(), gy.back(), ghost_label(s).c_str(), plot::with_alpha(c.axis_text, 0.7f), ImVec2(1, 1),
                 ImVec2(-4, -4));
  }
  // Held-out under the training curve: a line, with markers while they are few enough to tell apart.
  std::vector<plot::RoundRobinSeries::Bucket> test_buckets;
  tests_[q].visible(x0_, x1_, coarse, test_buckets);
  std::vector<float> test_x, test_y;
  for (const auto& k : test_buckets) {
    test_x.push_back(0.5f * (k.x_first + k.x_last));
    test_y.push_back(k.mean());
  }
  const bool few_tests = test_buckets.size() <= 60 &&
                         std::all_of(test_buckets.begin(), test_buckets.end(), [](const auto& k) { return k.count == 1; });
  frame.line(test_x.data(), test_y.data(), int(test_x.size()), c.test, few_tests ? thick : thick * 0.6f);
  if (few_tests) frame.markers(test_x.data(), test_y.data(), int(test_x.size()), c.test, thick * 1.8f);
  frame.line(xs.data(), a.data(), int(xs.size()), c.train, thick);
  // Estimator changes: a line in the estimator's colour on every plot, its name on the top one.
  for (const EstimatorChange& change : estimator_changes_) {
    if (change.x < x0_ || change.x > x1_) continue;
    const EncoderGradient estimator = EncoderGradient(change.estimator);
    frame.vertical_line(change.x, estimator_color(estimator, 0.85f), 1.5f);
    if (top)  // below the title row, which the Frame draws over the top-left corner
      frame.text(change.x, frame.y_axis().max, estimator_label(estimator), estimator_color(estimator), ImVec2(0, 0),
                 ImVec2(3, ImGui::GetFontSize() * 1.4f));
  }
  if (hover_) frame.vertical_line(hover_x_, plot::with_alpha(c.axis_text, 0.5f), 1.0f);
  if (ingested_ == 0) {
    const char* text = s.state == RunState::Paused ? "paused: press space to train" : "waiting for the first step ...";
    const double mid_x = log_x_ ? std::sqrt(x0_ * x1_) : 0.5 * (x0_ + x1_);
    const double mid_y = log_y_ ? std::sqrt(y0 * y1) : 0.5 * (y0 + y1);
    frame.text(mid_x, mid_y, text, c.axis_text, ImVec2(0.5f, 0.5f));
  }
}

void CurvesPanel::draw_hover_tooltip(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (ingested_ == 0 || s.train_metrics.empty()) return;
  // Nearest training point held by x (x increases with the index).
  size_t lo = 0, hi = s.train_metrics.size() - 1;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (x_of(s.train_metrics[mid]) < hover_x_) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && std::fabs(x_of(s.train_metrics[lo - 1]) - hover_x_) < std::fabs(x_of(s.train_metrics[lo]) - hover_x_)) --lo;
  const MetricPoint& p = s.train_metrics[lo];
  // The held-out evaluation nearest in x, if any.
  const MetricPoint* best = nullptr;
  if (!s.test_metrics.empty()) {
    size_t a = 0, b = s.test_metrics.size() - 1;  // x increases with the index
    while (a < b) {
      const size_t mid = (a + b) / 2;
      if (x_of(s.test_metrics[mid]) < hover_x_) a = mid + 1;
      else b = mid;
    }
    if (a > 0 && std::fabs(x_of(s.test_metrics[a - 1]) - hover_x_) < std::fabs(x_of(s.test_metrics[a]) - hover_x_)) --a;
    best = &s.test_metrics[a];
  }
  ImGui::BeginTooltip();
  ImGui::Text("step %s, epoch %.2f", with_commas(p.step).c_str(), double(p.epoch));
  if (conditional_) {
    draw_conditional_tooltip(p, best);
  } else {
    ImGui::Text("ELBO %s   (smoothed %s)", nats(p.elbo).c_str(), nats(smoothed(Elbo, x_of(p))).c_str());
    ImGui::Text("E_q[log p(x|z)] %s   (smoothed %s)", nats(p.reconstruction).c_str(),
                nats(smoothed(Reconstruction, x_of(p))).c_str());
    ImGui::Text("KL %s   (smoothed %s)", nats(p.kl).c_str(), nats(smoothed(Kl, x_of(p))).c_str());
    if (best) {
      ImGui::Separator();
      ImGui::Text("held-out at epoch %.0f: ELBO %s = %s %s %s", double(best->epoch), nats(best->elbo).c_str(),
                  nats(best->reconstruction).c_str(), kMinus, nats(best->kl).c_str());
    }
  }
  ImGui::TextDisabled("nats per example; wheel zooms, double-click follows");
  ImGui::EndTooltip();
}

}  // namespace latent
