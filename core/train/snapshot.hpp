// The immutable picture of training that the trainer publishes every few
// tens of milliseconds; the UI draws every panel of one frame from one of them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/estimators/variance_probe.hpp"
#include "core/models/categorical_vae.hpp"
#include "core/models/conditional_models.hpp"
#include "core/models/gmm_fit_state.hpp"
#include "core/models/vae.hpp"
#include "core/models/vq_vae.hpp"
#include "core/train/metric_series.hpp"
#include "core/train/settings.hpp"

namespace latent {

enum class RunState {
  Loading,   // building the model / reading the data set
  Running,
  Paused,
  Diverged,  // a non-finite loss: paused, last good parameters kept
  Failed     // could not load the data set or checkpoint; see message
};
const char* to_string(RunState s);

// Posterior means and log-variances (or categorical probabilities) of a fixed subset of held-out data,
// encoded with `params` (the parameters of `step`, which may be older than
// the snapshot's): decode them with these, so a picture is of one model.
struct LatentCodes {
  int64_t step = 0;
  std::shared_ptr<const FloatBuffer> params;
  std::vector<int> test_indices;  // which test examples
  Matrix mu, log_var;             // (L, N); empty for a categorical latent; a VQ-VAE's z_e in mu
  Matrix q;                       // categorical latent: (D*K, N), q(z_d = k | x), group after group
};

struct Snapshot {
  uint64_t sequence = 0;  // one more for every publish
  uint64_t run = 0;       // one more for every new model (rebuild, reset, load): tells a fresh run from the last one
  int64_t step = 0;
  double epoch = 0.0;
  RunState state = RunState::Loading;
  std::string message;    // one line for the status bar: errors, NaN, saves
  std::string divergence_cause;  // Diverged only: its likely cause, one sentence (likely_divergence_cause)
  uint64_t commands_done = 0;  // commands applied so far: a Trainer::post ticket <= this has been

  ModelSettings model;
  TrainSettings training;

  // The model the views draw, as its kind shares it (TrainableModel::share);
  // null while loading or failed, and in runs of the other kind.
  std::shared_ptr<const Vae> vae;
  std::shared_ptr<const ConditionalModels> conditional;
  std::shared_ptr<const MixtureFitState> mixture;  // with `params`: the mixture and its EM's q
  std::shared_ptr<const CategoricalVae> categorical;
  std::shared_ptr<const VqVae> vq;
  std::shared_ptr<const FloatBuffer> params;   // copy taken at `step`
  std::shared_ptr<const DataSplit> data;
  std::shared_ptr<const LatentCodes> codes;    // may lag `step` a little

  MetricSeries train_metrics;  // one point per step, the older thinned (bounded: see MetricRecorder)
  MetricSeries test_metrics;   // one point per epoch, whole test set (bounded alike)
  // The gradient lab's variance probes so far (oldest first); may be null.
  std::shared_ptr<const std::vector<VarianceProbeResult>> probes;

  double steps_per_second = 0.0;
  double samples_per_second = 0.0;
  int training_threads = 1;  // threads each step is split across (command::SetThreads, clamped to the cores)
};

}  // namespace latent
