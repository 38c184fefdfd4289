// A small team of threads kept for its owner's whole life (a training
// session, a parallel decoder): started once, woken for each round's parts,
// joined when the owner goes. Starting threads per round would cost more
// than a small batch's step.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace latent {

// Part `part` of `parts` of [0, total): [begin, begin + count). Sizes differ
// by at most one, the larger ones first.
struct Share {
  int begin = 0, count = 0;
};
Share share_of(int total, int parts, int part);

// The same over [0, total) cut into blocks of `block` items, in items: each
// part starts on a block boundary (16 floats: a cache line); the last block
// may be short, and a part may be empty.
struct Range {
  size_t begin = 0, count = 0;
};
Range block_share_of(size_t total, size_t block, int parts, int part);

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

  // How long a thread that has finished its part polls for the next round
  // before it sleeps, and the caller for the other parts before it sleeps.
  // Measured between this machine's two cores: a hand-off through the
  // condition variable took 27-29 us, a polled one 0.5-1.2 us, so rounds
  // that follow each other closely (a decode's layers, a step's gradient,
  // sum and update) must not sleep in between.
  static constexpr std::chrono::microseconds kPoll{100};

  // True while no worker is asleep: a round now starts within a microsecond
  // or so. Waking a sleeping one took 27-29 us between busy cores and about
  // half a millisecond once its core had gone idle under this machine's
  // hypervisor, longer than many jobs.
  bool polling() const { return sleeping_.load(std::memory_order_acquire) == 0; }
  // Wakes sleeping workers to poll for kPoll again, without a round: a
  // caller that expects rounds soon calls this and meanwhile works alone.
  void wake_to_poll();
  // Times a worker has started polling: after each of its parts, and when
  // woken by wake_to_poll. A count, since a 0.1 ms poll can pass unseen.
  uint64_t polls_started() const { return polls_started_.load(std::memory_order_acquire); }

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
  // Copies of round_ and running_ that a polling thread reads without the
  // mutex, changed just after it is released (so a poller that sees the
  // change finds the mutex free); the mutex still orders everything else.
  std::atomic<uint64_t> published_round_{0};
  std::atomic<int> unfinished_{0};
  std::atomic<int> sleeping_{0};  // workers waiting on wake_
  std::atomic<uint64_t> polls_started_{0};
  uint64_t poll_requests_ = 0;    // one more per wake_to_poll()
};

}  // namespace latent
