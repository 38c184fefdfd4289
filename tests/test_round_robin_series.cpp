// The training curves' bounded store: every bucket it returns checked against
// brute force over the raw points, its memory against its stated bound.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "live/series/round_robin_series.hpp"

using latent::plot::RoundRobinSeries;
using Bucket = RoundRobinSeries::Bucket;

namespace {
// Strictly increasing, unevenly spaced, exact in float.
float x_at(size_t i) { return 1.5f * float(i) + (i % 2 ? 0.25f : 0.0f); }

struct Points {
  std::vector<float> xs, ys;
  size_t index_of(float x) const { return size_t(std::lower_bound(xs.begin(), xs.end(), x) - xs.begin()); }
  size_t count_in(double x0, double x1) const {
    return size_t(std::upper_bound(xs.begin(), xs.end(), float(x1)) - std::lower_bound(xs.begin(), xs.end(), float(x0)));
  }
};

// Each bucket is exactly the min, max, sum and count of the points it spans,
// and consecutive buckets tile the points (each starts after the last ended).
void check_tiles(const std::vector<Bucket>& buckets, const Points& p) {
  REQUIRE(!buckets.empty());
  size_t next = p.index_of(buckets.front().x_first);
  for (const Bucket& b : buckets) {
    const size_t first = p.index_of(b.x_first), last = p.index_of(b.x_last);
    REQUIRE(first == next);
    REQUIRE(p.xs[first] == b.x_first);
    REQUIRE(p.xs[last] == b.x_last);
    REQUIRE(last - first + 1 == b.count);
    const auto from = p.ys.begin() + long(first), to = p.ys.begin() + long(last) + 1;
    double sum = 0;
    for (auto y = from; y != to; ++y) sum += *y;
    CHECK(b.lo == *std::min_element(from, to));
    CHECK(b.hi == *std::max_element(from, to));
    CHECK(b.mean() == doctest::Approx(sum / double(b.count)).epsilon(1e-6));
    next = last + 1;
  }
}
}  // namespace

TEST_CASE("round-robin series: buckets for any view agree with brute force, coarse far back and fine recently") {
  // Small levels (64 buckets of 1, 4, ..., 256 points, then a last level merging pairs) reach every regime.
  RoundRobinSeries s(64, 6);
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  Points p;
  const size_t n = 200003;  // not a power of two: partial newest buckets on every level
  for (size_t i = 0; i < n; ++i) {
    const float y = std::exp(-float(i) / 50000.0f) + 0.1f * noise(rng);
    s.append(x_at(i), y);
    p.xs.push_back(x_at(i));
    p.ys.push_back(y);
  }
  REQUIRE(s.size() == n);
  CHECK(s.stored_buckets() <= 6 * 64);
  CHECK(s.last().x_first == p.xs.back());
  CHECK(s.last().sum == p.ys.back());

  struct View {
    double x0, x1;
    int max_buckets;
  };
  const double end = p.xs.back();
  for (const View view : {View{0, end, 640}, View{-10, 5, 50}, View{1000.5, 1800.0, 20}, View{75000, 76000, 100},
                          View{end - 40, end, 100}, View{end - 300, end + 1e6, 37}, View{end - 3000, end, 64}}) {
    CAPTURE(view.x0);
    CAPTURE(view.max_buckets);
    std::vector<Bucket> buckets;
    s.visible(view.x0, view.x1, view.max_buckets, buckets);
    check_tiles(buckets, p);
    // The view is covered, with at most a bucket of margin on each side.
    CHECK(buckets.front().x_first <= std::max(double(p.xs.front()), view.x0));
    CHECK(buckets.back().x_last >= std::min(end, view.x1));
    // At most the budget of fine buckets plus as many coarse ones further back.
    CHECK(buckets.size() <= size_t(2 * view.max_buckets + 4));
    // Fine at the recent end: the newest bucket is no wider than the budget needs.
    const size_t shown = p.count_in(view.x0, view.x1) + 2;
    if (view.x0 >= end - 3000) CHECK(buckets.back().count <= std::max<size_t>(1, 2 * shown / size_t(view.max_buckets)));

    float lo = 0, hi = 0;
    REQUIRE(s.range(view.x0, view.x1, view.max_buckets, lo, hi));
    float want_lo = buckets[0].lo, want_hi = buckets[0].hi;
    for (const Bucket& b : buckets) {
      want_lo = std::min(want_lo, b.lo);
      want_hi = std::max(want_hi, b.hi);
    }
    CHECK(lo == want_lo);
    CHECK(hi == want_hi);
  }
  // The newest points, within the finest level's reach, come back one by one.
  std::vector<Bucket> recent;
  s.visible(end - 20, end, 100, recent);
  CHECK(std::all_of(recent.begin(), recent.end(), [](const Bucket& b) { return b.count == 1; }));
  // The whole history is still there: every point counted once, from the first.
  std::vector<Bucket> all;
  s.visible(0, end, 300, all);
  CHECK(all.front().x_first == p.xs.front());
  uint64_t total = 0;
  for (const Bucket& b : all) total += b.count;
  CHECK(total == n);

  // nearest: the point itself where level 0 holds it, else the bucket around or beside x.
  Bucket b;
  for (const double x : {end - 10.2, end - 10.9, end - 3.0}) {
    CAPTURE(x);
    REQUIRE(s.nearest(x, b));
    CHECK(b.count == 1);
    const size_t above = p.index_of(float(x));
    const size_t want = x - p.xs[above - 1] < p.xs[above] - x ? above - 1 : above;
    CHECK(b.x_first == p.xs[want]);
  }
  REQUIRE(s.nearest(p.xs[1234] + 0.1, b));
  CHECK(b.x_first <= p.xs[1234]);
  CHECK(b.x_last >= p.xs[1234]);
  check_tiles({b}, p);
  REQUIRE(s.nearest(-100, b));
  CHECK(b.x_first == p.xs.front());

  s.clear();
  CHECK(s.size() == 0);
  std::vector<Bucket> none;
  s.visible(0, 10, 10, none);
  CHECK(none.empty());
  CHECK(!s.nearest(0, b));
}

