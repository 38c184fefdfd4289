// The bound panel's background thread: the posterior grid behind the
// heatmap, the bound figures (log p(x) by quadrature, ELBO, IWAE ladder) and
// per-point VI, all computed by core/inference from a snapshot's immutable
// parameters, so the UI thread only posts requests and picks up results.
// Figures meant to be read together come out as one BoundSet, computed on
// one parameter version: the worker never hands out a mix.
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/inference/importance_weighted_bound.hpp"
#include "core/inference/point_elbo.hpp"
#include "core/inference/posterior_grid.hpp"
#include "core/inference/quadrature_marginal_likelihood.hpp"
#include "live/workers/worker_thread.hpp"

namespace latent {

// One observation under one set of parameters: what every job works on. The
// shared pointers keep the snapshot's model alive while a job uses it.
struct BoundInput {
  std::shared_ptr<const Vae> vae;
  std::shared_ptr<const FloatBuffer> params;
  Matrix x;                // (D, 1)
  uint64_t x_version = 0;  // the panel's tag for which x this is
  int64_t step = 0;        // the training step the parameters were copied at

  bool usable() const {
    return vae && params && x.cols() == 1 && x.rows() == vae->input_dim() && params->size() == vae->param_count();
  }
};

// Where a result came from: which model, at which step, for which x.
// Two results belong in one picture only if their tags are the same model.
struct ResultTag {
  std::shared_ptr<const Vae> vae;
  std::shared_ptr<const FloatBuffer> params;
  uint64_t x_version = 0;
  int64_t step = 0;

  bool same_model(const ResultTag& o) const { return params && params == o.params && vae == o.vae; }
  bool same_model_and_x(const ResultTag& o) const { return same_model(o) && x_version == o.x_version; }
};

// The posterior over a rectangle of the latent plane (2-D latent only).
struct PosteriorView {
  ResultTag tag;
  LatentRect rect;
  int resolution = 0;
  std::vector<float> log_joint;  // resolution^2, row 0 at the bottom: log p(x|z) + log p(z), nats
  float log_joint_max = 0.0f;
  // Moments of the posterior restricted to the rectangle, and its mass in the
  // outermost ring of cells (large: the view cuts the posterior off).
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  Eigen::Matrix2d covariance = Eigen::Matrix2d::Zero();
  double border_mass = 0.0;
  DiagonalGaussian q;            // the encoder's q(z|x) under the same parameters
  double milliseconds = 0.0;
  std::string error;             // non-empty: nothing else is valid
};

// "How tight is the bound" for one x.
struct BoundFigures {
  ResultTag tag;
  DiagonalGaussian q;                          // the encoder's q(z|x)
  std::optional<QuadratureResult> quadrature;  // 2-D latent only
  PointElbo elbo;                              // of the encoder's q
  std::vector<ImportanceWeightedBound> ladder; // encoder's q as proposal, k ascending
  double milliseconds = 0.0;
  std::string error;
};

// Per-point VI from the encoder's q, in progress or finished.
struct ViProgress {
  ResultTag tag;
  DiagonalGaussian start, current;  // current: the tail-averaged iterate (what to draw)
  int steps = 0, total_steps = 0;
  double elbo_estimate = 0.0;       // smoothed Monte Carlo ELBO of the live iterate
  bool finished = false;
  // Set once finished, all under the same parameters, same ELBO method for both q's:
  PointElbo encoder_elbo, optimized_elbo;
  double reference = 0.0;        // log p(x) by quadrature, or (latent > 2) the best lower bound found
  bool reference_is_exact = false;
  double milliseconds = 0.0;     // the optimization alone
  std::string error;

  double amortization_gap() const { return optimized_elbo.elbo() - encoder_elbo.elbo(); }
  double approximation_gap() const { return reference - optimized_elbo.elbo(); }
};

// The posterior picture and the bound figures for one x under one set of
// parameters (the picture only for a 2-D latent): what the panel shows together.
struct BoundSet {
  ResultTag tag;
  std::optional<PosteriorView> posterior;
  BoundFigures figures;
};

class BoundWorker {
 public:
  BoundWorker();
  ~BoundWorker();
  BoundWorker(const BoundWorker&) = delete;
  BoundWorker& operator=(const BoundWorker&) = delete;

  // Each request replaces one that has not started (only the newest matters).
  // A new picture of p(z|x) over `rect` for a model already on show (pan, zoom, a finer grid).
  void request_posterior(BoundInput input, const LatentRect& rect, int resolution);
  // Everything for a model: the picture (2-D latent) and the figures, handed
  // out together when all are done. Abandons a set half computed.
  // max_resolution caps the quadrature (its cost grows 4x per doubling).
  void request_set(BoundInput input, const LatentRect& rect, int resolution, std::vector<int> ks, int repetitions,
                   int max_resolution = 512);
  // Per-point VI: `steps` Adam steps paced at `steps_per_second` so the
  // ellipse can be watched moving, then the final figures. Replaces a running one.
  void start_vi(BoundInput input, int steps, double steps_per_second);
  void stop_vi();

  // The newest result of each kind, once.
  std::optional<PosteriorView> take_posterior();
  std::optional<BoundSet> take_set();
  std::optional<ViProgress> take_vi();

  bool posterior_busy() const;
  bool set_busy() const;
  bool vi_busy() const;
  bool has_results() const;
  // Measured cost of one decoder evaluation in posterior grids (microseconds,
  // a running average; 0 before the first grid): the panel sizes grids by it.
  double microseconds_per_decode() const { return microseconds_per_decode_.load(std::memory_order_relaxed); }

 private:
  struct PosteriorJob {
    BoundInput input;
    LatentRect rect;
    int resolution = 0;
  };
  struct SetJob {
    PosteriorJob picture;
    std::vector<int> ks;
    int repetitions = 0;
    int max_resolution = 512;
  };
  struct ViJob {
    BoundInput input;
    int steps = 0;
    double steps_per_second = 0.0;
  };
  struct SetTask;  // a set between stages (worker thread only)
  struct ViTask;   // a running optimization (worker thread only)
  using Clock = std::chrono::steady_clock;

  void thread_main();
  PosteriorView compute_posterior(const PosteriorJob& job, Vae::Workspace& ws);
  // One stage of a set; returns true when the set is complete.
  bool run_set_stage(SetTask& task, Vae::Workspace& ws);
  // A few VI steps (or the final figures); returns true when finished.
  bool run_vi_chunk(ViTask& task, Vae::Workspace& ws);

  // Guarded by thread_.mutex(), held only to move requests and results in
  // or out, never while computing.
  Mailbox<PosteriorJob, PosteriorView> posterior_;
  Mailbox<SetJob, BoundSet> set_;
  Mailbox<ViJob, ViProgress> vi_;
  bool vi_stop_ = false;
  // Written by the worker, read by the UI to size the next grid; a lone
  // double with no invariant to keep with anything else, so an atomic suffices.
  std::atomic<double> microseconds_per_decode_{0.0};
  WorkerThread thread_;  // last: started after everything it uses exists
};

}  // namespace latent
