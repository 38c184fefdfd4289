// What the lecturer points at in latent space, shared by the panels: pins
// (draggable z's whose decodings are shown), the selected held-out example,
// the two latent dimensions on screen and the interpolation between pins.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>


#include "core/train/snapshot.hpp"
#include "live/workers/decode_worker.hpp"

namespace latent {

class FrameStats;
class SnapshotDecoder;

struct Pin {
  char name = 'A';
  std::vector<float> z;  // the full latent vector; dims not on screen stay as they are
  Matrix decoded;        // (D, 1): decoder mean at z under decoded_params
  std::shared_ptr<const FloatBuffer> decoded_params;
  std::shared_ptr<const Vae> decoded_vae;  // the model decoded_params belong to
  int64_t moved_frame = -1;    // the frame z last changed in
  int64_t decoded_frame = -1;  // the frame `decoded` was last computed in
  bool needs_decode = true;
};

class LatentProbes {
 public:
  LatentProbes();

  int dim_x = 0, dim_y = 1;  // latent dimensions shown on the view's x and y axes
  std::vector<Pin> pins;
  int interpolate_from = 0, interpolate_to = 1;
  bool spherical = false;        // slerp instead of a straight line
  int selected_test_index = -1;  // a held-out example (index into the test set), or -1
  int highlighted_class = -1;    // a legend entry under the mouse, or -1
  bool has_hover_z = false;      // a decoded tile under the mouse: show where its z is
  double hover_z[2] = {0, 0};
  int manifold_size = 12;        // the decoder panel's grid is manifold_size^2 tiles
  uint64_t version = 1;          // bumps on any change that makes derived pictures stale

  // Adapts to a model with `latent_dim` dimensions (pins keep what fits).
  void conform(int latent_dim);
  int latent_dim() const { return latent_dim_; }

  void move_pin(int i, double x, double y, int64_t frame);
  void set_pin(int i, const std::vector<float>& z, int64_t frame);
  void add_pin(double x, double y, int64_t frame);
  void remove_pin(int i);

  // Decodes the pins that moved (or belong to another model) on this thread,
  // now, and records for --stats whether each was decoded in the frame it
  // moved. Pins that only fell behind the parameters go to the worker, so a
  // new snapshot does not cost the frame it arrives in a decode per pin.
  void refresh_pins(const Snapshot& snapshot, SnapshotDecoder& decoder, DecodeWorker& worker, int64_t frame,
                    FrameStats& stats);

  // z along the path between the two interpolation pins: (L, steps).
  Matrix interpolation_path(int steps) const;
  // z with every dimension 0 but dim_x = x, dim_y = y (the rest at the prior mean).
  void plane_point(double x, double y, float* z) const;

  // Where the selected example sits in snapshot.codes, or -1.
  int selected_code(const Snapshot& snapshot) const;

 private:
  void take_background_decodes(DecodeWorker& worker, int64_t frame);
  void decode_moved_pins(const Snapshot& snapshot, SnapshotDecoder& decoder, int64_t frame, FrameStats& stats);
  void send_stale_pins(const Snapshot& snapshot, DecodeWorker& worker);

  int latent_dim_ = 2;
  // The worker's pin job: which pins (by name) at which z's, under which
  // model; a result for a pin that has moved or changed model since is dropped.
  DecodeSchedule stale_schedule_;
  std::string sent_names_;
  Matrix sent_z_;  // (L, sent_names_.size())
  std::shared_ptr<const Vae> sent_vae_;
  uint64_t sent_generation_ = 0;
  Matrix batch_z_, batch_mean_;  // this thread's decode buffers, kept between frames
};

}  // namespace latent
