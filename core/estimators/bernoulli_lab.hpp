// The 1-D discrete gradient lab (Tucker et al. 2017, REBAR): the gradient
// with respect to theta of E_{z ~ Bernoulli(theta)}[(z - t)^2], whose exact
// value is 1 - 2t, by estimators that do without the reparameterization
// trick (REINFORCE, with and without its optimal constant baseline) and by
// the binary Concrete relaxation and its straight-through variant, which
// reparameterize a relaxed z and pay with bias. Exact means and variances
// (closed form or quadrature over the relaxation's noise) beside sampled ones.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace latent {

enum class DiscreteEstimator {
  Reinforce,               // f(z) s(z), s = d log Bernoulli(z; theta)/d theta = z/theta - (1-z)/(1-theta)
  ReinforceWithBaseline,   // (f(z) - b) s(z), b the variance-minimizing constant
  Concrete,                // d f(X)/d theta, X = sigma((logit theta + L)/tau): pathwise through the relaxation
  StraightThrough,         // f'(z) dX/d theta: the hard z forward, the relaxation's derivative backward
};
inline constexpr std::array<DiscreteEstimator, 4> kDiscreteEstimators = {
    DiscreteEstimator::Reinforce, DiscreteEstimator::ReinforceWithBaseline, DiscreteEstimator::Concrete,
    DiscreteEstimator::StraightThrough};

const char* discrete_estimator_name(DiscreteEstimator e);  // for people: "REINFORCE + baseline"
const char* discrete_estimator_key(DiscreteEstimator e);   // for CSV columns: "reinforce_baseline"

struct BernoulliLabSettings {
  double theta = 0.6;        // P(z = 1), in (0, 1)
  double target = 0.45;      // t in f(z) = (z - t)^2
  double temperature = 0.5;  // tau of the relaxation, > 0
  int samples = 1000;        // draws per empirical estimate; 0: exact numbers only
  uint64_t seed = 1;
};

struct DiscreteEstimatorStatistics {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  double exact_mean = 0.0;            // what the estimator averages to; minus 1 - 2t is its bias
  double exact_variance = 0.0;        // of one draw
  double empirical_mean = kNone;      // over `samples` draws
  double empirical_variance = kNone;  // unbiased (n - 1) sample variance
};

struct BernoulliLabResult {
  double true_gradient = 0.0;  // 1 - 2t
  double optimal_baseline = 0.0;    // b* = E[f s^2] / E[s^2] = (1 - theta) f(1) + theta f(0)
  double fitted_baseline = DiscreteEstimatorStatistics::kNone;  // b used by the draws, from an independent batch
  std::array<DiscreteEstimatorStatistics, 4> statistics{};
  const DiscreteEstimatorStatistics& at(DiscreteEstimator e) const { return statistics[int(e)]; }
};

// Throws std::invalid_argument with a one-line message naming the setting
// and its range (theta in (0.001, 0.999), tau in [0.01, 10], ...).
void validate_bernoulli_lab(const BernoulliLabSettings& settings);

// One draw of an estimator from the uniform u in (0, 1) that drives both the
// hard sample z = [u > 1 - theta] and the relaxation's L = log u - log(1 - u);
// b is used by ReinforceWithBaseline only.
double discrete_single_sample(DiscreteEstimator e, const BernoulliLabSettings& settings, double u, double b);

// Exact numbers, and with samples > 0 the sampled ones (the same uniforms for
// every estimator). Validates first. Pure; safe from any thread.
BernoulliLabResult run_bernoulli_lab(const BernoulliLabSettings& settings);

// The lab at each value of tau (or of t), everything else as in settings:
// what the "against tau" and "against t" plots draw. The draws are the same
// at every value, so the sampled curves are smooth.
std::vector<BernoulliLabResult> sweep_bernoulli_temperature(const BernoulliLabSettings& settings,
                                                            std::span<const double> temperatures);
std::vector<BernoulliLabResult> sweep_bernoulli_target(const BernoulliLabSettings& settings,
                                                       std::span<const double> targets);

}  // namespace latent
