// The 1-D discrete gradient lab against independent truths: enumeration of
// z's two values, Monte Carlo with stated standard errors, and a second
// quadrature over the uniform u rather than over s.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "core/estimators/bernoulli_lab.hpp"

using namespace latent;

namespace {

// E[g] and E[g^2] of a relaxed estimator by the midpoint rule over u in
// (0, 1), on a grid fine enough for the integrand's peak (width ~ tau).
std::pair<double, double> moments_over_u(DiscreteEstimator e, const BernoulliLabSettings& p) {
  const int n = 2'000'000;
  double mean = 0.0, square = 0.0;
  for (int i = 0; i < n; ++i) {
    const double g = discrete_single_sample(e, p, (i + 0.5) / n, 0.0);
    mean += g / n;
    square += g * g / n;
  }
  return {mean, square - mean * mean};
}

}  // namespace

TEST_CASE("bernoulli lab: REINFORCE's exact mean and variance are the enumeration over z and references.md's formula") {
  for (double theta : {0.1, 0.45, 0.6, 0.97})
    for (double t : {0.0, 0.45, 0.499, 2.0}) {
      BernoulliLabSettings p;
      p.theta = theta;
      p.target = t;
      p.samples = 0;
      const BernoulliLabResult r = run_bernoulli_lab(p);
      // Enumeration: z = 1 with probability theta (u > 1 - theta), z = 0 otherwise.
      const double g1 = discrete_single_sample(DiscreteEstimator::Reinforce, p, 1.0 - theta / 2, 0.0);
      const double g0 = discrete_single_sample(DiscreteEstimator::Reinforce, p, (1.0 - theta) / 2, 0.0);
      const double mean = theta * g1 + (1 - theta) * g0, second = theta * g1 * g1 + (1 - theta) * g0 * g0;
      const auto& s = r.at(DiscreteEstimator::Reinforce);
      CHECK(r.true_gradient == doctest::Approx(1 - 2 * t));
      CHECK(s.exact_mean == doctest::Approx(mean));
      CHECK(s.exact_variance == doctest::Approx(second - mean * mean));
      CHECK(s.exact_variance ==
            doctest::Approx(std::pow(1 - t, 4) / theta + std::pow(t, 4) / (1 - theta) - std::pow(1 - 2 * t, 2)));
      // The optimal constant baseline is E[f s^2] / E[s^2], and with it every outcome gives 1 - 2t.
      const double f1 = (1 - t) * (1 - t), f0 = t * t, s1 = 1 / theta, s0 = -1 / (1 - theta);
      const double b = (theta * f1 * s1 * s1 + (1 - theta) * f0 * s0 * s0) / (theta * s1 * s1 + (1 - theta) * s0 * s0);
      CHECK(r.optimal_baseline == doctest::Approx(b));
      for (double u : {0.01, 0.99})
        CHECK(discrete_single_sample(DiscreteEstimator::ReinforceWithBaseline, p, u, b) == doctest::Approx(1 - 2 * t));
    }
}

TEST_CASE("bernoulli lab: the relaxations' quadrature over s agrees with one over u") {
  for (double tau : {0.1, 0.5, 2.0})
    for (double theta : {0.2, 0.6}) {
      BernoulliLabSettings p;
      p.theta = theta;
      p.target = 0.45;
      p.temperature = tau;
      p.samples = 0;
      const BernoulliLabResult r = run_bernoulli_lab(p);
      for (DiscreteEstimator e : {DiscreteEstimator::Concrete, DiscreteEstimator::StraightThrough}) {
        CAPTURE(tau);
        CAPTURE(theta);
        CAPTURE(discrete_estimator_name(e));
        const auto [mean, variance] = moments_over_u(e, p);
        CHECK(std::abs(r.at(e).exact_mean - mean) < 1e-5);
        CHECK(std::abs(r.at(e).exact_variance / variance - 1.0) < 1e-3);
      }
    }
}

