// The trainer thread: owns the model, optimizer, RNG and batches; takes
// commands between steps; publishes immutable snapshots.
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

#include "core/train/snapshot.hpp"
#include "core/train/training_session.hpp"

namespace latent {

namespace command {
struct Pause {};
struct Resume {};
struct Step { int count = 1; };          // single-step while paused
struct Reset { uint64_t seed = 1; };     // same seed, same run
struct SetLearningRate { float value; };
struct SetBeta { float value; };
struct SetBatchSize { int value; };
struct SetSamples { int value; };        // Monte Carlo samples M
struct Rebuild { ModelSettings model; }; // new data set or architecture
struct Save { std::string path; };       // checkpoint, written atomically
struct Load { std::string path; };       // a checkpoint's model, parameters and optimizer; if it fails, the run goes on untouched
// The encoder's estimator, and (if given) tau of the categorical latent's relaxations.
struct SetEstimator { EncoderGradient value; std::optional<double> temperature; };
struct SetPace { int max_steps_per_second; };  // 0: as fast as the machine allows
struct ProbeNow {};                      // run the variance probe at the next step boundary
struct SetThreads { int value; };        // threads each step is split across (TrainingSession::set_threads)
struct EmHalfStep { EmHalf half; };      // a mixture fitted by EM: this half-step now (paused or not)
// After a divergence: back to the last finite parameters (and their step), a
// learning rate ten times lower (lowered_learning_rate), and training resumes.
struct RollBackAndLowerRate {};
// The held-out figures at this step now, not only at the next epoch's end
// (a lesson step opens on them); nothing if this step has them already.
struct EvaluateHeldOut {};
}  // namespace command

using Command = std::variant<command::Pause, command::Resume, command::Step, command::Reset,
                             command::SetLearningRate, command::SetBeta, command::SetBatchSize,
                             command::SetSamples, command::Rebuild, command::Save, command::SetEstimator,
                             command::SetPace, command::ProbeNow, command::Load, command::SetThreads,
                             command::EmHalfStep, command::RollBackAndLowerRate, command::EvaluateHeldOut>;

struct TrainerOptions {
  bool start_paused = false;
  int publish_interval_ms = 40;
  int view_codes = 2000;        // held-out points encoded for the latent view
  double codes_budget = 0.05;   // at most this fraction of trainer time on them
  double probe_budget = 0.05;   // variance probe: this fraction of trainer time; 0 = only on ProbeNow
  double probe_min_interval = 3.0;  // seconds between probes at the least
};

class Trainer {
 public:
  Trainer(ModelSettings model, TrainSettings training, TrainerOptions options = {});
  ~Trainer();  // stops and joins
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // Never blocks on a step. Returns the command's ticket: the first snapshot
  // whose commands_done reaches it has applied the command (its message, if
  // the command sets one, answers it).
  uint64_t post(Command c);
  std::shared_ptr<const Snapshot> latest() const;     // never blocks on a step
  void stop();                                        // joins the thread

 private:
  struct Run;  // trainer-thread state (defined in trainer.cpp)
  void thread_main();
  void publish(Run& run, bool force);
  // The live parameters as an immutable copy, made once per step and shared by
  // the snapshot and the latent codes of that step (kept as the last good
  // parameters when finite).
  static std::shared_ptr<const FloatBuffer> copy_params(Run& run);

  TrainerOptions options_;
  ModelSettings initial_model_;
  TrainSettings initial_training_;

  // Guards the command queue; held only to push or swap it out.
  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Command> queue_;
  uint64_t posted_ = 0;  // commands posted so far (the last ticket), under queue_mutex_
  // Set once by stop(); read by the trainer loop between steps.
  std::atomic<bool> stop_requested_{false};

  // Guards the latest snapshot pointer; held only to copy the pointer.
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> latest_;

  std::thread thread_;
};

}  // namespace latent
