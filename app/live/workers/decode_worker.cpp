// The decode worker's loop, and the staleness rule panels use to feed it.
#include "live/workers/decode_worker.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace latent {

DecodeWorker::DecodeWorker() : thread_([this] { thread_main(); }) {}

DecodeWorker::~DecodeWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DecodeWorker::submit(Slot slot, Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_[slot] = std::move(job);
  }
  wake_.notify_one();
}

std::optional<DecodeWorker::Result> DecodeWorker::take(Slot slot) {
  std::lock_guard lock(mutex_);
  std::optional<Result> r = std::move(results_[slot]);
  results_[slot].reset();
  return r;
}

bool DecodeWorker::pending(Slot slot) const {
  std::lock_guard lock(mutex_);
  return jobs_[slot].has_value() || running_[slot];
}

bool DecodeWorker::has_results() const {
  std::lock_guard lock(mutex_);
  for (const auto& r : results_)
    if (r) return true;
  return false;
}

void DecodeWorker::thread_main() {
  // Below the trainer in priority: on two cores the trainer's throughput
  // matters more than a grid that refreshes a few milliseconds later.
  setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
  Vae::Workspace workspace;
  while (true) {
    Job job;
    int slot = -1;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] {
        if (stop_) return true;
        for (const auto& j : jobs_)
          if (j) return true;
        return false;
      });
      if (stop_) return;
      for (int s = 0; s < kSlotCount; ++s)
        if (jobs_[s]) {
          slot = s;
          job = std::move(*jobs_[s]);
          jobs_[s].reset();
          running_[s] = true;
          break;
        }
    }
    Result result;
    result.generation = job.generation;
    result.params = job.params;
    const auto t0 = std::chrono::steady_clock::now();
    if (job.vae && job.params && job.z.rows() == job.vae->latent_dim() && job.z.cols() > 0)
      job.vae->decode(job.params->data(), job.z, result.mean, workspace);
    result.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    {
      std::lock_guard lock(mutex_);
      results_[slot] = std::move(result);
      running_[slot] = false;
    }
  }
}

bool DecodeSchedule::due(const Snapshot& snapshot, uint64_t inputs_version) {
  if (!snapshot.vae || !snapshot.params) return false;
  const auto now = Clock::now();
  const bool new_model = snapshot.vae != sent_vae_;
  const bool new_inputs = inputs_version != sent_inputs_;
  const bool new_params = snapshot.params != sent_params_;
  const bool waited = std::chrono::duration<double>(now - sent_at_).count() >= interval_;
  if (!(new_model || new_inputs || (new_params && waited))) return false;
  sent_vae_ = snapshot.vae;
  sent_params_ = snapshot.params;
  sent_inputs_ = inputs_version;
  sent_at_ = now;
  return true;
}

}  // namespace latent
