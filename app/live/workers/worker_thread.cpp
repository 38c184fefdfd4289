// Starting and stopping a background worker's thread.
#include "live/workers/worker_thread.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace latent {

void WorkerThread::start(std::function<void()> loop) {
  stop();
  stop_.store(false, std::memory_order_release);
  thread_ = std::thread([loop = std::move(loop)] {
    // Below the trainer and the UI in priority: on two cores a picture or a
    // figure that arrives a little later costs less than a stutter or a
    // slower training run.
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
    loop();
  });
}

void WorkerThread::stop() {
  if (!thread_.joinable()) return;
  {
    // Under the lock, so a loop between its check and its sleep cannot miss it.
    std::lock_guard lock(mutex_);
    stop_.store(true, std::memory_order_release);
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace latent
