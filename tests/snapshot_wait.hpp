// Waiting for a trainer's snapshot to show something, for the tests that
// drive a Trainer thread: they wait on what a snapshot says, never on time.
#pragma once
#include <chrono>
#include <memory>
#include <thread>

#include "core/data/catalog.hpp"
#include "core/train/trainer.hpp"

namespace latent::testing {

// A built-in data set (seed 1), shared as a trainer takes it.
inline std::shared_ptr<const DataSplit> toy(const std::string& name) {
  return std::make_shared<const DataSplit>(load_dataset(name, 1));
}

// Waits until pred(snapshot) holds; returns the snapshot seen. The limit
// only guards against a hang: a slow (e.g. sanitized) build just waits longer.
template <class Pred>
std::shared_ptr<const Snapshot> wait_for(const Trainer& t, Pred pred,
                                         std::chrono::milliseconds limit = std::chrono::minutes(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  auto s = t.latest();
  while (!pred(*s) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    s = t.latest();
  }
  return s;
}

}  // namespace latent::testing
