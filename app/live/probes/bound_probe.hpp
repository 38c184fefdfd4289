// What the bound panel shows for one x, kept to one model at a time: the
// picture of p(z|x), the bound figures and per-point VI are taken from the
// worker only as a set computed on one parameter version, and while a newer
// set is computed the complete older one stays on show with its step. Also
// when to ask for the next set (about once a second while training) and
// freezing the model on show for per-point VI. GL-free, so tests drive it.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/train/snapshot.hpp"
#include "live/workers/bound_worker.hpp"

namespace latent {

// Everything on show: all of it of `model` (params null: nothing yet).
struct BoundShown {
  ResultTag model;
  std::optional<PosteriorView> posterior;  // 2-D latent only; its rect may differ from the view's
  uint64_t picture_revision = 0;           // bumps whenever `posterior` is replaced
  std::optional<BoundFigures> figures;
  std::optional<ViProgress> vi;  // only while frozen for per-point VI
  std::vector<double> vi_trail;  // (z1, z2) pairs: where q*'s mean has been
};

struct BoundProbeSettings {
  std::vector<int> ladder_ks{1, 5, 50, 500};
  int iwae_repetitions = 20;
  // While training, a new set at most this often: each costs the worker a
  // few hundred milliseconds of decoding on the trainer's other core.
  double set_interval_seconds = 1.0;
  // Per-point VI: enough steps for the tail average to settle, slow enough to watch q* travel.
  int vi_steps = 1000;
  double vi_steps_per_second = 300.0;
};

// Where the picture is wanted: the plot's data rectangle and a grid size for it.
struct PictureRequest {
  LatentRect rect;
  int resolution = 48;
  bool live = false;  // training runs or the view moved lately: this grid now, a finer one when still
};

class BoundProbe {
 public:
  explicit BoundProbe(BoundProbeSettings settings = {}) : settings_(std::move(settings)) {}

  // The x to analyse, (D, 1). A new `version` drops everything shown for the
  // old x; the same version with new values (a pin's decoding as training
  // moves the decoder) goes into the next set.
  void set_x(const Matrix& x, uint64_t version);
  void clear_x();
  bool has_x() const { return has_x_; }

  // Once per frame: takes the worker's results into what is on show, then asks
  // for what is due: a set for a newer model, or a picture of the model on
  // show over `picture` (nullopt: no picture, e.g. a latent size other than 2).
  void update(const Snapshot& snapshot, const std::optional<PictureRequest>& picture);

  // Per-point VI on the model and x on show (their figures are complete);
  // everything stays of that model until follow_training().
  bool can_start_vi() const { return !frozen_ && shown_.figures.has_value() && shown_input_.usable(); }
  void start_vi();
  void follow_training();
  bool frozen() const { return frozen_; }

  const BoundShown& shown() const { return shown_; }
  // A newer set is being computed (the one on show is older than the model).
  bool updating() const { return worker_.set_busy(); }
  bool vi_running() const { return worker_.vi_busy() || (shown_.vi && !shown_.vi->finished && shown_.vi->error.empty()); }
  bool has_results() const { return worker_.has_results(); }
  double microseconds_per_decode() const { return worker_.microseconds_per_decode(); }
  // What is on show, as the figures log records it each frame: the model's
  // step, each part's own step, every figure with its stated error.
  nlohmann::json describe_shown() const;
  // The posterior grid's size the last set or picture asked for.
  int picture_resolution() const { return sent_resolution_; }

 private:
  using Clock = std::chrono::steady_clock;
  void take_results();
  void request_due(const Snapshot& s, const std::optional<PictureRequest>& picture);
  BoundInput input_for(const Snapshot& s) const;

  BoundProbeSettings settings_;
  BoundWorker worker_;

  Matrix x_;  // (D, 1)
  uint64_t x_version_ = 0;
  bool has_x_ = false;

  BoundShown shown_;
  BoundInput shown_input_;  // the model and x the set on show was computed from
  bool frozen_ = false;

  // What went to the worker last, to decide when to send again and to know a set's input when it returns.
  BoundInput sent_set_;
  Clock::time_point sent_set_at_{};
  int sent_quadrature_cap_ = 512;
  LatentRect sent_rect_;
  int sent_resolution_ = 0;
  bool x_changed_ = false;  // a set for the new x goes out at once, replacing one for the old x
};

}  // namespace latent
