// Drawing the training curves and keeping their decimated caches current.
#include "gui/panels/curves/curves_panel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "gui/panels/shared/estimator_style.hpp"
#include "gui/shell/ui_style.hpp"

namespace latent {

namespace {
constexpr const char* kMinus = "−";
}  // namespace

std::string CurvesPanel::nats(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%.1f", v < 0 ? kMinus : "", std::fabs(v));
  return buf;
}

void CurvesPanel::swatch(ImU32 color) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight(), w = h * 1.1f;
  ImGui::GetWindowDrawList()->AddLine({p.x, p.y + h * 0.55f}, {p.x + w, p.y + h * 0.55f}, color, std::max(2.0f, h * 0.16f));
  ImGui::Dummy(ImVec2(w, h));
  ImGui::SameLine();
}

void CurvesPanel::clear() {
  for (Series& s : series_) s = Series{};
  estimator_changes_.clear();
  ingested_ = 0;
  for (auto& d : tests_) d.clear();
  tests_ingested_ = 0;
}

float CurvesPanel::x_of(const MetricPoint& p) const { return by_epoch_ ? p.epoch : float(p.step); }

float CurvesPanel::raw_value(const MetricPoint& p, Quantity q) const {
  if (conditional_) return q == kMdnLogLik ? p.mdn_log_lik : q == kCvaeElbo ? p.elbo : p.regressor_mse;
  return q == Elbo ? p.elbo : q == Reconstruction ? p.reconstruction : p.kl;
}

float CurvesPanel::smoothed(Quantity q, size_t index) const {
  const float v = series_[q].smooth.y(index);
  return log_y_ && !positive(q) ? -v : v;  // undo value_of's negation
}

float CurvesPanel::latest_smoothed(Quantity q) const { return ingested_ > 0 ? smoothed(q, ingested_ - 1) : 0.0f; }

float CurvesPanel::value_of(const MetricPoint& p, Quantity q) const {
  const float v = raw_value(p, q);
  // A log axis shows magnitudes: -ELBO, -E[log p] and the NLL are the positive "losses".
  return log_y_ && !positive(q) ? -v : v;
}

void CurvesPanel::ingest(const MetricSeries& metrics) {
  const size_t n = metrics.size();
  // A reset or rebuild restarts the series: fewer points, or a different point where the last one was.
  const bool restarted = n < ingested_ || (ingested_ > 0 && (metrics[ingested_ - 1].step != last_ingested_.step ||
                                                              metrics[ingested_ - 1].elbo != last_ingested_.elbo));
  if (restarted || settings_changed_) {
    clear();
    follow_ = follow_ || restarted;
    settings_changed_ = false;
  }
  const double w = smoothing_;
  for (size_t i = ingested_; i < n; ++i) {
    const MetricPoint& p = metrics[i];
    const float x = x_of(p);
    // A run that starts with another estimator than pathwise is marked at its first step too.
    if (p.estimator != (i > 0 ? metrics[i - 1].estimator : uint8_t(EncoderGradient::Reparameterization)))
      estimator_changes_.push_back({x, p.estimator});
    for (int q = 0; q < kQuantities; ++q) {
      Series& s = series_[q];
      const float v = value_of(p, Quantity(q));
      s.raw.append(x, v);
      // Exponential moving average, debiased so the start is not pulled to 0.
      if (std::isfinite(v)) {
        s.ema = w * s.ema + (1 - w) * v;
        s.ema_weight = w * s.ema_weight + (1 - w);
      }
      const float smooth = s.ema_weight > 0 ? float(s.ema / s.ema_weight) : v;
      s.smooth.append(x, smooth);
    }
  }
  ingested_ = n;
  if (n > 0) last_ingested_ = metrics[n - 1];
}

void CurvesPanel::ingest_tests(const MetricSeries& tests) {
  // Restarted with the training series (which cleared tests_ingested_), or shorter than before.
  if (tests.size() < tests_ingested_) {
    for (auto& d : tests_) d.clear();
    tests_ingested_ = 0;
  }
  for (size_t i = tests_ingested_; i < tests.size(); ++i)
    for (int q = 0; q < kQuantities; ++q) tests_[q].append(x_of(tests[i]), value_of(tests[i], Quantity(q)));
  tests_ingested_ = tests.size();
}

void CurvesPanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (ctx.is_conditional() != conditional_) {
    conditional_ = ctx.is_conditional();
    settings_changed_ = true;  // the series are other quantities now: start them again
    follow_ = true;
  }
  ingest(s.train_metrics);
  ingest_tests(s.test_metrics);
  if (conditional_)
    draw_conditional_numbers(ctx);
  else
    draw_numbers(ctx);

  // Shared x range over the training points and the held-out ones.
  if (follow_ && ingested_ > 0) {
    const double first = x_of(s.train_metrics[0]), last = x_of(s.train_metrics.back());
    x0_ = log_x_ ? std::max(first, by_epoch_ ? 1e-3 : 1.0) : 0.0;
    x1_ = std::max(last, x0_ * 1.5 + 1e-9);
    if (!log_x_) x1_ = std::max(x1_, by_epoch_ ? 0.05 : 10.0);
  }
  hover_ = false;
  // Equal plotting areas: the last plot also carries the x tick labels and the x label.
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float x_labels = 2.0f * ImGui::GetFontSize() + std::round(ImGui::GetFontSize() * 0.35f);
  const float height = std::max(ImGui::GetFontSize() * 2.2f, (ImGui::GetContentRegionAvail().y - 2 * spacing - x_labels) / 3.0f);
  draw_plot(ctx, Elbo, height, false);
  draw_plot(ctx, Reconstruction, height, false);
  draw_plot(ctx, Kl, height + x_labels, true);
  if (hover_) draw_hover_tooltip(ctx);
}

void CurvesPanel::draw_formula(PanelContext& ctx, const char* formula, const char* first_line, const char* second_line,
                               bool large) {
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::PushFont(large ? ctx.style.large_font() : nullptr);
  if (ImGui::CalcTextSize(formula).x <= width) {
    ImGui::TextUnformatted(formula);
  } else if (ImGui::CalcTextSize(first_line).x <= width) {
    ImGui::TextUnformatted(first_line);
    ImGui::TextUnformatted(second_line);
  } else {
    ImGui::PopFont();
    ImGui::PushFont(nullptr);
    ImGui::TextWrapped("%s", formula);
  }
  ImGui::PopFont();
}

bool CurvesPanel::begin_numbers(const char* id, const char* const columns[3], const float widths[3],
                                const char* const tips[3]) {
  if (!ImGui::BeginTable(id, 4, ImGuiTableFlags_SizingStretchProp)) return false;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  for (int k = 0; k < 3; ++k) ImGui::TableSetupColumn(columns[k], ImGuiTableColumnFlags_WidthStretch, widths[k]);
  // The header row's first cell holds the axis options, out of the way until wanted.
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  ImGui::TableSetColumnIndex(0);
  if (ImGui::SmallButton("axes ▾")) ImGui::OpenPopup("curve_axes");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("steps or epochs, log axes, smoothing");
  if (ImGui::BeginPopup("curve_axes")) {
    draw_options();
    ImGui::EndPopup();
  }
  for (int k = 0; k < 3; ++k) {
    ImGui::TableSetColumnIndex(k + 1);
    ImGui::TableHeader(columns[k]);
    if (tips && tips[k] && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tips[k]);
  }
  return true;
}

void CurvesPanel::numbers_row(ImU32 color, const char* name, const std::string cells[3]) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  swatch(color);
  ImGui::TextUnformatted(name);
  for (int k = 0; k < 3; ++k) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(cells[k].c_str());
  }
}

void CurvesPanel::draw_numbers(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  draw_formula(ctx, "ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))", "ELBO = E_q[log p(x|z)]",
               "          − KL(q(z|x) ‖ p(z))", true);
  const plot::Colors& c = plot::colors();
  const bool have_test = !s.test_metrics.empty();
  const MetricPoint t = have_test ? s.test_metrics.back() : MetricPoint{};
  static const char* const columns[] = {"ELBO", "= E_q[log p]", "− KL"};
  static const float widths[] = {1.0f, 1.1f, 0.9f};
  if (begin_numbers("numbers", columns, widths, nullptr)) {
    auto cells = [](bool have, double elbo, double rec, double kl) {
      if (!have) return std::array<std::string, 3>{"—", "", ""};
      return std::array<std::string, 3>{nats(elbo), "= " + nats(rec), std::string(kMinus) + " " + nats(kl)};
    };
    const auto train = cells(ingested_ > 0, latest_smoothed(Elbo), latest_smoothed(Reconstruction), latest_smoothed(Kl));
    numbers_row(c.train, "train", train.data());
    numbers_row(c.test, "held-out", cells(have_test, t.elbo, t.reconstruction, t.kl).data());
    ImGui::EndTable();
  }
  // The units line only where there is height to spare (large UI scales need it for the plots).
  if (ImGui::GetContentRegionAvail().y > ImGui::GetFontSize() * 16.0f) {
    if (have_test)
      ImGui::TextDisabled("nats per example; held-out after epoch %.0f", double(t.epoch));
    else
      ImGui::TextDisabled("nats per example; held-out after each epoch");
  }
}

