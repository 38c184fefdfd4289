// Amortized against non-amortized training (core's compare_amortization) on
// a background thread: it trains two small models for tens of seconds, so
// the bound panel starts it, shows its progress line and picks up the table.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/inference/amortization_comparison.hpp"
#include "live/workers/worker_thread.hpp"

namespace latent {

class AmortizationWorker {
 public:
  struct Progress {
    bool running = false;
    std::string status;  // the comparison's latest progress line, or why it failed
    double seconds = 0.0;  // since it started
  };

  AmortizationWorker();
  ~AmortizationWorker();  // a running comparison stops at its next progress point
  AmortizationWorker(const AmortizationWorker&) = delete;
  AmortizationWorker& operator=(const AmortizationWorker&) = delete;

  // Starts a comparison on this model's architecture and data (replacing the last result).
  void start(const VaeConfig& config, std::shared_ptr<const DataSplit> data, std::string dataset,
             AmortizationComparisonSettings settings = {});
  // Abandons a running comparison at its next progress point.
  void cancel();

  Progress progress() const;
  // The last finished comparison and the data set it was for.
  std::optional<AmortizationComparison> result() const;
  std::string result_dataset() const;

 private:
  struct Job {
    VaeConfig config;
    std::shared_ptr<const DataSplit> data;
    std::string dataset;
    AmortizationComparisonSettings settings;
  };
  void thread_main();

  // Guarded by thread_.mutex(), held only to read or write these, never while computing.
  Mailbox<Job, AmortizationComparison> mailbox_;
  bool cancel_ = false;
  std::string status_, result_dataset_;
  std::chrono::steady_clock::time_point started_{};
  WorkerThread thread_;  // last: started after everything it uses exists
};

}  // namespace latent
