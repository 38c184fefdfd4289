// The order in which minibatches visit a training set: every epoch a fresh
// Fisher-Yates shuffle drawn from the run's own Rng, so a seed gives the
// same batches on every machine and standard library.
#pragma once
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "core/math/rng.hpp"

namespace latent {

class BatchOrder {
 public:
  explicit BatchOrder(uint64_t seed) : rng_(seed) {}

  // The next `count` indices into a set of n examples; an epoch that ends
  // midway continues into the next one's shuffle.
  void next(int n, int count, std::vector<int>& out) {
    out.clear();
    while (int(out.size()) < count) {
      if (position_ >= order_.size()) {
        order_.resize(size_t(n));
        std::iota(order_.begin(), order_.end(), 0);
        for (int i = n - 1; i > 0; --i) std::swap(order_[size_t(i)], order_[rng_.below(uint64_t(i) + 1)]);
        position_ = 0;
      }
      out.push_back(order_[position_++]);
    }
  }

 private:
  Rng rng_;
  std::vector<int> order_;
  size_t position_ = 0;
};

}  // namespace latent
