// Min/max/mean decimation of a long curve at power-of-two resolutions.
#include "live/series/decimator.hpp"

#include <algorithm>
#include <cmath>

namespace latent::plot {

namespace {
constexpr int kFinestShift = 3;  // level 0 buckets hold 8 points; finer views read the raw points

Decimator::Bucket merged(const Decimator::Bucket& a, const Decimator::Bucket& b) {
  Decimator::Bucket m = a;
  m.x_last = b.x_last;
  m.lo = std::min(a.lo, b.lo);
  m.hi = std::max(a.hi, b.hi);
  m.sum = a.sum + b.sum;
  m.count = a.count + b.count;
  return m;
}
}  // namespace

void Decimator::clear() {
  levels_.clear();
  count_ = 0;
  raw_x_.clear();
  raw_y_.clear();
}

void Decimator::append(float x, float y) {
  raw_x_.push_back(x);
  raw_y_.push_back(y);
  ++count_;
  if (count_ % (size_t(1) << kFinestShift) != 0) return;
  // A level-0 bucket just filled: store it, then every coarser bucket it
  // completes. Each point costs two bucket merges on average, however long the curve.
  levels_.resize(std::max<size_t>(levels_.size(), 1));
  levels_[0].push_back(bucket(0, count_ / (size_t(1) << kFinestShift) - 1));
  for (size_t k = 1; levels_[k - 1].size() % 2 == 0; ++k) {
    if (k == levels_.size()) levels_.emplace_back();
    const auto& finer = levels_[k - 1];
    levels_[k].push_back(merged(finer[finer.size() - 2], finer[finer.size() - 1]));
  }
}

Decimator::Bucket Decimator::bucket(int k, size_t b) const {
  if (size_t(k) < levels_.size() && b < levels_[size_t(k)].size()) return levels_[size_t(k)][b];
  // Not stored yet: the bucket is still filling (only the last one of a level is).
  if (k == 0) {
    const size_t first = b << kFinestShift, last = std::min(count_, first + (size_t(1) << kFinestShift));
    Bucket d;
    d.x_first = raw_x_[first];
    d.lo = d.hi = raw_y_[first];
    for (size_t i = first; i < last; ++i) {
      d.x_last = raw_x_[i];
      d.lo = std::min(d.lo, raw_y_[i]);
      d.hi = std::max(d.hi, raw_y_[i]);
      d.sum += raw_y_[i];
      ++d.count;
    }
    return d;
  }
  const Bucket left = bucket(k - 1, 2 * b);
  const size_t right_first = (2 * b + 1) << (size_t(k - 1) + kFinestShift);
  return right_first < count_ ? merged(left, bucket(k - 1, 2 * b + 1)) : left;
}

void Decimator::visible(double x0, double x1, int max_buckets, std::vector<Bucket>& out) const {
  out.clear();
  if (count_ == 0) return;
  max_buckets = std::max(2, max_buckets);
  // Points are in increasing x: binary search for the visible index range,
  // with one point of margin on each side so lines run to the edges.
  size_t i0 = raw_x_.lower_bound(float(x0));
  size_t i1 = raw_x_.upper_bound(float(x1));
  if (i0 > 0) --i0;
  if (i1 < count_) ++i1;
  if (i1 <= i0) return;
  const size_t n = i1 - i0;
  if (n <= size_t(max_buckets)) {
    out.reserve(n);
    for (size_t i = i0; i < i1; ++i) {
      Bucket b;
      b.x_first = b.x_last = raw_x_[i];
      b.lo = b.hi = raw_y_[i];
      b.sum = raw_y_[i];
      b.count = 1;
      out.push_back(b);
    }
    return;
  }
  // The finest level with at most max_buckets buckets over the range.
  int k = 0;
  while ((n >> (k + kFinestShift)) > size_t(max_buckets)) ++k;
  const int shift = k + kFinestShift;
  const size_t b0 = i0 >> shift, b1 = ((i1 - 1) >> shift) + 1;
  out.reserve(b1 - b0);
  for (size_t b = b0; b < b1; ++b) out.push_back(bucket(k, b));
}

bool Decimator::range(double x0, double x1, int max_buckets, float& lo, float& hi) const {
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

}  // namespace latent::plot
