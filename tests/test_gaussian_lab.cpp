// Tests of the 1-D Gaussian gradient lab: Gauss-Hermite rules, exact gradients and variances
// against closed forms, unbiasedness and sample variances of the three estimators.
// One file (a little over 400 lines): every case checks the one lab against its closed forms.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/estimators/gaussian_lab.hpp"
#include "core/math/gauss_hermite.hpp"

using namespace latent;

namespace {

// (2m - 1)!! = E[eps^(2m)] for eps ~ N(0, 1).
double double_factorial_odd(int m) {
  double v = 1.0;
  for (int j = 2 * m - 1; j > 1; j -= 2) v *= j;
  return v;
}

bool close_relative(double a, double b, double tolerance) {
  return std::abs(a - b) <= tolerance * std::abs(b);
}

// Var(cos-cost estimator wrt mu) in closed form, from E[cos(a + b eps)] = cos(a) e^(-b^2/2) and
// E[eps^2 cos(a + b eps)] = cos(a) (1 - b^2) e^(-b^2/2): an independent check of the quadrature.
struct CosineMuVariances {
  double pathwise, score;
};
CosineMuVariances cosine_mu_variances(double mu, double sigma, double k) {
  const double gradient_squared = k * k * std::pow(std::sin(k * mu), 2) * std::exp(-k * k * sigma * sigma);
  const double c = std::cos(2.0 * k * mu), damping = std::exp(-2.0 * k * k * sigma * sigma);
  return {k * k * 0.5 * (1.0 - c * damping) - gradient_squared,
          (0.5 + 0.5 * c * (1.0 - 4.0 * k * k * sigma * sigma) * damping) / (sigma * sigma) - gradient_squared};
}

// Var(exp-cost estimator wrt mu) in closed form. Under N(mu, sigma^2), e^(-a x^2) times the
// density is e^(-a mu^2/c)/sqrt(c) times N(mu/c, sigma^2/c) with c = 1 + 2a sigma^2, so its
// moments follow; f'^2 and f^2 eps^2 / sigma^2 have a = 2k.
struct BumpMuVariances {
  double pathwise, score;
};
BumpMuVariances bump_mu_variances(double mu, double sigma, double k) {
  const double a = 2.0 * k, c = 1.0 + 2.0 * a * sigma * sigma;
  const double mass = std::exp(-a * mu * mu / c) / std::sqrt(c), mean = mu / c, variance = sigma * sigma / c;
  const double gradient = expected_cost_closed_form({CostKind::Bump, k}, mu, sigma).d_mu;
  const double x_squared = mass * (variance + mean * mean);
  const double centred_squared = mass * (variance + (mean - mu) * (mean - mu));
  return {4.0 * k * k * x_squared - gradient * gradient,
          centred_squared / std::pow(sigma, 4) - gradient * gradient};
}

// E[s^2] for the score of N(mu, sigma^2): 1/sigma^2 for mu, 2/sigma^2 for sigma.
double fisher_information(GaussianParameter p, double sigma) {
  return (p == GaussianParameter::Mu ? 1.0 : 2.0) / (sigma * sigma);
}

}  // namespace

TEST_CASE("estimators: Gauss-Hermite rules match small known rules and Gaussian moments") {
  const double root_pi = std::sqrt(M_PI);
  const GaussHermiteRule one = make_gauss_hermite_rule(1);
  CHECK(one.nodes[0] == 0.0);
  CHECK(one.weights[0] == doctest::Approx(root_pi).epsilon(1e-15));
  // n = 2: +-1/sqrt(2), sqrt(pi)/2 each; n = 3: 0 and +-sqrt(3/2), weights 2 sqrt(pi)/3 and sqrt(pi)/6.
  const GaussHermiteRule two = make_gauss_hermite_rule(2), three = make_gauss_hermite_rule(3);
  CHECK(two.nodes[1] == doctest::Approx(1.0 / std::sqrt(2.0)).epsilon(1e-15));
  CHECK(two.weights[0] == doctest::Approx(root_pi / 2.0).epsilon(1e-15));
  CHECK(three.nodes[2] == doctest::Approx(std::sqrt(1.5)).epsilon(1e-15));
  CHECK(three.weights[1] == doctest::Approx(2.0 * root_pi / 3.0).epsilon(1e-15));
  CHECK(three.weights[2] == doctest::Approx(root_pi / 6.0).epsilon(1e-15));

  for (int n : {10, 160, 400}) {
    const GaussHermiteRule rule = make_gauss_hermite_rule(n);
    REQUIRE(rule.size() == n);
    for (int i = 1; i < n; ++i) REQUIRE(rule.nodes[i] > rule.nodes[i - 1]);
    // Exact up to degree 2n - 1; checked up to eps^18 (or 2n - 2 for n = 10), 1e-12 relative.
    for (int m = 0; 2 * m <= std::min(18, 2 * n - 2); ++m) {
      const double moment = gaussian_expectation(rule, 0.0, 1.0, [m](double x) { return std::pow(x, 2 * m); });
      CHECK(close_relative(moment, double_factorial_odd(m), 1e-12));
    }
  }
  CHECK_THROWS_AS(make_gauss_hermite_rule(0), std::invalid_argument);
  CHECK_THROWS_AS(make_gauss_hermite_rule(kMaxGaussHermiteNodes + 1), std::invalid_argument);
}

