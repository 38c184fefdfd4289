// Equal-width binning for histogram bars.
#include "live/series/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace latent::plot {

std::vector<float> histogram_counts(const float* values, int count, double lo, double hi, int bins) {
  std::vector<float> counts(size_t(std::max(bins, 1)), 0.0f);
  const double width = hi > lo ? (hi - lo) / double(counts.size()) : 1.0;
  for (int i = 0; i < count; ++i) {
    if (!std::isfinite(values[i])) continue;
    const double bin = std::floor((values[i] - lo) / width);
    counts[size_t(std::clamp(bin, 0.0, double(counts.size() - 1)))] += 1.0f;
  }
  return counts;
}

}  // namespace latent::plot
