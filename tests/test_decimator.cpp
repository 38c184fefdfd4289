// The training curves' storage: the chunked array and the min/max/mean
// decimator, checked against brute force over the raw points.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "live/series/chunked_array.hpp"
#include "live/series/decimator.hpp"

using latent::ChunkedArray;
using latent::plot::Decimator;

TEST_CASE("decimator: chunked array keeps every element across chunk boundaries and searches like std") {
  ChunkedArray<float> a;
  std::vector<float> v;
  const size_t n = 3 * ChunkedArray<float>::kChunk + 17;
  for (size_t i = 0; i < n; ++i) {
    const float x = float(i / 3);  // runs of equal values, to test both bounds
    a.push_back(x);
    v.push_back(x);
  }
  REQUIRE(a.size() == n);
  for (size_t i = 0; i < n; i += 997) CHECK(a[i] == v[i]);
  CHECK(a.back() == v.back());
  for (float q : {-1.0f, 0.0f, 5.0f, 5.5f, float(n / 3 - 1), 1e9f}) {
    CHECK(a.lower_bound(q) == size_t(std::lower_bound(v.begin(), v.end(), q) - v.begin()));
    CHECK(a.upper_bound(q) == size_t(std::upper_bound(v.begin(), v.end(), q) - v.begin()));
  }
  a.clear();
  CHECK(a.empty());
  a.push_back(2.0f);
  CHECK(a[0] == 2.0f);
}

TEST_CASE("decimator: every bucket holds the min, max and mean of exactly the points it covers") {
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  Decimator d;
  std::vector<float> xs, ys;
  const size_t n = 200003;  // not a power of two: partial last buckets on every level
  for (size_t i = 0; i < n; ++i) {
    const float x = float(i), y = std::exp(-float(i) / 50000.0f) + 0.1f * noise(rng);
    d.append(x, y);
    xs.push_back(x);
    ys.push_back(y);
  }
  REQUIRE(d.size() == n);
  CHECK(d.y(12345) == ys[12345]);

  struct View {
    double x0, x1;
    int max_buckets;
  };
  for (const View view : {View{0, double(n), 640}, View{1000.5, 1800.0, 2000}, View{50000, 51000, 100},
                          View{190000, 1e9, 37}, View{-10, 5, 50}}) {
    CAPTURE(view.x0);
    CAPTURE(view.max_buckets);
    std::vector<Decimator::Bucket> buckets;
    d.visible(view.x0, view.x1, view.max_buckets, buckets);
    REQUIRE(!buckets.empty());
    // Coarse views stay within twice the budget (one level finer than asked can still fit).
    CHECK(buckets.size() <= size_t(2 * view.max_buckets + 2));
    // Consecutive buckets tile the points: each starts where the last ended.
    size_t next = size_t(buckets.front().x_first);
    for (const auto& b : buckets) {
      REQUIRE(size_t(b.x_first) == next);
      const size_t first = size_t(b.x_first), last = size_t(b.x_last);
      REQUIRE(last - first + 1 == b.count);
      const auto lo = std::min_element(ys.begin() + long(first), ys.begin() + long(last) + 1);
      const auto hi = std::max_element(ys.begin() + long(first), ys.begin() + long(last) + 1);
      double sum = 0;
      for (size_t i = first; i <= last; ++i) sum += ys[i];
      CHECK(b.lo == *lo);
      CHECK(b.hi == *hi);
      CHECK(b.mean() == doctest::Approx(sum / double(b.count)).epsilon(1e-6));
      next = last + 1;
    }
    // The visible range is covered, with at most a bucket of margin on each side.
    CHECK(buckets.front().x_first <= std::max(0.0, view.x0));
    CHECK(buckets.back().x_last >= std::min(double(n - 1), view.x1));

    float lo = 0, hi = 0;
    REQUIRE(d.range(view.x0, view.x1, view.max_buckets, lo, hi));
    float want_lo = buckets[0].lo, want_hi = buckets[0].hi;
    for (const auto& b : buckets) {
      want_lo = std::min(want_lo, b.lo);
      want_hi = std::max(want_hi, b.hi);
    }
    CHECK(lo == want_lo);
    CHECK(hi == want_hi);
  }
  d.clear();
  CHECK(d.size() == 0);
  std::vector<Decimator::Bucket> none;
  d.visible(0, 10, 10, none);
  CHECK(none.empty());
}
