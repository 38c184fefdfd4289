// "How tight is the bound" (issue 5): for one x, the true posterior p(z|x) as
// a heatmap with q(z|x)'s ellipses over it, log p(x) by quadrature against
// the ELBO and the IWAE ladder, per-point VI with its two gaps, and the
// amortized-vs-per-point comparison. Everything heavy runs on BoundWorker.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gui/panels/bound/amortization_table.hpp"
#include "live/workers/bound_worker.hpp"
#include "gui/plot/heatmap.hpp"
#include "gui/plot/image_tiles.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class BoundPanel {
 public:
  void draw(PanelContext& ctx);
  // A result is waiting: the app draws a frame to show it (it otherwise redraws only on change).
  bool has_results() const { return worker_.has_results(); }
  // Presses "Optimize q*" by itself once the first bound figures are in (scripted demos, screenshots).
  // after_frame: not before this frame (so a script can let training run first).
  void start_vi_when_ready(int64_t after_frame = 0) {
    auto_start_vi_ = true;
    auto_start_frame_ = after_frame;
  }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr int kViSteps = 1000;               // as the `bound` command: enough for the tail average to settle
  static constexpr double kViStepsPerSecond = 300.0;  // about 3 s: slow enough to watch q* travel
  // Which x the panel looks at: the latent view's selected held-out example, or a pin's decoding.
  bool choose_x(PanelContext& ctx);
  void take_results();
  void upload_heatmap();
  void request_bounds_if_due(const Snapshot& snapshot);
  void draw_posterior(PanelContext& ctx, float height);
  void fit_view(PanelContext& ctx);
  void draw_overlays(const plot::Frame& frame);
  void draw_posterior_legend();
  void draw_bounds(PanelContext& ctx);
  void draw_per_point_vi(PanelContext& ctx);
  void draw_explanation();
  BoundInput model_input(const Snapshot& snapshot) const;  // x under the frozen or the latest parameters
  void follow_training();
  void start_vi(const Snapshot& snapshot);

  BoundWorker worker_;
  Heatmap heatmap_;
  ImageTiles x_image_;
  AmortizationTable comparison_;
  plot::PanZoom view_;

  // The chosen x.
  int source_pin_ = -1;  // -1: the selected held-out example, else a pin index
  Matrix x_;             // (D, 1)
  std::string x_title_;
  uint64_t x_key_ = 0, x_version_ = 0;
  bool has_x_ = false;
  const DataSplit* defaulted_for_ = nullptr;  // the data set we picked a first example for

  // While per-point VI runs or its result is shown, every figure is computed
  // under the parameters it started from, so the gaps compare like with like.
  std::shared_ptr<const Vae> frozen_vae_;
  std::shared_ptr<const FloatBuffer> frozen_params_;
  int64_t frozen_step_ = 0;

  std::optional<PosteriorView> posterior_;
  std::optional<BoundFigures> figures_;
  std::optional<ViProgress> vi_;
  std::vector<double> vi_trail_;  // (z1, z2) pairs: where q*'s mean has been
  bool heatmap_stale_ = false;

  // What went to the worker last, to decide when to send again.
  LatentRect sent_rect_;
  int sent_resolution_ = 0;
  uint64_t sent_posterior_x_ = 0, sent_bounds_x_ = 0;
  std::shared_ptr<const FloatBuffer> sent_posterior_params_, sent_bounds_params_;
  Clock::time_point sent_posterior_at_{}, sent_bounds_at_{}, view_moved_at_{};

  bool auto_start_vi_ = false;
  int64_t auto_start_frame_ = 0;
  int sent_bounds_cap_ = 512;  // the quadrature's max resolution in the last request
  bool log_scale_ = false;
  bool magma_ = false;
  float below_height_ = 0.0f;     // what the panel drew under the picture last frame
  double ui_milliseconds_ = 0.0;  // this panel's own cost per frame on the UI thread (running average)
};

}  // namespace latent
