// A small team of threads kept for its owner's whole life (a training
// session, a parallel decoder): started once, woken for each round's parts,
// joined when the owner goes. Starting threads per round would cost more
// than a small batch's step.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace latent {

class StepThreads {
 public:
  // `threads` in all, counting the caller of run(): starts threads - 1.
  explicit StepThreads(int threads);
  ~StepThreads();  // wakes and joins them
  StepThreads(const StepThreads&) = delete;
  StepThreads& operator=(const StepThreads&) = delete;

  int size() const { return int(workers_.size()) + 1; }

  // Runs job(0) .. job(parts - 1), parts <= size(), job(0) on the calling
  // thread and job(t) on thread t; returns once every part has returned.
  // A part's exception is rethrown here (the first part's, in part order).
  void run(int parts, const std::function<void(int)>& job);

 private:
  void work(int part);

  std::vector<std::thread> workers_;  // worker t - 1 runs part t
  // Guards everything below: the job of the current round, who has finished
  // it, and stopping. The workers sleep on wake_, the caller on done_.
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  int parts_ = 0;               // parts in this round
  uint64_t round_ = 0;          // one more per run(): a worker runs each round once
  int running_ = 0;             // worker parts of this round not yet finished
  std::vector<std::exception_ptr> failures_;  // per part, this round
  bool stopping_ = false;
};

}  // namespace latent
