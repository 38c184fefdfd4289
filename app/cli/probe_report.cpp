// Printing the variance probe's table for `train --probe-draws`.
#include "cli/probe_report.hpp"

#include <cstdio>

namespace latent {

void print_probe_report(const VarianceProbeResult& probe) {
  if (probe.estimators.empty()) {
    std::printf("probe: this model has no encoder gradient to probe\n");
    return;
  }
  std::printf("probe at step %lld: %d draws of each estimator on %d training examples, M %d; against %s\n",
              (long long)probe.step, probe.draws, probe.batch, probe.samples,
              probe.exact_reference ? "the exact gradient (enumeration)" : "the mean of many pathwise draws");
  if (probe.exact_reference) {
    // Bias relative to |exact gradient|, beside what sampling noise alone would give an unbiased estimator.
    std::printf("%28s %12s %8s %9s %9s\n", "estimator", "variance", "SNR", "bias", "noise");
    const double norm = probe.reference_norm > 0.0 ? probe.reference_norm : 1.0;
    for (const EstimatorVariance& e : probe.estimators)
      if (e.exact)
        std::printf("%28s %12s %8s %9s %9s\n", to_string(e.estimator).c_str(), "exact", "-", "0", "0");
      else
        std::printf("%28s %12.4g %8.4f %8.1f%% %8.1f%%\n", to_string(e.estimator).c_str(), e.total_variance,
                    e.mean_snr, 100.0 * e.relative_error, 100.0 * e.bias_noise / norm);
  } else {
    std::printf("%28s %12s %8s %9s\n", "estimator", "variance", "SNR", "cosine");
    for (const EstimatorVariance& e : probe.estimators)
      std::printf("%28s %12.4g %8.4f %9.4f\n", to_string(e.estimator).c_str(), e.total_variance, e.mean_snr,
                  e.cosine_to_reference);
  }
}

}  // namespace latent
