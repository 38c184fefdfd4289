// The training curves: ELBO, reconstruction term and KL for training
// (smoothed line over a faint band of the raw minibatch values) and held-out
// data (one point per epoch), against steps or epochs, linear or log, with
// the live numbers written beside ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z)).
// Conditional runs show the MDN's log p(y|x), the conditional VAE's ELBO and
// the regressor's MSE instead, each on its own axes (their units differ).
// After a restart the previous run's curve stays on as a faint ghost.
#pragma once
#include <vector>

#include "live/series/round_robin_series.hpp"
#include "live/series/previous_run.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class CurvesPanel {
 public:
  void draw(PanelContext& ctx);

 private:
  // The three plotted quantities; what they are depends on the run (see raw_value).
  enum Quantity { Elbo, Reconstruction, Kl, kQuantities };
  // Conditional runs: the same slots hold these.
  static constexpr Quantity kMdnLogLik = Elbo, kCvaeElbo = Reconstruction, kMse = Kl;
  struct Series {
    plot::RoundRobinSeries raw, smooth;  // the minibatch values, and their moving average
    double ema = 0.0, ema_weight = 0.0;
    // Appends one point and its exponential moving average (weight `smoothing`).
    void add(float x, float v, double smoothing);
  };

  void ingest(const MetricSeries& metrics);
  // The previous run's smoothed curves, again from its points (a new ghost, or new axis settings).
  void ingest_ghost();
  // "previous run", and what it differed in from the live one (its estimator, β).
  std::string ghost_label(const Snapshot& live) const;
  void ingest_tests(const MetricSeries& tests);
  void clear();
  float x_of(const MetricPoint& p) const;
  float value_of(const MetricPoint& p, Quantity q) const;  // negated where the log axis needs it
  float raw_value(const MetricPoint& p, Quantity q) const;
  // The smoothed value of q nearest x (at the point itself while the finest
  // level holds it), in its true sign whatever the axis shows;
  // latest_smoothed: at the last point (0 before any).
  float smoothed(Quantity q, float x) const;
  float latest_smoothed(Quantity q) const;
  bool positive(Quantity q) const { return q == Kl; }  // KL and MSE: shown as they are on a log axis
  void draw_numbers(PanelContext& ctx);
  // Conditional runs' table and hover lines, in conditional_curve_numbers.cpp.
  void draw_conditional_numbers(PanelContext& ctx);
  void draw_conditional_tooltip(const MetricPoint& train, const MetricPoint* held_out) const;
  void draw_options();
  // "−12.3": one decimal, a true minus sign. And a short line in a curve's colour before a table label.
  static std::string nats(double v);
  static void swatch(ImU32 color);
  // The identity over the numbers, in large type if `large`; when the panel is
  // too narrow, as first_line and second_line, or else wrapped in normal type.
  static void draw_formula(PanelContext& ctx, const char* formula, const char* first_line, const char* second_line,
                           bool large);
  // The live numbers: a header row holding the axis options and three named
  // columns (with hover tips where given), then rows added by numbers_row.
  // Returns false if the table is not shown (then do not end it).
  bool begin_numbers(const char* id, const char* const columns[3], const float widths[3], const char* const tips[3]);
  static void numbers_row(ImU32 color, const char* name, const std::string cells[3]);
  // One plot of q, `size` for its Frame; `x_labels`: it carries the x axis; `top`: the topmost on show.
  void draw_plot(PanelContext& ctx, Quantity q, ImVec2 size, bool x_labels, bool top);
  void draw_hover_tooltip(PanelContext& ctx);

  Series series_[kQuantities];
  PreviousRun previous_;
  Series ghost_[kQuantities];  // the previous run's curves, drawn faintly under the live ones
  plot::PlotChoice choice_;     // which plots show when not all keep a lesson's height
  // Where the encoder's gradient estimator changed (the gradient lab's switch): marked on the plots.
  struct EstimatorChange {
    float x;
    uint8_t estimator;  // EncoderGradient
  };
  std::vector<EstimatorChange> estimator_changes_;
  uint64_t ingested_ = 0;  // training points offered so far that the series hold (see MetricSeries::offered)
  // Held-out points, bounded too: a toy set finishes an epoch every ~30 steps.
  plot::RoundRobinSeries tests_[kQuantities];
  uint64_t tests_ingested_ = 0;
  MetricPoint last_ingested_{};
  bool by_epoch_ = false, log_x_ = false, log_y_ = false;
  bool conditional_ = false;  // the series hold a conditional run's quantities
  float smoothing_ = 0.97f;
  bool settings_changed_ = false;
  // The shared x range; follows the data until the user zooms.
  bool follow_ = true;
  double x0_ = 0.0, x1_ = 1.0;
  bool hover_ = false;
  double hover_x_ = 0.0;
};

}  // namespace latent
