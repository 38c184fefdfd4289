// The trainer thread's loop: commands at step boundaries, training steps,
// held-out evaluation each epoch (or when asked), latent codes on a time
// budget, snapshots.
#include "core/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "core/math/number_text.hpp"
#include "core/train/divergence.hpp"
#include "core/train/bounded_history.hpp"
#include "core/train/model_file.hpp"

namespace latent {

namespace {
using Clock = std::chrono::steady_clock;
constexpr size_t kMaxProbeHistory = 1024;  // the gradient lab's probe plot: ~600 KB
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool all_finite(const FloatBuffer& b) {
  return ConstVectorMap(b.data(), Eigen::Index(b.size())).allFinite();
}
}  // namespace

const char* to_string(RunState s) {
  switch (s) {
    case RunState::Loading: return "loading";
    case RunState::Running: return "running";
    case RunState::Paused: return "paused";
    case RunState::Diverged: return "diverged";
    case RunState::Failed: return "failed";
  }
  return "?";
}

// Everything the trainer thread owns.
struct Trainer::Run {
  ModelSettings model;
  TrainSettings training;
  std::unique_ptr<TrainingSession> session;
  RunState state = RunState::Loading;
  bool paused = false;      // the user's wish; state says what is happening
  int pending_steps = 0;    // single steps requested while paused
  std::string message;
  std::string divergence_cause;  // Diverged only (Snapshot::divergence_cause)
  int threads = 1;          // asked for by SetThreads; kept by every new session
  MetricRecorder train_metrics, test_metrics;
  int64_t held_out_step = -1;  // the step of test_metrics' last point
  std::shared_ptr<const FloatBuffer> last_params;  // last published, known finite
  int64_t last_params_step = -1;
  std::shared_ptr<const LatentCodes> codes;
  std::shared_ptr<const std::vector<VarianceProbeResult>> probes;
  Clock::time_point next_probe = Clock::now();
  bool probe_requested = false;
  std::vector<int> code_indices;
  Clock::time_point next_codes = Clock::now();
  Clock::time_point next_step = Clock::now();  // with a pace: when the next step may start
  Clock::time_point last_publish = Clock::now();
  uint64_t sequence = 0;
  uint64_t run_id = 0;      // bumped by every new model, published as Snapshot::run
  uint64_t commands_done = 0;  // commands applied, in the order posted (Snapshot::commands_done)
  bool dirty = true;        // something changed since the last publish
  // Throughput over a sliding window.
  Clock::time_point rate_start = Clock::now();
  int64_t rate_steps = 0, rate_samples = 0;
  double steps_per_second = 0.0, samples_per_second = 0.0;
};

Trainer::Trainer(ModelSettings model, TrainSettings training, TrainerOptions options)
    : options_(options), initial_model_(std::move(model)), initial_training_(training) {
  auto first = std::make_shared<Snapshot>();
  first->model = initial_model_;
  first->training = initial_training_;
  first->state = RunState::Loading;
  first->message = "loading " + initial_model_.dataset + " ...";
  latest_ = first;
  thread_ = std::thread([this] { thread_main(); });
}

Trainer::~Trainer() { stop(); }

void Trainer::stop() {
  {
    std::lock_guard lock(queue_mutex_);
    stop_requested_ = true;
  }
  queue_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t Trainer::post(Command c) {
  uint64_t ticket = 0;
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back(std::move(c));
    ticket = ++posted_;
  }
  queue_cv_.notify_one();
  return ticket;
}

std::shared_ptr<const Snapshot> Trainer::latest() const {
  std::lock_guard lock(snapshot_mutex_);
  return latest_;
}

void Trainer::thread_main() {
  Run run;
  run.model = initial_model_;
  run.training = initial_training_;
  run.paused = options_.start_paused;

  // A new session becomes the run: metrics, codes and probes start again, and
  // the latent view shows a fixed, seeded subset of its held-out data.
  auto adopt = [&](std::unique_ptr<TrainingSession> session) {
    run.train_metrics.clear();
    run.test_metrics.clear();
    run.held_out_step = -1;
    run.codes.reset();
    run.probes.reset();
    run.last_params.reset();
    run.session = std::move(session);
    run.session->set_threads(run.threads);
    const int n = int(run.session->data()->test.size());
    run.code_indices.resize(n);
    std::iota(run.code_indices.begin(), run.code_indices.end(), 0);
    Rng pick(run.model.seed ^ 0x76696577ull);
    for (int i = n - 1; i > 0; --i) std::swap(run.code_indices[i], run.code_indices[pick.below(uint64_t(i) + 1)]);
    run.code_indices.resize(std::min(n, options_.view_codes));
    std::sort(run.code_indices.begin(), run.code_indices.end());
    run.state = run.paused ? RunState::Paused : RunState::Running;
    run.message = run.session->describe();
    run.divergence_cause.clear();
    copy_params(run);  // a divergence before the first publish still has finite parameters to go back to
  };

  // Back to the last finite parameters, with the step they are of.
  auto roll_back = [&] {
    if (run.session && run.last_params) run.session->restore_params(*run.last_params, run.last_params_step);
  };

  auto build = [&] {
    ++run.run_id;
    run.state = RunState::Loading;
    run.session.reset();
    run.train_metrics.clear();
    run.test_metrics.clear();
    run.held_out_step = -1;
    run.codes.reset();
    run.probes.reset();
    run.last_params.reset();
    publish(run, true);
    try {
      auto data = std::make_shared<const DataSplit>(run.model.load_data());
      adopt(std::make_unique<TrainingSession>(run.model, run.training, data));
    } catch (const std::exception& e) {
      run.state = RunState::Failed;
      run.message = e.what();
    }
    run.next_codes = Clock::now();
    run.dirty = true;
  };

  auto encode_codes = [&] {
    const auto t0 = Clock::now();
    const TrainingSession& s = *run.session;
    std::shared_ptr<LatentCodes> codes = s.model().latent_codes(s.params().data(), s.data()->test, run.code_indices);
    if (!codes) {  // this kind has none: no need to ask again until the model is rebuilt
      run.next_codes = Clock::time_point::max();
      return;
    }
    codes->step = s.steps();
    // The parameters the codes are of, shared with the next snapshot when it is of the same step.
    codes->params = copy_params(run);
    run.codes = std::move(codes);
    // Spend at most codes_budget of the trainer's time here.
    const double cost = seconds_since(t0);
    const double wait = std::max(0.2, cost / options_.codes_budget);
    run.next_codes = Clock::now() + std::chrono::microseconds(int64_t(wait * 1e6));
    run.dirty = true;
  };

  auto evaluate_held_out = [&] {
    TrainingSession& s = *run.session;
    run.test_metrics.append(s.evaluate_test().metric_point(s.steps(), s.epoch()));
    run.held_out_step = s.steps();
    run.dirty = true;
  };

  // A step's terms onto the curves (and the held-out figures when it ends an
  // epoch), or, for a non-finite loss, back to the last good parameters.
  auto record = [&](const ModelTerms& r, double epoch_before) {
    TrainingSession& s = *run.session;
    if (!r.finite()) {
      const int64_t diverged_at = s.steps();
      roll_back();  // to the last parameters that were published and finite
      run.state = RunState::Diverged;
      run.pending_steps = 0;
      run.message = "training diverged at step " + std::to_string(diverged_at) +
                    " (non-finite loss): paused with the parameters of step " + std::to_string(s.steps());
      run.divergence_cause = likely_divergence_cause(s.settings(), s.data()->train);
      return;
    }
    run.train_metrics.append(r.metric_point(s.steps(), s.epoch(), s.settings().estimator));
    if (std::floor(s.epoch()) > std::floor(epoch_before)) evaluate_held_out();
  };

  auto apply = [&](Command& c) {
    std::visit(
        [&](auto& cmd) {
          using T = std::decay_t<decltype(cmd)>;
          if constexpr (std::is_same_v<T, command::Pause>) {
            run.paused = true;
            if (run.state == RunState::Running) run.state = RunState::Paused;
          } else if constexpr (std::is_same_v<T, command::Resume>) {
            run.paused = false;
            if (run.state == RunState::Paused || run.state == RunState::Diverged) {
              run.state = RunState::Running;
              run.message.clear();
              run.divergence_cause.clear();
            }
          } else if constexpr (std::is_same_v<T, command::Step>) {
            if (run.state == RunState::Paused || run.state == RunState::Diverged) run.pending_steps += cmd.count;
          } else if constexpr (std::is_same_v<T, command::Reset>) {
            run.model.seed = cmd.seed;
            if (run.session && run.session->model_settings().same_data(run.model)) {
              // Same data, fresh model: reseeding the session replays the run.
              ++run.run_id;
              adopt(std::make_unique<TrainingSession>(run.model, run.training, run.session->data()));
              run.next_codes = Clock::now();
            } else {
              build();
            }
          } else if constexpr (std::is_same_v<T, command::SetLearningRate>) {
            run.training.learning_rate = cmd.value;
          } else if constexpr (std::is_same_v<T, command::SetBeta>) {
            run.training.beta = cmd.value;
          } else if constexpr (std::is_same_v<T, command::SetBatchSize>) {
            run.training.batch_size = std::max(1, cmd.value);
          } else if constexpr (std::is_same_v<T, command::SetSamples>) {
            run.training.mc_samples = std::max(1, cmd.value);
          } else if constexpr (std::is_same_v<T, command::Rebuild>) {
            run.model = cmd.model;
            build();
          } else if constexpr (std::is_same_v<T, command::SetPace>) {
            run.training.max_steps_per_second = std::max(0, cmd.max_steps_per_second);
            run.next_step = Clock::now();
          } else if constexpr (std::is_same_v<T, command::SetEstimator>) {
            run.training.estimator = cmd.value;
            run.training.temperature = cmd.temperature.value_or(run.training.temperature);
          } else if constexpr (std::is_same_v<T, command::SetThreads>) {
            run.threads = std::max(1, cmd.value);
            if (run.session) run.session->set_threads(run.threads);
          } else if constexpr (std::is_same_v<T, command::EmHalfStep>) {
            if (run.session && (run.state == RunState::Running || run.state == RunState::Paused)) {
              try {
                const double epoch_before = run.session->epoch();
                record(run.session->em_half_step(cmd.half), epoch_before);
              } catch (const std::logic_error& e) {
                run.message = e.what();
              }
            }
          } else if constexpr (std::is_same_v<T, command::RollBackAndLowerRate>) {
            roll_back();
            run.training.learning_rate = lowered_learning_rate(run.training.learning_rate);
            if (run.state == RunState::Diverged) run.state = run.paused ? RunState::Paused : RunState::Running;
            run.message = "learning rate lowered to " + number_text(run.training.learning_rate) + "; training on from step " +
                          std::to_string(run.session ? run.session->steps() : 0);
            run.divergence_cause.clear();
          } else if constexpr (std::is_same_v<T, command::EvaluateHeldOut>) {
            if (run.session && run.held_out_step != run.session->steps()) evaluate_held_out();
          } else if constexpr (std::is_same_v<T, command::ProbeNow>) {
            run.probe_requested = true;
          } else if constexpr (std::is_same_v<T, command::Load>) {
            // Everything is read and built before the running session is touched.
            try {
              const auto [c, model] = open_checkpoint(cmd.path, run.model.seed);
              auto data = run.session && run.session->model_settings().same_data(model)
                              ? run.session->data()
                              : std::make_shared<const DataSplit>(model.load_data());
              auto session = std::make_unique<TrainingSession>(model, run.training, data);
              session->load_checkpoint(c);
              run.model = model;
              ++run.run_id;
              adopt(std::move(session));
              run.message = "opened " + cmd.path + " at step " + std::to_string(run.session->steps());
            } catch (const std::exception& e) {
              run.message = e.what();
            }
            run.next_codes = Clock::now();
            run.dirty = true;
          } else if constexpr (std::is_same_v<T, command::Save>) {
            if (!run.session) {
              run.message = "nothing to save yet";
            } else {
              try {
                save_model_file(cmd.path, run.session->to_checkpoint());
                run.message = "saved " + cmd.path + " at step " + std::to_string(run.session->steps());
              } catch (const std::exception& e) {
                run.message = e.what();
              }
            }
          }
          if (run.session) run.session->settings() = run.training;
          run.dirty = true;
        },
        c);
  };

  build();
  std::deque<Command> commands;
  while (true) {
    {
      std::unique_lock lock(queue_mutex_);
      const bool idle = !(run.state == RunState::Running || run.pending_steps > 0);
      const bool early = !idle && run.pending_steps == 0 && run.training.max_steps_per_second > 0 &&
                         Clock::now() < run.next_step;
      if ((idle || early) && queue_.empty() && !stop_requested_) {
        // Nothing to do (yet): sleep until a command arrives or, with a
        // pace, until the next step is due (publish first so the UI sees
        // the latest state).
        lock.unlock();
        publish(run, run.dirty);
        lock.lock();
        const auto until = idle ? Clock::now() + std::chrono::milliseconds(100) : run.next_step;
        queue_cv_.wait_until(lock, until, [&] { return !queue_.empty() || stop_requested_; });
      }
      if (stop_requested_) break;
      commands.swap(queue_);
    }
    for (Command& c : commands) {
      apply(c);
      ++run.commands_done;
    }
    commands.clear();

    const int pace = run.training.max_steps_per_second;
    const bool due = pace <= 0 || run.pending_steps > 0 || Clock::now() >= run.next_step;
    const bool stepping = run.session && (run.state == RunState::Running || run.pending_steps > 0) && due;
    if (stepping) {
      if (pace > 0) run.next_step = Clock::now() + std::chrono::microseconds(1000000 / pace);
      if (run.pending_steps > 0) --run.pending_steps;
      TrainingSession& s = *run.session;
      const double epoch_before = s.epoch();
      record(s.step(), epoch_before);
      ++run.rate_steps;
      run.rate_samples += s.settings().batch_size;
      run.dirty = true;
      if (run.pending_steps == 0 && run.state != RunState::Running) publish(run, true);
    }
    if (run.session && run.state != RunState::Failed && Clock::now() >= run.next_codes &&
        (!run.codes || run.codes->step != run.session->steps()))
      encode_codes();
    const bool probe_due = options_.probe_budget > 0 && run.state == RunState::Running && Clock::now() >= run.next_probe;
    if (run.session && run.state != RunState::Failed && run.state != RunState::Loading &&
        (run.probe_requested || probe_due)) {
      run.probe_requested = false;
      VarianceProbeOptions po;
      po.samples = run.training.mc_samples;
      auto probes = std::make_shared<std::vector<VarianceProbeResult>>(run.probes ? *run.probes
                                                                                  : std::vector<VarianceProbeResult>{});
      // At one probe every few seconds an hour-long lecture adds ~1,000: kept within kMaxProbeHistory.
      push_bounded(*probes, run.session->probe_variance(po), kMaxProbeHistory);
      const double cost = probes->back().seconds;
      run.probes = std::move(probes);
      const double budget = options_.probe_budget > 0 ? options_.probe_budget : 0.05;
      const double wait = std::max(options_.probe_min_interval, cost / budget);
      run.next_probe = Clock::now() + std::chrono::microseconds(int64_t(wait * 1e6));
      run.dirty = true;
    }
    const double since = seconds_since(run.rate_start);
    if (since >= 0.5) {
      run.steps_per_second = run.rate_steps / since;
      run.samples_per_second = run.rate_samples / since;
      run.rate_steps = run.rate_samples = 0;
      run.rate_start = Clock::now();
    }
    if (seconds_since(run.last_publish) * 1000.0 >= options_.publish_interval_ms) publish(run, run.dirty);
  }
  publish(run, true);
}

std::shared_ptr<const FloatBuffer> Trainer::copy_params(Run& run) {
  const TrainingSession& s = *run.session;
  if (run.last_params && run.last_params_step == s.steps()) return run.last_params;
  auto params = std::make_shared<const FloatBuffer>(s.params());
  if (all_finite(*params)) {
    run.last_params = params;
    run.last_params_step = s.steps();
  }
  return params;
}

void Trainer::publish(Run& run, bool force) {
  if (!force) return;
  auto snap = std::make_shared<Snapshot>();
  snap->sequence = ++run.sequence;
  snap->run = run.run_id;
  snap->state = run.state;
  snap->message = run.message;
  snap->divergence_cause = run.divergence_cause;
  snap->commands_done = run.commands_done;
  snap->model = run.model;
  snap->training = run.training;
  if (run.session) {
    const TrainingSession& s = *run.session;
    snap->step = s.steps();
    snap->epoch = s.epoch();
    snap->training_threads = s.threads();
    s.model().share(*snap);
    snap->data = s.data();
    copy_params(run);
    snap->params = run.last_params;
    snap->codes = run.codes;
    snap->probes = run.probes;
  }
  snap->train_metrics = run.train_metrics.publish();
  snap->test_metrics = run.test_metrics.publish();
  snap->steps_per_second = run.state == RunState::Running ? run.steps_per_second : 0.0;
  snap->samples_per_second = run.state == RunState::Running ? run.samples_per_second : 0.0;
  {
    std::lock_guard lock(snapshot_mutex_);
    latest_ = std::move(snap);
  }
  run.dirty = false;
  run.last_publish = Clock::now();
}

}  // namespace latent