TEST_CASE("estimators: quadrature matches the known Gaussian integrals of cos and exp") {
  const GaussHermiteRule rule = make_gauss_hermite_rule(400);
  for (double mu : {-1.3, 0.0, 0.7, 2.5})
    for (double sigma : {0.4, 1.0, 1.7})
      for (double k : {0.3, 1.0, 2.5}) {
        CAPTURE(mu);
        CAPTURE(sigma);
        CAPTURE(k);
        // E[cos(kx)] = cos(k mu) exp(-k^2 sigma^2 / 2); bounded by 1, so an absolute 1e-12.
        const double cosine = gaussian_expectation(rule, mu, sigma, [k](double x) { return std::cos(k * x); });
        CHECK(std::abs(cosine - std::cos(k * mu) * std::exp(-0.5 * k * k * sigma * sigma)) < 1e-12);
        // E[exp(-k x^2)] = exp(-k mu^2 / (1 + 2k sigma^2)) / sqrt(1 + 2k sigma^2), 1e-10 relative.
        const double a = 1.0 + 2.0 * k * sigma * sigma;
        const double bump = gaussian_expectation(rule, mu, sigma, [k](double x) { return std::exp(-k * x * x); });
        CHECK(close_relative(bump, std::exp(-k * mu * mu / a) / std::sqrt(a), 1e-10));
        // The closed forms the lab reports agree with both.
        CHECK(std::abs(expected_cost_closed_form({CostKind::Cosine, k}, mu, sigma).value - cosine) < 1e-12);
        CHECK(close_relative(expected_cost_closed_form({CostKind::Bump, k}, mu, sigma).value, bump, 1e-10));
      }
}

TEST_CASE("estimators: closed-form gradients match finite differences of E[f]") {
  // Central differences with h = 1e-5 err by ~h^2 f''' ~ 1e-10 plus rounding ~1e-16/h ~ 1e-11.
  const double h = 1e-5;
  for (CostKind kind : {CostKind::Quadratic, CostKind::Bump, CostKind::Cosine})
    for (double k : {0.5, 2.0})
      for (double mu : {-0.8, 0.3, 1.0})
        for (double sigma : {0.5, 1.2}) {
          const Cost cost{kind, k};
          const ExpectedCost e = expected_cost_closed_form(cost, mu, sigma);
          const double d_mu = (expected_cost_closed_form(cost, mu + h, sigma).value -
                               expected_cost_closed_form(cost, mu - h, sigma).value) / (2 * h);
          const double d_sigma = (expected_cost_closed_form(cost, mu, sigma + h).value -
                                  expected_cost_closed_form(cost, mu, sigma - h).value) / (2 * h);
          CAPTURE(cost_kind_name(kind));
          CAPTURE(k);
          CAPTURE(mu);
          CAPTURE(sigma);
          CHECK(std::abs(e.d_mu - d_mu) < 1e-8);
          CHECK(std::abs(e.d_sigma - d_sigma) < 1e-8);
        }
}

