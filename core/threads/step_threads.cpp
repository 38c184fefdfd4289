// The step threads' rounds: one job per round, part t on thread t.
#include "core/threads/step_threads.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/math/flush_denormals.hpp"

namespace latent {

StepThreads::StepThreads(int threads) : failures_(std::max(1, threads)) {
  for (int part = 1; part < threads; ++part) workers_.emplace_back([this, part] { work(part); });
}

StepThreads::~StepThreads() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void StepThreads::run(int parts, const std::function<void(int)>& job) {
  if (parts < 1 || parts > size()) throw std::invalid_argument("StepThreads::run: parts out of range");
  {
    std::lock_guard lock(mutex_);
    job_ = &job;
    parts_ = parts;
    running_ = parts - 1;
    std::fill(failures_.begin(), failures_.end(), nullptr);
    ++round_;
  }
  if (parts > 1) wake_.notify_all();
  try {
    job(0);
  } catch (...) {
    failures_[0] = std::current_exception();  // only this thread writes part 0's slot
  }
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return running_ == 0; });
  job_ = nullptr;
  for (const std::exception_ptr& failure : failures_)
    if (failure) std::rethrow_exception(failure);
}

void StepThreads::work(int part) {
  // As on the session's thread: the same numbers, and Adam's decaying
  // moments never reach the slow denormal range.
  const FlushDenormalsScope no_denormals;
  uint64_t seen = 0;  // the last round this thread looked at
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || round_ != seen; });
    if (stopping_) return;
    seen = round_;
    if (part >= parts_) continue;  // a round with fewer parts than threads
    const std::function<void(int)>& job = *job_;
    lock.unlock();
    std::exception_ptr failure;
    try {
      job(part);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    failures_[part] = failure;
    if (--running_ == 0) done_.notify_one();
  }
}

}  // namespace latent
