// The amortization comparison's thread: one job at a time, cancellable
// between the comparison's progress lines.
#include "live/workers/amortization_worker.hpp"

#include <exception>

namespace latent {

namespace {
struct Cancelled {};  // thrown from the progress callback to abandon a run
}  // namespace

AmortizationWorker::AmortizationWorker() { thread_.start([this] { thread_main(); }); }

AmortizationWorker::~AmortizationWorker() { thread_.stop(); }

void AmortizationWorker::start(const VaeConfig& config, std::shared_ptr<const DataSplit> data, std::string dataset,
                               AmortizationComparisonSettings settings) {
  {
    std::lock_guard lock(thread_.mutex());
    mailbox_.job = Job{config, std::move(data), std::move(dataset), std::move(settings)};
    mailbox_.result.reset();
    cancel_ = false;
    status_ = "training the amortized VAE ...";
    started_ = std::chrono::steady_clock::now();
  }
  thread_.notify();
}

void AmortizationWorker::cancel() {
  std::lock_guard lock(thread_.mutex());
  mailbox_.job.reset();
  cancel_ = true;
}

AmortizationWorker::Progress AmortizationWorker::progress() const {
  std::lock_guard lock(thread_.mutex());
  Progress p;
  p.running = mailbox_.busy();
  p.status = status_;
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return p;
}

std::optional<AmortizationComparison> AmortizationWorker::result() const {
  std::lock_guard lock(thread_.mutex());
  return mailbox_.result;
}

std::string AmortizationWorker::result_dataset() const {
  std::lock_guard lock(thread_.mutex());
  return result_dataset_;
}

void AmortizationWorker::thread_main() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(thread_.mutex());
      if (!thread_.wait(lock, [&] { return mailbox_.job.has_value(); })) return;
      job = mailbox_.start();
      cancel_ = false;
    }
    auto on_progress = [this](const std::string& line) {
      std::lock_guard lock(thread_.mutex());
      if (cancel_ || thread_.stop_requested()) throw Cancelled{};
      status_ = line + " ...";
    };
    std::optional<AmortizationComparison> result;
    std::string status;
    try {
      result = compare_amortization(job.config, *job.data, job.settings, on_progress);
    } catch (const Cancelled&) {
    } catch (const std::exception& e) {
      status = std::string("failed: ") + e.what();
    }
    std::lock_guard lock(thread_.mutex());
    status_ = status;
    mailbox_.running = false;
    if (result) {
      mailbox_.result = std::move(result);
      result_dataset_ = job.dataset;
    }
  }
}

}  // namespace latent
