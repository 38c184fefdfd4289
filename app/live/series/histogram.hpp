// Binning values for histogram bars (plot::Frame::bars), free of ImGui so tests can check it.
#pragma once
#include <vector>

namespace latent::plot {

// Counts of `values` in `bins` equal bins over [lo, hi]. Values outside go
// to the end bins; NaNs and infinities are skipped.
std::vector<float> histogram_counts(const float* values, int count, double lo, double hi, int bins);

}  // namespace latent::plot
