// A long increasing-x series (a training curve) kept in fixed memory at
// several resolutions, the way round-robin databases keep metrics; free of
// ImGui so tests can check it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace latent::plot {

// Level k keeps the newest kBucketsPerLevel buckets of 4^k points each (level
// 0: the points themselves), so the recent end of the curve is at full
// resolution and each coarser level reaches four times further back; the last
// level covers the whole history, merging its buckets in pairs (doubling their
// width) whenever it would need one more. Memory is at most kMaxBuckets
// buckets whatever the curve's length, and drawing costs the plot's width.
class RoundRobinSeries {
 public:
  static constexpr int kLevels = 8;
  static constexpr size_t kBucketsPerLevel = 4096;
  static constexpr size_t kMaxBuckets = kLevels * kBucketsPerLevel;

  RoundRobinSeries() : RoundRobinSeries(kBucketsPerLevel, kLevels) {}
  // Tests shrink the levels to reach every regime with few points.
  RoundRobinSeries(size_t buckets_per_level, int levels);

  struct Bucket {
    float x_first = 0, x_last = 0;
    float lo = 0, hi = 0;
    double sum = 0;
    uint32_t count = 0;  // a bucket holds at most 2 / kBucketsPerLevel of the points: room for 8e12
    float mean() const { return count ? float(sum / double(count)) : 0.0f; }
  };

  void clear();
  void append(float x, float y);
  uint64_t size() const { return count_; }  // points appended, held or merged
  // Buckets held, and the bytes reserved for them (all at the first point): both stay under kMaxBuckets.
  size_t stored_buckets() const;
  size_t reserved_bytes() const;

  // Consecutive buckets over x range [x0, x1] (and one beyond each end, so lines
  // run to the edges), at about max_buckets over the range where the levels
  // hold that resolution, coarser further back where only coarse levels reach.
  void visible(double x0, double x1, int max_buckets, std::vector<Bucket>& out) const;
  // Smallest and largest finite y over [x0, x1], at the resolution visible() would use.
  bool range(double x0, double x1, int max_buckets, float& lo, float& hi) const;
  // The finest bucket held nearest x (the point itself where level 0 still
  // holds it); false while empty.
  bool nearest(double x, Bucket& out) const;
  // The newest point (a bucket of one); the series must not be empty.
  Bucket last() const { return at(0, end_held(0) - 1); }

 private:
  struct Level {
    uint64_t width = 1;           // points per bucket
    std::vector<Bucket> buckets;  // bucket b in slot b % capacity (the last level: slot b, never evicted)
    size_t used = 0;              // slots holding a bucket
  };
  uint64_t width(int k) const { return levels_[size_t(k)].width; }
  uint64_t end_held(int k) const { return (count_ + width(k) - 1) / width(k); }  // one past the newest bucket
  // The first point level k answers for (count_ if none): where its ring
  // begins, rounded up to the next level's bucket edge so that no coarser
  // bucket drawn before it reaches into it.
  uint64_t held_from(int k) const;
  bool holds(int k, uint64_t point) const { return point >= held_from(k); }
  const Bucket& at(int k, uint64_t b) const;
  // The held bucket at the finest level reaching x: the first whose x_last >= x
  // (the newest if none); its level in `level`.
  uint64_t locate(double x, int& level) const;
  void merge_top_pairs();

  size_t capacity_;
  std::vector<Level> levels_;
  uint64_t count_ = 0;
};

}  // namespace latent::plot
