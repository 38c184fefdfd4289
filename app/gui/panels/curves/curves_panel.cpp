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
using plot::kMinus;
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
  ingest_ghost();  // in the axes' new units
}

void CurvesPanel::Series::add(float x, float v, double smoothing) {
  raw.append(x, v);
  // Exponential moving average, debiased so the start is not pulled to 0.
  if (std::isfinite(v)) {
    ema = smoothing * ema + (1 - smoothing) * v;
    ema_weight = smoothing * ema_weight + (1 - smoothing);
  }
  smooth.append(x, ema_weight > 0 ? float(ema / ema_weight) : v);
}

void CurvesPanel::ingest_ghost() {
  for (Series& s : ghost_) s = Series{};
  const Snapshot* ghost = previous_.ghost();
  if (!ghost) return;
  const MetricSeries& metrics = ghost->train_metrics;
  for (size_t i = 0; i < metrics.size(); ++i)
    for (int q = 0; q < kQuantities; ++q) ghost_[q].add(x_of(metrics[i]), value_of(metrics[i], Quantity(q)), smoothing_);
}

std::string CurvesPanel::ghost_label(const Snapshot& live) const {
  const TrainSettings& then = previous_.ghost()->training;
  std::string label = "previous run";
  if (then.estimator != live.training.estimator && !conditional_)
    label += std::string(", ") + estimator_label(then.estimator);
  if (then.beta != live.training.beta) {
    char beta[32];
    std::snprintf(beta, sizeof beta, ", β = %g", double(then.beta));
    label += beta;
  }
  return label;
}

float CurvesPanel::x_of(const MetricPoint& p) const { return by_epoch_ ? p.epoch : float(p.step); }

float CurvesPanel::raw_value(const MetricPoint& p, Quantity q) const {
  if (conditional_) return q == kMdnLogLik ? p.mdn_log_lik : q == kCvaeElbo ? p.elbo : p.regressor_mse;
  return q == Elbo ? p.elbo : q == Reconstruction ? p.reconstruction : p.kl;
}

float CurvesPanel::smoothed(Quantity q, float x) const {
  plot::RoundRobinSeries::Bucket b;
  const float v = series_[q].smooth.nearest(x, b) ? b.mean() : 0.0f;
  return log_y_ && !positive(q) ? -v : v;  // undo value_of's negation
}

float CurvesPanel::latest_smoothed(Quantity q) const {
  if (ingested_ == 0) return 0.0f;
  const float v = series_[q].smooth.last().mean();
  return log_y_ && !positive(q) ? -v : v;
}

float CurvesPanel::value_of(const MetricPoint& p, Quantity q) const {
  const float v = raw_value(p, q);
  // A log axis shows magnitudes: -ELBO, -E[log p] and the NLL are the positive "losses".
  return log_y_ && !positive(q) ? -v : v;
}

void CurvesPanel::ingest(const MetricSeries& metrics) {
  // The points since the last frame: every one while the trainer still holds
  // them all (it keeps tens of thousands of the newest), else the run again.
  size_t from = metrics.index_after(ingested_);
  // A reset or rebuild restarts the series: fewer points, or a different point where the last one was.
  const bool restarted = ingested_ > 0 && (from == MetricSeries::npos || from == 0 ||
                                           metrics[from - 1].step != last_ingested_.step ||
                                           metrics[from - 1].elbo != last_ingested_.elbo);
  if (restarted || settings_changed_) {
    clear();
    follow_ = follow_ || restarted;
    settings_changed_ = false;
  }
  if (ingested_ == 0) from = 0;
  const size_t n = metrics.size();
  for (size_t i = from; i < n; ++i) {
    const MetricPoint& p = metrics[i];
    const float x = x_of(p);
    // A run that starts with a sampled estimator other than pathwise is marked at its first step too;
    // one that starts with its latent's default (pathwise, or enumeration for a discrete z) is not.
    const bool changed = i > 0 ? p.estimator != metrics[i - 1].estimator
                               : p.estimator != uint8_t(EncoderGradient::Reparameterization) &&
                                     p.estimator != uint8_t(EncoderGradient::Enumerate);
    if (changed) estimator_changes_.push_back({x, p.estimator});
    for (int q = 0; q < kQuantities; ++q) series_[q].add(x, value_of(p, Quantity(q)), smoothing_);
  }
  ingested_ = metrics.offered();
  if (n > 0) last_ingested_ = metrics[n - 1];
}

void CurvesPanel::ingest_tests(const MetricSeries& tests) {
  size_t from = tests.index_after(tests_ingested_);
  // Restarted with the training series (which cleared tests_ingested_), shorter than before, or fallen behind.
  if (from == MetricSeries::npos) {
    for (auto& d : tests_) d.clear();
    tests_ingested_ = 0;
  }
  if (tests_ingested_ == 0) from = 0;
  for (size_t i = from; i < tests.size(); ++i)
    for (int q = 0; q < kQuantities; ++q) tests_[q].append(x_of(tests[i]), value_of(tests[i], Quantity(q)));
  tests_ingested_ = tests.offered();
}

void CurvesPanel::draw(PanelContext& ctx) {
  const Snapshot& s = ctx.snap();
  if (ctx.is_conditional() != conditional_) {
    conditional_ = ctx.is_conditional();
    settings_changed_ = true;  // the series are other quantities now: start them again
    follow_ = true;
  }
  if (previous_.observe(ctx.snapshot)) ingest_ghost();
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
  // Equal plotting areas: the bottom plot also carries the x tick labels and the x label.
  static const std::vector<const char*> names = {"ELBO", "reconstruction", "KL"};
  static const std::vector<const char*> conditional_names = {"MDN log p(y|x)", "CVAE ELBO", "least-squares MSE"};
  const float min_area = std::max(ctx.min_plot_height, ImGui::GetFontSize() * plot::kFreePlayPlotLines);
  const auto cells = plot::arrange_plots("curves", conditional_ ? conditional_names : names, choice_, min_area,
                                         ImGui::GetFontSize() * 2.2f);
  for (size_t k = 0; k < cells.size(); ++k) {
    if (cells[k].same_line) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.y);
    draw_plot(ctx, Quantity(cells[k].plot), cells[k].size, cells[k].x_labels, k == 0);
  }
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
  // In a lesson the caption carries the formulas and the plots need the height (the table's header still reads
  // ELBO = E_q[log p] − KL).
  const bool lesson = ctx.min_plot_height > 0;
  if (!lesson)
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
  if (!lesson && ImGui::GetContentRegionAvail().y > ImGui::GetFontSize() * 16.0f) {
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
  ImGui::BeginDisabled(!previous_.ghost());
  ImGui::Checkbox("previous run, faint", &previous_.shown);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(previous_.ghost() ? "the run before the last reset or new model, from the same start if the seed "
                                          "is the same; shown again after a reset or an estimator switch"
                                        : "after a reset, the run before it can stay on as a faint line");
  ImGui::TextDisabled("wheel over a plot zooms x; drag pans; double-click follows");
  if (changed) {
    by_epoch_ = axis == 1;
    settings_changed_ = true;
    follow_ = true;
  }
}

}  // namespace latent
