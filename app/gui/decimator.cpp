// Min/max/mean decimation of a long curve at power-of-two resolutions.
#include "gui/decimator.hpp"

#include <algorithm>
#include <cmath>

namespace latent::plot {

namespace {
constexpr int kFinestShift = 3;  // level 0 buckets hold 8 points; finer views read the raw points
}

void Decimator::clear() {
  levels_.clear();
  count_ = 0;
  raw_x_.clear();
  raw_y_.clear();
}

void Decimator::append(float x, float y) {
  raw_x_.push_back(x);
  raw_y_.push_back(y);
  const size_t index = count_++;
  auto add = [&](ChunkedArray<Bucket>& level, size_t b, const Bucket& point) {
    if (b == level.size()) {
      level.push_back(point);
      return;
    }
    Bucket& d = level[b];
    d.x_last = point.x_last;
    d.lo = std::min(d.lo, point.lo);
    d.hi = std::max(d.hi, point.hi);
    d.sum += point.sum;
    d.count += point.count;
  };
  Bucket point;
  point.x_first = point.x_last = x;
  point.lo = point.hi = y;
  point.sum = y;
  point.count = 1;
  for (size_t k = 0;; ++k) {
    if (k == levels_.size()) {
      // A coarser level is only worth having once the one below has two buckets;
      // it starts as their merge, which already holds this point.
      if (k > 0 && levels_[k - 1].size() < 2) break;
      levels_.emplace_back();
      if (k > 0) {
        for (size_t i = 0; i < levels_[k - 1].size(); ++i) add(levels_[k], i >> 1, levels_[k - 1][i]);
        continue;
      }
    }
    add(levels_[k], index >> (k + kFinestShift), point);
  }
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
  int k = 0;
  while (k + 1 < int(levels_.size()) && (n >> (k + kFinestShift)) > size_t(max_buckets)) ++k;
  const auto& level = levels_[size_t(k)];
  const size_t b0 = i0 >> (k + kFinestShift), b1 = std::min(level.size(), ((i1 - 1) >> (k + kFinestShift)) + 1);
  out.reserve(b1 - b0);
  for (size_t b = b0; b < b1; ++b) out.push_back(level[b]);
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