void CurvesPanel::draw_options() {
  int axis = by_epoch_ ? 1 : 0;
  ImGui::TextDisabled("x axis");
  bool changed = ImGui::RadioButton("training steps", &axis, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("epochs", &axis, 1);
  changed |= ImGui::Checkbox("log x", &log_x_);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("log y", &log_y_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("a log axis shows −ELBO and −E_q[log p(x|z)], which are positive");
  ImGui::TextDisabled("smoothing of the training curve (EMA weight)");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
  if (ImGui::SliderFloat("##smoothing", &smoothing_, 0.0f, 0.999f, "%.3f")) settings_changed_ = true;
  ImGui::TextDisabled("wheel over a plot zooms x; drag pans; double-click follows");
  if (changed) {
    by_epoch_ = axis == 1;
    settings_changed_ = true;
    follow_ = true;
  }
}

void CurvesPanel::draw_plot(PanelContext& ctx, Quantity q, float height, bool last) {
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


  // y range: the smoothed curve over the visible x range, skipping the first
  // few percent on a linear axis (the initial drop would flatten everything else).
  const int width_px = int(ImGui::GetContentRegionAvail().x);
  float lo = 0, hi = 1;
  double from = x0_;
  if (!log_x_ && follow_) from = x0_ + 0.04 * (x1_ - x0_);
  bool any = series.smooth.range(from, x1_, width_px, lo, hi);
  if (!any) any = series.smooth.range(x0_, x1_, width_px, lo, hi);
  float test_lo = 0, test_hi = 0;
  if (tests_[q].range(from, x1_, width_px, test_lo, test_hi) && (!log_y_ || test_lo > 0)) {
    lo = any ? std::min(lo, test_lo) : test_lo;
    hi = any ? std::max(hi, test_hi) : test_hi;
    any = true;
  }
  double y0 = lo, y1 = hi;
  if (log_y_) {
    y0 = lo > 0 ? lo / 1.25 : 1e-2;
    y1 = hi > 0 ? hi * 1.6 : 1.0;
  } else {
    // Extra room at the top for the title inside the plot.
    const double pad = std::max(0.08 * (hi - lo), 0.02 * std::max(std::fabs(double(hi)), 1.0));
    y0 = lo - pad;
    y1 = hi + 2.5 * pad;
  }

  plot::FrameOptions options;
  options.title = title;
  options.x_tick_labels = last;
  // One label column for all three plots, so their x axes line up.
  options.left_margin = ImGui::CalcTextSize("−0000.0").x + std::round(ImGui::GetFontSize() * 0.7f);
  plot::Axis x{last ? (by_epoch_ ? "epochs" : "training steps") : "", x0_, x1_, log_x_ ? plot::Scale::Log : plot::Scale::Linear};
  plot::Axis y{"", y0, y1, log_y_ ? plot::Scale::Log : plot::Scale::Linear};
  ImGui::PushID(q);
  plot::Frame frame("curve", ImVec2(0, height), x, y, options);
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
  std::vector<plot::Decimator::Bucket> buckets;
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
  // Held-out under the training curve: a line, with markers while they are few enough to tell apart.
  std::vector<plot::Decimator::Bucket> test_buckets;
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
    if (q == (conditional_ ? kCvaeElbo : Elbo))  // below the title row, which the Frame draws over the top-left corner
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
  if (ingested_ == 0) return;
  // Nearest training point by x (x increases with the index).
  size_t lo = 0, hi = ingested_ - 1;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (x_of(s.train_metrics[mid]) < hover_x_) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && std::fabs(x_of(s.train_metrics[lo - 1]) - hover_x_) < std::fabs(x_of(s.train_metrics[lo]) - hover_x_)) --lo;
  if (lo >= s.train_metrics.size()) return;
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
    draw_conditional_tooltip(p, lo, best);
  } else {
    ImGui::Text("ELBO %s   (smoothed %s)", nats(p.elbo).c_str(), nats(smoothed(Elbo, lo)).c_str());
    ImGui::Text("E_q[log p(x|z)] %s   (smoothed %s)", nats(p.reconstruction).c_str(),
                nats(smoothed(Reconstruction, lo)).c_str());
    ImGui::Text("KL %s   (smoothed %s)", nats(p.kl).c_str(), nats(smoothed(Kl, lo)).c_str());
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
