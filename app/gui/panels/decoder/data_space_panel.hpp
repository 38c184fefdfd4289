// The data view for points (two columns of them at a time, in the file's
// units when the points were standardized): held-out data, their reconstructions,
// samples from the model x ~ p(x|z) p(z), the decoder's mean f(z) along the
// latent axes (how the decoder bends the latent plane into data space), and
// where the pins and the interpolation path land.
#pragma once
#include <memory>

#include "live/workers/decode_worker.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"
#include "gui/plot/point_cloud.hpp"

namespace latent {

class DataSpacePanel {
 public:
  void draw(PanelContext& ctx);

 private:
  void request(PanelContext& ctx);
  void collect(PanelContext& ctx);
  void fit(const Snapshot& s);
  // Points of more than two columns: which two the view shows.
  void draw_column_choice(const Dataset& data);

  plot::PanZoom view_;
  bool show_reconstructions_ = true, show_links_ = false, show_samples_ = true, show_mean_ = true;

  DecodeSchedule samples_schedule_{0.25}, curves_schedule_{0.1};
  // Reconstructions belong to one set of codes: keep the codes they were made from.
  std::shared_ptr<const LatentCodes> submitted_codes_, reconstructed_codes_;
  uint64_t codes_generation_ = 0;
  Matrix reconstructions_;  // (D, N): decoder mean at each code's mu
  Matrix prior_z_, noise_;  // fixed z ~ p(z) and eps, so samples move smoothly as training goes on
  Matrix sample_means_;     // (D, S)
  Matrix curves_;           // (D, lines * points + path)
  int curve_lines_ = 0, curve_points_ = 0, path_points_ = 0;
  const DataSplit* fitted_data_ = nullptr;
  int col_x_ = 0, col_y_ = 1;  // the data columns on the view's axes
  PointCloud samples_cloud_, data_cloud_, reconstructions_cloud_;  // uploaded when they change
};

}  // namespace latent
