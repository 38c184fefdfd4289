// The mixture of Gaussians in data space: the training points coloured by
// EM's current q(z|x) (the palette colours of the components mixed by q),
// or by the exact p(z|x), or by the amortized q(z|x) trained beside it (with
// its held-out mean KL(q || p(z|x)) as text),
// each component's 1- and 2-sigma ellipse labelled with its weight pi_k,
// and samples z ~ p(z), x ~ p(x|z) from the model (a legend toggle).
#pragma once
#include <memory>

#include "core/models/gmm.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"
#include "gui/plot/point_cloud.hpp"

namespace latent {

class MixtureDataPanel {
 public:
  void draw(PanelContext& ctx);

 private:
  // The shown points, their q and the samples, for the snapshot's parameters and q.
  void refresh(const Snapshot& s);
  void draw_components(const plot::Frame& frame, const GmmParams& params) const;

  plot::PanZoom view_;
  const DataSplit* fitted_data_ = nullptr;
  std::shared_ptr<const FloatBuffer> seen_params_;
  std::shared_ptr<const Eigen::MatrixXd> seen_q_;
  GmmParams params_;
  Points2 shown_;           // (2, S): the first training points
  Eigen::MatrixXd q_;       // (K, S): their q(z|x); empty before the first E-step
  bool q_is_posterior_ = false;  // fitted by gradient: q is p(z|x) of the current parameters
  Eigen::MatrixXd posterior_, amortized_q_;  // (K, S): p(z|x) of the current parameters; the amortized q (empty: none)
  Points2 held_out_;                         // (2, <= 1000): the first test points, for the amortized q's KL
  double amortized_kl_ = 0.0;                // its mean KL(q(z|x) || p(z|x)) over held_out_, nats
  enum ColourBy { kFitQ, kPosterior, kAmortized };
  int colour_by_ = kFitQ;  // a ColourBy; kFitQ is EM's q, or p(z|x) when fitted by gradient
  Points2 samples_;         // (2, 1000) from a fixed seed, so they move smoothly with the parameters
  bool show_samples_ = false, show_ellipses_ = true;
  PointCloud data_cloud_, samples_cloud_;
};

}  // namespace latent