TEST_CASE("estimators: every estimator's exact expectation is the gradient (by quadrature)") {
  // Deterministic unbiasedness: E[g] over eps by the 400-node rule, against the closed form.
  const GaussHermiteRule rule = make_gauss_hermite_rule(400);
  const GradientLabSettings settings{CostKind::Quadratic, 0.6, 1.3, 0, 1};
  for (CostKind kind : {CostKind::Quadratic, CostKind::Bump, CostKind::Cosine}) {
    GradientLabSettings s = settings;
    s.cost = kind;
    const GradientLabPoint point = run_gradient_lab(s, 1.5);
    for (GradientEstimator e : kGradientEstimators)
      for (GaussianParameter p : kGaussianParameters) {
        const EstimatorStatistics& stats = point.at(e, p);
        const double mean = gaussian_expectation(rule, 0.0, 1.0, [&](double eps) {
          return single_sample_gradient(e, p, {kind, 1.5}, s.mu, s.sigma, eps, stats.exact_baseline);
        });
        CAPTURE(cost_kind_name(kind));
        CAPTURE(gradient_estimator_name(e));
        CAPTURE(gaussian_parameter_name(p));
        CHECK(std::abs(mean - stats.exact_gradient) < 1e-10 * std::max(1.0, std::abs(stats.exact_gradient)));
      }
  }
}

TEST_CASE("estimators: quadrature matches the closed forms for the quadratic cost to 1e-8") {
  for (double mu : {-0.5, 0.4, 1.0, 3.0})
    for (double sigma : {0.3, 1.0, 2.2})
      for (double k : {-1.0, 0.0, 2.0}) {
        if (mu == k) continue;  // d = 0 makes the mu-gradient 0, where a relative test means nothing
        const GradientLabPoint point = run_gradient_lab({CostKind::Quadratic, mu, sigma, 0, 1}, k);
        const QuadraticCostVariances v = quadratic_cost_variances(mu, sigma, k);
        const auto& pathwise_mu = point.at(GradientEstimator::Pathwise, GaussianParameter::Mu);
        const auto& pathwise_sigma = point.at(GradientEstimator::Pathwise, GaussianParameter::Sigma);
        const auto& score_mu = point.at(GradientEstimator::ScoreFunction, GaussianParameter::Mu);
        const auto& score_sigma = point.at(GradientEstimator::ScoreFunction, GaussianParameter::Sigma);
        CAPTURE(mu);
        CAPTURE(sigma);
        CAPTURE(k);
        CHECK(close_relative(pathwise_mu.exact_gradient, 2.0 * (mu - k), 1e-8));
        CHECK(close_relative(pathwise_sigma.exact_gradient, 2.0 * sigma, 1e-8));
        CHECK(close_relative(pathwise_mu.exact_variance, v.pathwise_mu, 1e-8));
        CHECK(close_relative(pathwise_sigma.exact_variance, v.pathwise_sigma, 1e-8));
        CHECK(close_relative(score_mu.exact_variance, v.score_mu, 1e-8));
        CHECK(close_relative(score_sigma.exact_variance, v.score_sigma, 1e-8));
      }
}

TEST_CASE("estimators: the references.md example at mu = sigma = 1, k = 0") {
  const GradientLabPoint point = run_gradient_lab({CostKind::Quadratic, 1.0, 1.0, 0, 1}, 0.0);
  CHECK(point.at(GradientEstimator::Pathwise, GaussianParameter::Mu).exact_variance == doctest::Approx(4.0).epsilon(1e-12));
  CHECK(point.at(GradientEstimator::Pathwise, GaussianParameter::Sigma).exact_variance == doctest::Approx(12.0).epsilon(1e-12));
  CHECK(point.at(GradientEstimator::ScoreFunction, GaussianParameter::Mu).exact_variance == doctest::Approx(30.0).epsilon(1e-12));
  CHECK(point.at(GradientEstimator::ScoreFunction, GaussianParameter::Sigma).exact_variance == doctest::Approx(136.0).epsilon(1e-12));
  CHECK(point.at(GradientEstimator::Pathwise, GaussianParameter::Mu).exact_gradient == doctest::Approx(2.0));
  CHECK(point.at(GradientEstimator::Pathwise, GaussianParameter::Sigma).exact_gradient == doctest::Approx(2.0));
}

TEST_CASE("estimators: cos variances match their closed forms up to the largest resolved k") {
  // Second moments oscillate at frequency 2 k sigma; the lab promises convergence up to
  // max_resolved_k, so check there (and on the way), 1e-9 relative to the score variance's scale.
  for (double sigma : {0.5, 1.0, 2.0}) {
    const GradientLabSettings s{CostKind::Cosine, 0.8, sigma, 0, 1};
    const double k_max = max_resolved_k(CostKind::Cosine, sigma);
    for (double k : {0.3, 1.0, 2.7, 0.5 * k_max, 0.9 * k_max, k_max}) {
      const GradientLabPoint point = run_gradient_lab(s, k);
      const CosineMuVariances v = cosine_mu_variances(s.mu, sigma, k);
      CAPTURE(sigma);
      CAPTURE(k);
      CHECK(close_relative(point.at(GradientEstimator::Pathwise, GaussianParameter::Mu).exact_variance, v.pathwise, 1e-9));
      CHECK(close_relative(point.at(GradientEstimator::ScoreFunction, GaussianParameter::Mu).exact_variance, v.score, 1e-9));
    }
  }
}

