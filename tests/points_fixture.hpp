// A 2-D points data set as one matrix, for the mixture's tests.
#pragma once
#include "core/data/dataset.hpp"
#include "core/models/gmm.hpp"

namespace latent::testing {

// Every point of `set` as a column: (2, N).
inline Points2 all_points(const Dataset& set) {
  Points2 x(2, Eigen::Index(set.size()));
  for (size_t i = 0; i < set.size(); ++i) x.col(Eigen::Index(i)) << set.point(i)[0], set.point(i)[1];
  return x;
}

}  // namespace latent::testing
