// Amortized against non-amortized training on the same small data set:
// parameter counts, training ELBO, and what a held-out point costs (one
// encoder pass against its own optimization of (mu, log sigma^2)).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/models/vae_config.hpp"

namespace latent {

struct AmortizationComparisonSettings {
  int train_points = 1000;  // the first N training examples
  int epochs = 20;          // passes over them, the same for both
  int batch_size = 64;
  int test_points = 10;     // held-out examples for the test-time comparison
  std::vector<int> test_steps{0, 10, 100, 1000};  // per-point VI steps at which the held-out ELBO is read
  uint64_t seed = 1;
};

struct AmortizationComparison {
  int train_points = 0, epochs = 0;
  size_t decoder_params = 0;  // |theta|, the same decoder architecture in both
  size_t encoder_params = 0;  // |phi|
  size_t local_params = 0;    // 2 |z| N
  double amortized_seconds = 0.0, non_amortized_seconds = 0.0;  // training time
  // Mean ELBO over the training points: the VAE's encoder q against each
  // point's own q; both closed-form KL plus 64 Monte Carlo samples per point.
  double amortized_train_elbo = 0.0, non_amortized_train_elbo = 0.0;
  // Held-out points. Amortized: one encoder pass. Non-amortized: per-point VI
  // from the prior on the non-amortized decoder, read after test_steps[i] steps.
  double amortized_test_elbo = 0.0;
  double encoder_milliseconds = 0.0;  // per point
  std::vector<int> test_steps;
  std::vector<double> non_amortized_test_elbo;          // per entry of test_steps
  std::vector<double> non_amortized_test_milliseconds;  // per point, cumulative at each entry
  std::string test_elbo_method;  // how each held-out ELBO was computed
};

// progress(line) is called with one line of status now and then (may be empty).
AmortizationComparison compare_amortization(const VaeConfig& config, const DataSplit& data,
                                            const AmortizationComparisonSettings& settings,
                                            const std::function<void(const std::string&)>& progress = {});

}  // namespace latent