TEST_CASE("round-robin series: a run shorter than the finest level comes back point by point, as drawn before") {
  RoundRobinSeries s;
  Points p;
  for (size_t i = 0; i < 3000; ++i) {
    p.xs.push_back(x_at(i));
    p.ys.push_back(float(i % 7));
    s.append(p.xs.back(), p.ys.back());
  }
  std::vector<Bucket> buckets;
  s.visible(0, p.xs.back(), 4000, buckets);
  REQUIRE(buckets.size() == 3000);
  check_tiles(buckets, p);
  // Over budget: aligned groups of a power of two of points (here 4: 3000 / 4 <= 1000).
  s.visible(0, p.xs.back(), 1000, buckets);
  check_tiles(buckets, p);
  CHECK(buckets.size() == 750);
  CHECK(std::all_of(buckets.begin(), buckets.end(), [](const Bucket& b) { return b.count == 4; }));
}

// Long run: the ASan build skips it (build.sh); the cases above append and read back there.
TEST_CASE("round-robin series: memory stays under its bound after tens of millions of points" *
          doctest::test_suite("long")) {
  RoundRobinSeries s;
  s.append(0.0f, 0.0f);
  const size_t reserved = s.reserved_bytes();
  CHECK(reserved <= RoundRobinSeries::kMaxBuckets * sizeof(Bucket) + 1024);
  const uint64_t n = 20'000'000;
  double sum = 0;
  for (uint64_t i = 1; i < n; ++i) {
    const float y = float(i % 1000) * 1e-3f;
    s.append(float(i), y);
    sum += y;
  }
  CHECK(s.size() == n);
  CHECK(s.stored_buckets() <= RoundRobinSeries::kMaxBuckets);
  CHECK(s.reserved_bytes() == reserved);  // nothing grew
  // The first point is still covered, and every point counted once.
  std::vector<Bucket> all;
  s.visible(0, double(n), 1000, all);
  CHECK(all.front().x_first == 0.0f);
  uint64_t total = 0;
  double all_sum = 0;
  for (const Bucket& b : all) {
    total += b.count;
    all_sum += b.sum;
  }
  CHECK(total == n);
  CHECK(all_sum == doctest::Approx(sum).epsilon(1e-9));
}
