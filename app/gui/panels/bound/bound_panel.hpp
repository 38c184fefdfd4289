// "How tight is the bound": for one x, the true posterior p(z|x) as a
// heatmap with q(z|x)'s ellipses over it, log p(x) by quadrature against the
// ELBO and the IWAE ladder, per-point VI with its two gaps, and the
// amortized-vs-per-point comparison. Everything heavy runs on the
// BoundProbe's worker; everything drawn together is of one model.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gui/panels/bound/amortization_table.hpp"
#include "live/probes/bound_probe.hpp"
#include "gui/plot/heatmap.hpp"
#include "gui/plot/image_tiles.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class BoundPanel {
 public:
  void draw(PanelContext& ctx);
  // A result is waiting: the app draws a frame to show it (it otherwise redraws only on change).
  bool has_results() const { return probe_.has_results(); }
  // Presses "Optimize q*" by itself once the first bound figures are in (scripted demos, screenshots).
  // after_frame: not before this frame (so a script can let training run first).
  void start_vi_when_ready(int64_t after_frame = 0) {
    auto_start_vi_ = true;
    auto_start_frame_ = after_frame;
  }
  // Per-point VI is to start by itself, or runs: a scripted run waits for its end.
  bool vi_pending() const { return auto_start_vi_ || probe_.vi_running(); }

 private:
  // Which x the panel looks at: the latent view's selected held-out example, or a pin's decoding.
  bool choose_x(PanelContext& ctx);
  void upload_heatmap();
  // The picture `size` big with its colour bar (x <= 0: the width less -x), and its legend below.
  void draw_posterior(PanelContext& ctx, ImVec2 size);
  void fit_view(PanelContext& ctx);
  void draw_overlays(const plot::Frame& frame);
  void draw_posterior_legend();
  void draw_model_step(const Snapshot& snapshot);
  // In a lesson: the picture and the ladder side by side, each keeping the lesson's plot height.
  void draw_lesson_plots(PanelContext& ctx);
  // The figures the ladder shows, and q*'s once finished (null: none to show).
  const BoundFigures* figures_on_show() const;
  const ViProgress* vi_on_show() const;
  void draw_ladder(ImVec2 size);
  // The KL between q and the posterior in words and numbers, after the ladder if `ladder`.
  void draw_bounds(PanelContext& ctx, bool ladder);
  // What the panel says below the picture: the bounds, per-point VI, the explanation, the comparison.
  void draw_words(PanelContext& ctx, bool ladder);
  // Why a latent size other than 2 has no picture and no quadrature.
  void draw_no_picture(int latent_dim);
  void draw_per_point_vi(PanelContext& ctx);
  void draw_explanation();

  BoundProbe probe_;  // the worker, and what is on show: one model at a time
  Heatmap heatmap_;
  ImageTiles x_image_;
  AmortizationTable comparison_;
  plot::PanZoom view_;

  // The chosen x.
  int source_pin_ = -1;  // -1: the selected held-out example, else a pin index
  Matrix x_;             // (D, 1)
  uint64_t x_key_ = 0, x_version_ = 0;
  bool has_x_ = false;
  const DataSplit* defaulted_for_ = nullptr;  // the data set we picked a first example for

  uint64_t uploaded_picture_ = ~0ull;  // the picture revision in the heatmap
  bool heatmap_stale_ = false;         // colours changed (log scale, colormap)
  std::chrono::steady_clock::time_point view_moved_at_{};
  LatentRect last_rect_;

  bool auto_start_vi_ = false;
  int64_t auto_start_frame_ = 0;
  bool log_scale_ = false;
  bool magma_ = false;
  float below_height_ = 0.0f;     // what the panel drew under the picture last frame
  double ui_milliseconds_ = 0.0;  // this panel's own cost per frame on the UI thread (running average)
};

}  // namespace latent
