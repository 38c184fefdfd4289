// The step threads' rounds: one job per round, part t on thread t. Between
// rounds a thread polls for a while before it sleeps (StepThreads::kPoll).
#include "core/threads/step_threads.hpp"

#include <algorithm>
#include <stdexcept>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "core/math/flush_denormals.hpp"

namespace latent {

namespace {

// Polls `ready` until it holds (true) or kPoll has passed (false).
template <class Ready>
bool poll_until(const Ready& ready) {
  const auto deadline = std::chrono::steady_clock::now() + StepThreads::kPoll;
  for (unsigned i = 1;; ++i) {
    if (ready()) return true;
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();  // lets the other hyperthread run, if any, and eases the memory bus
#endif
    if (i % 64 == 0 && std::chrono::steady_clock::now() >= deadline) return false;
  }
}

}  // namespace

Share share_of(int total, int parts, int part) {
  const int base = total / parts, extra = total % parts;
  return {part * base + std::min(part, extra), base + (part < extra ? 1 : 0)};
}

Range block_share_of(size_t total, size_t block, int parts, int part) {
  const Share blocks = share_of(int((total + block - 1) / block), parts, part);
  const size_t begin = std::min(total, size_t(blocks.begin) * block);
  return {begin, std::min(total, size_t(blocks.begin + blocks.count) * block) - begin};
}

StepThreads::StepThreads(int threads) : failures_(std::max(1, threads)) {
  for (int part = 1; part < threads; ++part) workers_.emplace_back([this, part] { work(part); });
}

void StepThreads::wake_to_poll() {
  if (polling()) return;
  {
    std::lock_guard lock(mutex_);
    ++poll_requests_;
  }
  wake_.notify_all();
}

StepThreads::~StepThreads() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    published_round_.fetch_add(1, std::memory_order_release);  // ends any polling at once
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void StepThreads::run(int parts, const std::function<void(int)>& job) {
  if (parts < 1 || parts > size()) throw std::invalid_argument("StepThreads::run: parts out of range");
  uint64_t round = 0;
  {
    std::lock_guard lock(mutex_);
    job_ = &job;
    parts_ = parts;
    running_ = parts - 1;
    unfinished_.store(running_, std::memory_order_relaxed);
    std::fill(failures_.begin(), failures_.end(), nullptr);
    round = ++round_;
  }
  // Published once the mutex is free: a polling worker that sees it takes
  // the mutex at once instead of sleeping on it.
  published_round_.store(round, std::memory_order_release);
  if (parts > 1) wake_.notify_all();
  try {
    job(0);
  } catch (...) {
    failures_[0] = std::current_exception();  // only this thread writes part 0's slot
  }
  poll_until([&] { return unfinished_.load(std::memory_order_acquire) == 0; });
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
  uint64_t seen_requests = 0;  // the last poll request it answered
  while (true) {
    polls_started_.fetch_add(1, std::memory_order_release);
    poll_until([&] { return published_round_.load(std::memory_order_acquire) != seen; });
    std::unique_lock lock(mutex_);
    if (!stopping_ && round_ == seen) {
      sleeping_.fetch_add(1, std::memory_order_release);
      wake_.wait(lock, [&] { return stopping_ || round_ != seen || poll_requests_ != seen_requests; });
      sleeping_.fetch_sub(1, std::memory_order_release);
      seen_requests = poll_requests_;
      if (!stopping_ && round_ == seen) continue;  // asked to poll: back to polling
    }
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
    const bool last = --running_ == 0;
    lock.unlock();
    // After the unlock, for the same reason as the round's publication.
    unfinished_.fetch_sub(1, std::memory_order_release);
    if (last) done_.notify_one();
  }
}

}  // namespace latent
