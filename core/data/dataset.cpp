// Dataset's size and minibatch gather; gather runs every training step, so it
// is one pass over the chosen examples with no allocation once out is sized.
#include "core/data/dataset.hpp"

#include <algorithm>
#include <cmath>

#include "core/math/rng.hpp"

namespace latent {

size_t Dataset::size() const {
  if (dim <= 0) return 0;
  return (is_image() ? pixels.size() : points.size()) / size_t(dim);
}

void Dataset::gather(const int* idx, int count, Matrix& out) const {
  out.resize(dim, count);  // no reallocation when the shape is unchanged
  const size_t n = size();
  const size_t d = size_t(dim);
  for (int j = 0; j < count; ++j) {
    // A negative index wraps to a huge size_t, so one compare checks both ends.
    const size_t i = size_t(int64_t(idx[j]));
    if (i >= n)
      throw DataError("dataset '" + name + "': gather() index " + std::to_string(idx[j]) +
                      " is outside 0.." + std::to_string(int64_t(n) - 1) +
                      "; the caller's batch indices are wrong");
    // __restrict: bytes may alias anything, so without it the compiler must
    // assume each float store could change the source and will not vectorize.
    float* __restrict column = out.data() + size_t(j) * d;
    if (is_image()) {
      const uint8_t* __restrict src = pixels.data() + i * d;
      // Division (not multiplication by 1/255) so values are exactly byte/255;
      // the compiler vectorizes it either way.
      for (size_t k = 0; k < d; ++k) column[k] = float(src[k]) / 255.0f;
    } else {
      std::copy_n(points.data() + i * d, d, column);
    }
  }
}

DataSplit hold_out(const Dataset& all, uint64_t seed, double test_fraction) {
  const size_t n = all.size(), d = size_t(all.dim);
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  Rng rng(seed);
  for (size_t i = n; i-- > 1;) std::swap(order[i], order[rng.below(i + 1)]);
  const size_t test_count = std::clamp(size_t(std::lround(test_fraction * double(n))), size_t(1), n - 1);
  DataSplit split;
  for (Dataset* part : {&split.test, &split.train}) {
    *part = all;  // name, kind, sizes, class names; the examples are refilled below
    part->pixels.clear();
    part->points.clear();
    part->labels.clear();
  }
  for (size_t k = 0; k < n; ++k) {
    Dataset& part = k < test_count ? split.test : split.train;
    const size_t i = order[k];
    if (all.is_image()) part.pixels.insert(part.pixels.end(), all.image(i), all.image(i) + d);
    else part.points.insert(part.points.end(), all.point(i), all.point(i) + d);
    part.labels.push_back(all.labels[i]);
  }
  return split;
}

}  // namespace latent
