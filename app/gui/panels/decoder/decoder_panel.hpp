// Decoded samples across z for image data: the manifold grid (a regular grid
// on the unit square through the inverse normal CDF, Kingma & Welling 2013)
// in the latent view's dimensions, the interpolation strip between two pins
// (linear or spherical), and fresh samples z ~ p(z).
#pragma once
#include "core/math/rng.hpp"
#include "live/workers/decode_worker.hpp"
#include "gui/plot/image_tiles.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/plot/plot.hpp"

namespace latent {

class DecoderPanel {
 public:
  void draw(PanelContext& ctx);

 private:
  void draw_manifold(PanelContext& ctx);
  void draw_manifold_tiles(PanelContext& ctx, const plot::Frame& frame, int n, double aspect_y);
  void draw_interpolation(PanelContext& ctx);
  void draw_samples(PanelContext& ctx);
  // Picks up a finished decode for `slot` into `tiles`.
  void collect(PanelContext& ctx, DecodeWorker::Slot slot, ImageTiles& tiles, int columns);
  // The training step each tab's pictures were decoded at (said under them: they lag training a little).
  int64_t decoded_step_[DecodeWorker::kSlotCount] = {};
  void submit(PanelContext& ctx, DecodeWorker::Slot slot, Matrix z);

  DecodeSchedule manifold_schedule_{0.3}, strip_schedule_{0.15}, samples_schedule_{0.3};
  ImageTiles manifold_, strip_, samples_;
  int manifold_columns_ = 1, strip_columns_ = 1, samples_columns_ = 8;
  // Fixed prior samples, so students watch the same z's sharpen as training goes on.
  Matrix prior_z_;
  uint64_t prior_version_ = 1;
  Rng rng_{20130612};
  int strip_steps_ = 10;
};

}  // namespace latent
