// A training curve in fixed memory at several resolutions: appending, and
// reading back the buckets a plot of any x range needs.
#include "live/series/round_robin_series.hpp"

#include <algorithm>
#include <cmath>

namespace latent::plot {

namespace {
using Bucket = RoundRobinSeries::Bucket;

Bucket merged(const Bucket& a, const Bucket& b) {
  Bucket m = a;
  m.x_last = b.x_last;
  m.lo = std::min(a.lo, b.lo);
  m.hi = std::max(a.hi, b.hi);
  m.sum = a.sum + b.sum;
  m.count = a.count + b.count;
  return m;
}

Bucket of_point(float x, float y) {
  Bucket b;
  b.x_first = b.x_last = x;
  b.lo = b.hi = y;
  b.sum = y;
  b.count = 1;
  return b;
}
}  // namespace

RoundRobinSeries::RoundRobinSeries(size_t buckets_per_level, int levels)
    // Even, so the last level's buckets merge in whole pairs.
    : capacity_(std::max<size_t>(2, buckets_per_level + (buckets_per_level & 1))),
      levels_(size_t(std::max(1, levels))) {
  clear();
}

void RoundRobinSeries::clear() {
  uint64_t width = 1;
  for (Level& level : levels_) {
    level.width = width;
    level.used = 0;
    width *= 4;
  }
  count_ = 0;
}

size_t RoundRobinSeries::stored_buckets() const {
  size_t n = 0;
  for (const Level& level : levels_) n += level.used;
  return n;
}

size_t RoundRobinSeries::reserved_bytes() const {
  size_t n = levels_.capacity() * sizeof(Level);
  for (const Level& level : levels_) n += level.buckets.capacity() * sizeof(Bucket);
  return n;
}

void RoundRobinSeries::merge_top_pairs() {
  Level& top = levels_.back();
  top.used /= 2;
  for (size_t i = 0; i < top.used; ++i) top.buckets[i] = merged(top.buckets[2 * i], top.buckets[2 * i + 1]);
  top.width *= 2;
}

void RoundRobinSeries::append(float x, float y) {
  const uint64_t index = count_;
  const Bucket point = of_point(x, y);
  // Every ring written through at the first point, the way a round-robin
  // database file is made at full size: a long run's memory is then flat
  // from the start, not filling up level by level over the first hour.
  if (index == 0)
    for (Level& level : levels_) level.buckets.assign(capacity_, Bucket{});
  for (size_t k = 0; k + 1 < levels_.size(); ++k) {
    Level& level = levels_[k];
    const size_t slot = size_t((index / level.width) % capacity_);
    if (index % level.width != 0) {
      level.buckets[slot] = merged(level.buckets[slot], point);
    } else {
      level.buckets[slot] = point;  // once the ring is full, in place of its oldest bucket
      level.used = std::min(level.used + 1, capacity_);
    }
  }
  Level& top = levels_.back();
  if (index % top.width != 0) {
    top.buckets[top.used - 1] = merged(top.buckets[top.used - 1], point);
  } else {
    if (top.used == capacity_) merge_top_pairs();  // a full bucket pair each, so `index` starts a bucket still
    top.buckets[top.used++] = point;
  }
  ++count_;
}

uint64_t RoundRobinSeries::held_from(int k) const {
  uint64_t from = 0;  // the last level holds every point
  for (int j = int(levels_.size()) - 2; j >= k; --j) {
    const uint64_t end = end_held(j), coarser = width(j + 1);
    const uint64_t ring = end > capacity_ ? (end - capacity_) * width(j) : 0;
    from = std::max(from, (ring + coarser - 1) / coarser * coarser);  // and never before the coarser level's start
  }
  return std::min(from, count_);
}

const Bucket& RoundRobinSeries::at(int k, uint64_t b) const {
  const Level& level = levels_[size_t(k)];
  return size_t(k) + 1 == levels_.size() ? level.buckets[size_t(b)] : level.buckets[size_t(b % capacity_)];
}

uint64_t RoundRobinSeries::locate(double x, int& level) const {
  int k = 0;
  const int top = int(levels_.size()) - 1;
  while (k < top && held_from(k) > 0 && (held_from(k) == count_ || at(k, held_from(k) / width(k)).x_first > x)) ++k;
  uint64_t lo = held_from(k) / width(k), hi = end_held(k);
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (at(k, mid).x_last < x) lo = mid + 1;
    else hi = mid;
  }
  level = k;
  return std::min(lo, end_held(k) - 1);
}

void RoundRobinSeries::visible(double x0, double x1, int max_buckets, std::vector<Bucket>& out) const {
  out.clear();
  if (count_ == 0) return;
  max_buckets = std::max(2, max_buckets);
  // The points in view, with one of margin on each side so lines run to the edges.
  int k0 = 0, k1 = 0;
  const uint64_t b0 = locate(x0, k0), b1 = locate(x1, k1);
  uint64_t i0 = b0 * width(k0);
  uint64_t i1 = std::min(count_, (b1 + 1) * width(k1));
  if (i0 > 0) --i0;
  if (i1 < count_) ++i1;
  // Groups of `group` points (a power of two) give at most max_buckets over the view,
  // aligned so a bucket's edges stay put while the curve grows.
  const uint64_t n = i1 - i0;
  int shift = 0;
  while ((n >> shift) > uint64_t(max_buckets)) ++shift;
  const uint64_t group = uint64_t(1) << shift;
  int fine = 0;  // the coarsest level whose buckets fit in a group
  while (size_t(fine) + 1 < levels_.size() && width(fine + 1) <= group) ++fine;
  uint64_t pos = i0 / group * group;
  while (pos < i1) {
    if (holds(fine, pos)) {
      // A group from whole buckets of the fine level.
      const uint64_t w = width(fine), end = std::min(count_, (pos / group + 1) * group);
      Bucket m = at(fine, pos / w);
      for (uint64_t b = pos / w + 1; b * w < end; ++b) m = merged(m, at(fine, b));
      out.push_back(m);
      pos = end;
      continue;
    }
    // Further back than the fine level reaches: the finest coarser level's bucket.
    int k = fine + 1;
    while (!holds(k, pos)) ++k;
    const uint64_t b = pos / width(k);
    out.push_back(at(k, b));
    pos = (b + 1) * width(k);
  }
}

bool RoundRobinSeries::range(double x0, double x1, int max_buckets, float& lo, float& hi) const {
  std::vector<Bucket> buckets;
  visible(x0, x1, max_buckets, buckets);
  bool any = false;
  for (const Bucket& b : buckets) {
    if (!std::isfinite(b.lo) || !std::isfinite(b.hi)) continue;
    lo = any ? std::min(lo, b.lo) : b.lo;
    hi = any ? std::max(hi, b.hi) : b.hi;
    any = true;
  }
  return any;
}

bool RoundRobinSeries::nearest(double x, Bucket& out) const {
  if (count_ == 0) return false;
  int k = 0;
  const uint64_t b = locate(x, k);
  out = at(k, b);
  // locate gave the first bucket ending at or after x: the one before may be nearer.
  if (x < out.x_first && b > held_from(k) / width(k)) {
    const Bucket& before = at(k, b - 1);
    if (x - before.x_last < out.x_first - x) out = before;
  }
  return true;
}

}  // namespace latent::plot
