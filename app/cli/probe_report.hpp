// `train --probe-draws N`: after the last epoch, every estimator's encoder
// gradient drawn N times at the trained parameters, printed as a table.
#pragma once
#include "core/estimators/variance_probe.hpp"

namespace latent {

// One row per estimator: variance, SNR, and against the reference gradient
// either the bias ± its sampling noise (exact reference: enumeration) or the
// cosine (a Gaussian latent's many-draw pathwise mean).
void print_probe_report(const VarianceProbeResult& probe);

}  // namespace latent
