// Histogram bins for bar plots, checked on hand-counted values.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "live/series/histogram.hpp"

using latent::plot::histogram_counts;

TEST_CASE("histogram: values fall in equal bins, outliers in the end bins, non-finite values nowhere") {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> v{0.1f, 0.2f, 0.3f, 0.45f, 0.9f, -5.0f, 7.0f, std::nanf(""), inf, -inf};
  CHECK(histogram_counts(v.data(), int(v.size()), 0.0, 1.0, 4) == std::vector<float>{3, 2, 0, 2});
}

TEST_CASE("histogram: a bin holds its lower edge; the range's upper end goes to the last bin") {
  const std::vector<float> v{0.0f, 0.25f, 0.5f, 1.0f};
  CHECK(histogram_counts(v.data(), int(v.size()), 0.0, 1.0, 4) == std::vector<float>{1, 1, 1, 1});
}

TEST_CASE("histogram: no bins asked still gives one, and an empty range does not divide by zero") {
  const std::vector<float> v{1.0f, 2.0f, 3.0f};
  CHECK(histogram_counts(v.data(), 3, 0.0, 1.0, 0) == std::vector<float>{3});
  const auto counts = histogram_counts(v.data(), 3, 2.0, 2.0, 3);
  CHECK(counts.size() == 3);
  CHECK(counts[0] + counts[1] + counts[2] == 3.0f);
}
