// Amortized against non-amortized training (core's compare_amortization): run
// on demand on its own thread, since it trains two small models for several
// seconds, and shown as a compact table of parameters, ELBOs and test-time cost.
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/inference/amortization_comparison.hpp"
#include "gui/panels/shared/panel_context.hpp"

namespace latent {

class AmortizationTable {
 public:
  AmortizationTable() = default;
  ~AmortizationTable();  // asks a running comparison to stop at its next progress point, then joins
  AmortizationTable(const AmortizationTable&) = delete;
  AmortizationTable& operator=(const AmortizationTable&) = delete;

  void draw(PanelContext& ctx);
  bool running() const { return running_.load(); }

 private:
  void start(const Snapshot& snapshot);
  void table(const AmortizationComparison& c) const;

  std::thread thread_;
  // Set by the UI, read by the comparison's progress callback on the other thread.
  std::atomic<bool> cancel_{false};
  // Set by the thread when it ends; the UI joins it then.
  std::atomic<bool> running_{false};
  // Guards result_ and status_, written by the comparison thread, read by the UI.
  mutable std::mutex mutex_;
  std::optional<AmortizationComparison> result_;
  std::string status_;
  std::string dataset_;  // which data set the result is for
  std::chrono::steady_clock::time_point started_{};
};

}  // namespace latent
