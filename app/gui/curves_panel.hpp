// The training curves: ELBO, reconstruction term and KL for training
// (smoothed line over a faint band of the raw minibatch values) and held-out
// data (one point per epoch), against steps or epochs, linear or log, with
// the live numbers written beside ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z)).
#pragma once
#include <vector>

#include "gui/panel_context.hpp"
#include "gui/plot.hpp"

namespace latent {

class CurvesPanel {
 public:
  void draw(PanelContext& ctx);

 private:
  enum Quantity { Elbo, Reconstruction, Kl, kQuantities };
  struct Series {
    plot::Decimator raw, smooth;
    std::vector<float> smooth_values;  // per point, for the hover readout
    double ema = 0.0, ema_weight = 0.0;
  };

  void ingest(const MetricSeries& metrics);
  void ingest_tests(const MetricSeries& tests);
  void clear();
  float x_of(const MetricPoint& p) const;
  float value_of(const MetricPoint& p, Quantity q) const;  // negated where the log axis needs it
  void draw_numbers(PanelContext& ctx);
  void draw_options();
  void draw_plot(PanelContext& ctx, Quantity q, float height, bool last);
  void draw_hover_tooltip(PanelContext& ctx);

  Series series_[kQuantities];
  // Where the encoder's gradient estimator changed (the gradient lab's switch): marked on the plots.
  struct EstimatorChange {
    float x;
    uint8_t estimator;  // EncoderGradient
  };
  std::vector<EstimatorChange> estimator_changes_;
  size_t ingested_ = 0;
  // Held-out points, decimated too: a toy set finishes an epoch every ~30 steps.
  plot::Decimator tests_[kQuantities];
  size_t tests_ingested_ = 0;
  MetricPoint last_ingested_{};
  bool by_epoch_ = false, log_x_ = false, log_y_ = false;
  float smoothing_ = 0.97f;
  bool settings_changed_ = false;
  // The shared x range; follows the data until the user zooms.
  bool follow_ = true;
  double x0_ = 0.0, x1_ = 1.0;
  bool hover_ = false;
  double hover_x_ = 0.0;
};

}  // namespace latent