TEST_CASE("estimators: exp variances match their closed forms up to the largest resolved k") {
  // Second moments hold a bump exp(-2k x^2) of width ~1/(2 sigma sqrt(k)) in eps; check up to
  // max_resolved_k, with the bump in the middle and in the tail (|mu|/sigma up to 8), 1e-9 relative.
  for (double sigma : {0.5, 1.0, 2.0})
    for (double mu_over_sigma : {0.0, 1.0, 8.0}) {
      const GradientLabSettings s{CostKind::Bump, mu_over_sigma * sigma, sigma, 0, 1};
      const double k_max = max_resolved_k(CostKind::Bump, sigma);
      for (double k : {0.1 * k_max, 0.5 * k_max, k_max}) {
        const GradientLabPoint point = run_gradient_lab(s, k);
        const BumpMuVariances v = bump_mu_variances(s.mu, sigma, k);
        CAPTURE(sigma);
        CAPTURE(s.mu);
        CAPTURE(k);
        CHECK(close_relative(point.at(GradientEstimator::Pathwise, GaussianParameter::Mu).exact_variance, v.pathwise, 1e-9));
        CHECK(close_relative(point.at(GradientEstimator::ScoreFunction, GaussianParameter::Mu).exact_variance, v.score, 1e-9));
      }
    }
}

TEST_CASE("estimators: the optimal baseline removes exactly b*^2 E[s^2] of variance") {
  // Var((f - b) s) = Var(f s) - 2b E[f s^2] + b^2 E[s^2], which at b* = E[f s^2]/E[s^2] is
  // Var(f s) - b*^2 E[s^2]: an identity, so only rounding separates the two sides.
  for (CostKind kind : {CostKind::Quadratic, CostKind::Bump, CostKind::Cosine}) {
    const GradientLabSettings s{kind, 0.9, 0.8, 0, 1};
    const GradientLabPoint point = run_gradient_lab(s, 1.2);
    for (GaussianParameter p : kGaussianParameters) {
      const auto& plain = point.at(GradientEstimator::ScoreFunction, p);
      const auto& baselined = point.at(GradientEstimator::ScoreFunctionWithBaseline, p);
      const double b = baselined.exact_baseline;
      CAPTURE(cost_kind_name(kind));
      CAPTURE(gaussian_parameter_name(p));
      CHECK(baselined.exact_variance <= plain.exact_variance);
      CHECK(std::abs(baselined.exact_variance - (plain.exact_variance - b * b * fisher_information(p, s.sigma))) <
            1e-10 * plain.exact_variance);
    }
  }
}

TEST_CASE("estimators: every estimator is unbiased (sample mean within 5 standard errors)") {
  // 20000 draws, seed fixed. Tolerance: 5 standard errors of the mean, sqrt(Var/N) with the
  // exact Var; a correct estimator lands outside with probability ~6e-7 per check by the CLT.
  // The baselined estimator uses a fitted b; given b it is unbiased with variance
  // Var* + (b - b*)^2 E[s^2], which is what its standard error uses.
  const int n = 20000;
  struct Case {
    CostKind kind;
    double k;
  };
  for (Case c : {Case{CostKind::Quadratic, -0.5}, Case{CostKind::Bump, 1.0}, Case{CostKind::Cosine, 2.0}}) {
    const GradientLabSettings s{c.kind, 0.7, 1.3, n, 12345};
    const GradientLabPoint point = run_gradient_lab(s, c.k);
    for (GradientEstimator e : kGradientEstimators)
      for (GaussianParameter p : kGaussianParameters) {
        const EstimatorStatistics& stats = point.at(e, p);
        double variance = stats.exact_variance;
        if (e == GradientEstimator::ScoreFunctionWithBaseline)
          variance += std::pow(stats.empirical_baseline - stats.exact_baseline, 2) * fisher_information(p, s.sigma);
        const double standard_error = std::sqrt(variance / n);
        CAPTURE(cost_kind_name(c.kind));
        CAPTURE(gradient_estimator_name(e));
        CAPTURE(gaussian_parameter_name(p));
        CAPTURE(stats.empirical_mean);
        CAPTURE(stats.exact_gradient);
        REQUIRE(standard_error > 0.0);
        CHECK(std::abs(stats.empirical_mean - stats.exact_gradient) < 5.0 * standard_error);
      }
  }
}