TEST_CASE("bernoulli lab: sampled means sit within 4 standard errors of the exact ones; variances agree") {
  BernoulliLabSettings p;
  p.theta = 0.3;
  p.target = 0.45;
  p.temperature = 0.5;
  p.samples = 400'000;
  const BernoulliLabResult r = run_bernoulli_lab(p);
  for (DiscreteEstimator e : kDiscreteEstimators) {
    CAPTURE(discrete_estimator_name(e));
    const auto& s = r.at(e);
    if (e == DiscreteEstimator::ReinforceWithBaseline) {
      // b is fitted, not b*: the draws' spread is (b* - b)^2 E[s^2], tiny but not zero.
      const double e_s2 = 1 / (p.theta * (1 - p.theta));
      const double expected = std::pow(r.optimal_baseline - r.fitted_baseline, 2) * e_s2;
      CHECK(expected > 0.0);
      CHECK(std::abs(s.empirical_variance / expected - 1.0) < 0.05);
      CHECK(std::abs(s.empirical_mean - r.true_gradient) < 1e-3);
      continue;
    }
    CHECK(std::abs(s.empirical_mean - s.exact_mean) < 4 * std::sqrt(s.exact_variance / p.samples));
    CHECK(std::abs(s.empirical_variance / s.exact_variance - 1.0) < 0.03);
  }
}

TEST_CASE("bernoulli lab: as tau goes to 0 the relaxation's variance grows and, below tau ~ 0.3, its bias shrinks") {
  // For large tau the relaxed X hardly depends on theta and the gradient goes
  // to 0, so the bias is not monotone over all tau: it peaks near tau = 0.5
  // for theta = 0.6 (and crosses 0 near tau = 0.3 for theta = 0.3).
  BernoulliLabSettings p;
  p.theta = 0.6;
  p.target = 0.45;
  p.samples = 0;
  const double taus[] = {4.0, 2.0, 1.0, 0.5, 0.25, 0.1, 0.05, 0.02, 0.01};
  const auto results = sweep_bernoulli_temperature(p, taus);
  for (DiscreteEstimator e : {DiscreteEstimator::Concrete, DiscreteEstimator::StraightThrough}) {
    CAPTURE(discrete_estimator_name(e));
    for (size_t i = 1; i < results.size(); ++i) {
      CAPTURE(taus[i]);
      const double bias = std::abs(results[i].at(e).exact_mean - results[i].true_gradient);
      const double before = std::abs(results[i - 1].at(e).exact_mean - results[i - 1].true_gradient);
      if (taus[i] < 0.25) CHECK(bias < 0.6 * before);  // about linear in tau
      CHECK(results[i].at(e).exact_variance > results[i - 1].at(e).exact_variance);
    }
    // In the limit both are unbiased: the mean tends to 1 - 2t (derivation in bernoulli_lab.cpp).
    CHECK(std::abs(results.back().at(e).exact_mean - (1 - 2 * 0.45)) < 0.004);  // 0.1020 and 0.1028 at tau = 0.01
  }
  // At tau = 1 the Concrete gradient is visibly biased for this theta: not a test that cannot fail.
  CHECK(std::abs(results[2].at(DiscreteEstimator::Concrete).exact_mean - 0.1) > 0.01);
  CHECK(results.back().at(DiscreteEstimator::Concrete).exact_variance > 100 * results[2].at(DiscreteEstimator::Concrete).exact_variance);
}

TEST_CASE("bernoulli lab: settings out of range are refused in one line") {
  BernoulliLabSettings p;
  p.theta = 1.0;
  CHECK_THROWS_WITH_AS(validate_bernoulli_lab(p), doctest::Contains("theta"), std::invalid_argument);
  p = {};
  p.temperature = 0.0;
  CHECK_THROWS_WITH_AS(validate_bernoulli_lab(p), doctest::Contains("tau"), std::invalid_argument);

}
