// The one lifecycle of the window's background threads (decoding, bound
// figures, the amortization comparison): a thread started by its owner once
// everything it uses exists, below the trainer in priority, woken by post(),
// told to stop and joined before the owner's members go away. Also the
// "newest request wins" mailbox those workers keep their jobs in.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace latent {

class WorkerThread {
 public:
  WorkerThread() = default;
  ~WorkerThread() { stop(); }
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  // Runs `loop` on a new thread; the loop returns once wait() reports a stop.
  // Call it last in the owner's constructor, after every member the loop reads.
  void start(std::function<void()> loop);
  // Asks the loop to return, wakes it and joins it. Call it first in the
  // owner's destructor, so the loop never runs against destroyed members.
  void stop();

  // The lock every piece of state shared with the thread is guarded by.
  std::mutex& mutex() const { return mutex_; }
  // After changing shared state under mutex(): wakes the loop.
  void notify() { wake_.notify_all(); }
  // On the thread: sleeps until `ready()` holds or a stop is asked; false on a stop.
  template <typename Ready>
  bool wait(std::unique_lock<std::mutex>& lock, Ready ready) {
    wake_.wait(lock, [&] { return stop_requested() || ready(); });
    return !stop_requested();
  }
  // The same, but no later than `until`.
  template <typename Ready>
  bool wait_until(std::unique_lock<std::mutex>& lock, std::chrono::steady_clock::time_point until, Ready ready) {
    wake_.wait_until(lock, until, [&] { return stop_requested() || ready(); });
    return !stop_requested();
  }
  // Readable from a long computation's progress callback, which holds no lock.
  bool stop_requested() const { return stop_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  // Set once by stop(); read by the loop both under mutex_ (in wait) and
  // without it (long jobs polling for cancellation), hence atomic.
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// One kind of request a worker serves: the newest job replaces one that has
// not started (only the latest picture matters), and the newest result is
// handed out once. Guarded by the owning WorkerThread's mutex.
template <typename Job, typename Result>
struct Mailbox {
  std::optional<Job> job;
  std::optional<Result> result;
  bool running = false;

  bool busy() const { return job.has_value() || running; }
  // On the thread: moves the waiting job out and marks it running.
  Job start() {
    running = true;
    return std::exchange(job, std::nullopt).value();
  }
  // On the thread: stores the result of the job that was running.
  void finish(Result r) {
    result = std::move(r);
    running = false;
  }
  std::optional<Result> take() { return std::exchange(result, std::nullopt); }
};

}  // namespace latent