TEST_CASE("estimators: the fitted baseline keeps the estimator unbiased even at 4 draws") {
  // Fitting b on the draws it is then used with would bias the mean by O(1/N) (a factor ~2 at
  // N = 4 here); fitting it on an independent batch does not. Average the 4-draw estimate over
  // 2000 seeds; tolerance 5 standard errors of that average (its spread across seeds / sqrt(2000)).
  const int repeats = 2000;
  for (GaussianParameter p : kGaussianParameters) {
    double sum = 0.0, sum_squares = 0.0, exact = 0.0;
    for (int r = 0; r < repeats; ++r) {
      const GradientLabPoint point = run_gradient_lab({CostKind::Quadratic, 1.0, 1.0, 4, uint64_t(r + 1)}, 0.5);
      const EstimatorStatistics& stats = point.at(GradientEstimator::ScoreFunctionWithBaseline, p);
      sum += stats.empirical_mean;
      sum_squares += stats.empirical_mean * stats.empirical_mean;
      exact = stats.exact_gradient;
    }
    const double mean = sum / repeats;
    const double standard_error = std::sqrt((sum_squares / repeats - mean * mean) / (repeats - 1));
    CAPTURE(gaussian_parameter_name(p));
    CAPTURE(mean);
    CHECK(std::abs(mean - exact) < 5.0 * standard_error);
  }
}

TEST_CASE("estimators: sample variances agree with the closed form for the quadratic cost") {
  // 200000 draws, seed fixed. The sample variance of N draws has standard error
  // sqrt((m4 - v^2) / N), m4 the central fourth moment, here exact: m4 integrates a polynomial
  // of degree <= 16 in eps, which a 20-node rule does exactly. Tolerance 6 standard errors:
  // these estimators are heavy-tailed (the score for sigma is quartic in eps), so the sample
  // variance is skewed and a normal-theory 5 would be too tight for the tail it actually has.
  const int n = 200000;
  const GaussHermiteRule rule = make_gauss_hermite_rule(20);
  const GradientLabSettings s{CostKind::Quadratic, 0.5, 1.5, n, 2024};
  const double k = -1.0;
  const GradientLabPoint point = run_gradient_lab(s, k);
  const QuadraticCostVariances v = quadratic_cost_variances(s.mu, s.sigma, k);
  const Cost cost{CostKind::Quadratic, k};
  const double closed[2][2] = {{v.pathwise_mu, v.pathwise_sigma}, {v.score_mu, v.score_sigma}};
  for (GradientEstimator e : {GradientEstimator::Pathwise, GradientEstimator::ScoreFunction})
    for (GaussianParameter p : kGaussianParameters) {
      const EstimatorStatistics& stats = point.at(e, p);
      const double m4 = gaussian_expectation(rule, 0.0, 1.0, [&](double eps) {
        return std::pow(single_sample_gradient(e, p, cost, s.mu, s.sigma, eps) - stats.exact_gradient, 4);
      });
      const double variance = closed[int(e)][int(p)];
      const double standard_error = std::sqrt((m4 - variance * variance) / n);
      CAPTURE(gradient_estimator_name(e));
      CAPTURE(gaussian_parameter_name(p));
      CAPTURE(stats.empirical_variance);
      CAPTURE(variance);
      CAPTURE(standard_error);
      CHECK(std::abs(stats.empirical_variance - variance) < 6.0 * standard_error);
    }
}

