// The decode worker's loop, and the staleness rule panels use to feed it.
#include "live/workers/decode_worker.hpp"

namespace latent {

DecodeWorker::DecodeWorker() { thread_.start([this] { thread_main(); }); }

DecodeWorker::~DecodeWorker() { thread_.stop(); }

void DecodeWorker::submit(Slot slot, Job job) {
  {
    std::lock_guard lock(thread_.mutex());
    slots_[slot].job = std::move(job);
  }
  thread_.notify();
}

std::optional<DecodeWorker::Result> DecodeWorker::take(Slot slot) {
  std::lock_guard lock(thread_.mutex());
  return slots_[slot].take();
}

bool DecodeWorker::pending(Slot slot) const {
  std::lock_guard lock(thread_.mutex());
  return slots_[slot].busy();
}

bool DecodeWorker::has_results() const {
  std::lock_guard lock(thread_.mutex());
  for (const auto& s : slots_)
    if (s.result) return true;
  return false;
}

void DecodeWorker::thread_main() {
  Vae::Workspace workspace;
  CategoricalVae::Workspace categorical_workspace;
  VqVae::Workspace vq_workspace;
  while (true) {
    Job job;
    int slot = -1;
    {
      std::unique_lock lock(thread_.mutex());
      auto first_waiting = [&] {
        for (int s = 0; s < kSlotCount; ++s)
          if (slots_[s].job) return s;
        return -1;
      };
      if (!thread_.wait(lock, [&] { return first_waiting() >= 0; })) return;
      slot = first_waiting();
      job = slots_[slot].start();
    }
    Result result;
    result.generation = job.generation;
    result.params = job.params;
    result.step = job.step;
    const auto t0 = std::chrono::steady_clock::now();
    if (job.vae && job.params && job.z.rows() == job.vae->latent_dim() && job.z.cols() > 0)
      job.vae->decode(job.params->data(), job.z, result.mean, workspace);
    else if (job.categorical && job.params && job.z.rows() == job.categorical->config().code_size() && job.z.cols() > 0)
      job.categorical->decode(job.params->data(), job.z, result.mean, categorical_workspace);
    else if (job.vq && job.params && job.z.rows() == job.vq->config().code_dim && job.z.cols() > 0)
      job.vq->decode(job.params->data(), job.z, result.mean, vq_workspace);
    result.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::lock_guard lock(thread_.mutex());
    slots_[slot].finish(std::move(result));
  }
}

bool DecodeSchedule::due(const Snapshot& snapshot, uint64_t inputs_version) {
  const std::shared_ptr<const void> model = snapshot.vae           ? std::shared_ptr<const void>(snapshot.vae)
                                            : snapshot.categorical ? std::shared_ptr<const void>(snapshot.categorical)
                                                                   : std::shared_ptr<const void>(snapshot.vq);
  if (!model || !snapshot.params) return false;
  const auto now = Clock::now();
  const bool new_model = model != sent_model_;
  const bool new_inputs = inputs_version != sent_inputs_;
  const bool new_params = snapshot.params != sent_params_;
  const bool waited = std::chrono::duration<double>(now - sent_at_).count() >= interval_;
  if (!(new_model || new_inputs || (new_params && waited))) return false;
  sent_model_ = model;
  sent_params_ = snapshot.params;
  sent_inputs_ = inputs_version;
  sent_at_ = now;
  return true;
}

}  // namespace latent