TEST_CASE("estimators: for cos with large k the pathwise estimator has the larger variance") {
  // The lecture's point: pathwise is not always lower-variance. At mu = sigma = 1 its variance
  // for mu is ~k^2/2 (f' = -k sin(kx)) while the score function's stays ~1/2; the closed forms
  // cross once, at k = 1.0638 (bisection on cosine_mu_variances).
  const GradientLabSettings s{CostKind::Cosine, 1.0, 1.0, 100000, 7};
  auto variances = [&](double k) {
    const GradientLabPoint point = run_gradient_lab(s, k);
    return std::pair{point.at(GradientEstimator::Pathwise, GaussianParameter::Mu),
                     point.at(GradientEstimator::ScoreFunction, GaussianParameter::Mu)};
  };
  const auto [pathwise5, score5] = variances(5.0);
  CHECK(pathwise5.exact_variance == doctest::Approx(12.5).epsilon(1e-6));
  CHECK(score5.exact_variance == doctest::Approx(0.5).epsilon(1e-6));
  CHECK(pathwise5.exact_variance > 20.0 * score5.exact_variance);
  // The samples say so too (a 25x gap leaves no room for sampling noise at 100000 draws).
  CHECK(pathwise5.empirical_variance > 20.0 * score5.empirical_variance);

  const auto [pathwise_small, score_small] = variances(0.5);
  CHECK(pathwise_small.exact_variance < score_small.exact_variance);

  // The crossover: find it by bisection on the closed forms, then confirm the lab's quadrature
  // changes order across it.
  double lo = 0.5, hi = 2.0;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    const CosineMuVariances v = cosine_mu_variances(1.0, 1.0, mid);
    (v.pathwise < v.score ? lo : hi) = mid;
  }
  CHECK(lo == doctest::Approx(1.0638).epsilon(1e-4));
  const auto [pathwise_below, score_below] = variances(lo - 1e-3);
  const auto [pathwise_above, score_above] = variances(lo + 1e-3);
  CHECK(pathwise_below.exact_variance < score_below.exact_variance);
  CHECK(pathwise_above.exact_variance > score_above.exact_variance);
}

TEST_CASE("estimators: a sweep reuses the same draws at every k and matches single runs") {
  const GradientLabSettings s{CostKind::Cosine, 0.2, 0.9, 500, 99};
  const std::vector<double> ks = evenly_spaced(0.0, 4.0, 9);
  REQUIRE(ks.size() == 9);
  CHECK(ks.back() == 4.0);
  const std::vector<GradientLabPoint> sweep = sweep_gradient_lab(s, ks);
  REQUIRE(sweep.size() == ks.size());
  for (size_t i = 0; i < ks.size(); ++i) {
    const GradientLabPoint single = run_gradient_lab(s, ks[i]);
    for (GradientEstimator e : kGradientEstimators)
      for (GaussianParameter p : kGaussianParameters) {
        CHECK(sweep[i].at(e, p).empirical_mean == single.at(e, p).empirical_mean);
        CHECK(sweep[i].at(e, p).empirical_variance == single.at(e, p).empirical_variance);
      }
  }
  // Another seed gives other draws.
  GradientLabSettings other = s;
  other.seed = 100;
  CHECK(run_gradient_lab(other, 2.0).at(GradientEstimator::ScoreFunction, GaussianParameter::Mu).empirical_mean !=
        sweep[4].at(GradientEstimator::ScoreFunction, GaussianParameter::Mu).empirical_mean);
  // samples = 0: exact numbers only.
  const GradientLabPoint exact_only = run_gradient_lab({CostKind::Cosine, 0.2, 0.9, 0, 1}, 2.0);
  CHECK(std::isnan(exact_only.at(GradientEstimator::Pathwise, GaussianParameter::Mu).empirical_mean));
  CHECK(exact_only.at(GradientEstimator::Pathwise, GaussianParameter::Mu).exact_variance ==
        sweep[4].at(GradientEstimator::Pathwise, GaussianParameter::Mu).exact_variance);
}

TEST_CASE("estimators: bad settings are refused with a message") {
  const GradientLabSettings good{CostKind::Cosine, 1.0, 1.0, 100, 1};
  CHECK_NOTHROW(validate_gradient_lab(good, 3.0));
  GradientLabSettings bad = good;
  bad.sigma = 0.0;
  CHECK_THROWS_WITH_AS(validate_gradient_lab(bad, 1.0), doctest::Contains("sigma must be > 0"), std::invalid_argument);
  bad = good;
  bad.samples = 1;
  CHECK_THROWS_AS(validate_gradient_lab(bad, 1.0), std::invalid_argument);
  bad = good;
  bad.mu = std::nan("");
  CHECK_THROWS_AS(validate_gradient_lab(bad, 1.0), std::invalid_argument);
  CHECK_THROWS_WITH_AS(validate_gradient_lab(good, 100.0), doctest::Contains("quadrature resolves"),
                       std::invalid_argument);
  bad = good;
  bad.cost = CostKind::Bump;
  CHECK_THROWS_WITH_AS(validate_gradient_lab(bad, -0.5), doctest::Contains("k >= 0"), std::invalid_argument);
  const double ks[] = {1.0, 1e6};
  CHECK_THROWS_AS(sweep_gradient_lab(good, ks), std::invalid_argument);
  CHECK_FALSE(parse_cost_kind("sin").has_value());
  CHECK(parse_cost_kind("exp") == CostKind::Bump);
}
