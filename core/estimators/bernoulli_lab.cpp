// Exact figures: closed forms for REINFORCE (z takes two values), and for the
// relaxation a quadrature over its logistic noise L, in the variable
// s = (logit theta + L) / tau that puts the integrand's peak at s = 0 with
// unit width whatever tau is.
#include "core/estimators/bernoulli_lab.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/math/rng.hpp"

namespace latent {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double cost(double z, double t) { return (z - t) * (z - t); }
double score(double z, double theta) { return z / theta - (1.0 - z) / (1.0 - theta); }

// The relaxed estimators as functions of s: g(s).
double relaxed_gradient(DiscreteEstimator e, const BernoulliLabSettings& p, double s) {
  const double x = sigmoid(s);
  const double dx_dtheta = x * (1.0 - x) / (p.temperature * p.theta * (1.0 - p.theta));
  const double at = e == DiscreteEstimator::Concrete ? x : (s > 0.0 ? 1.0 : 0.0);  // where f' is taken
  return 2.0 * (at - p.target) * dx_dtheta;
}

// Mean and variance of a relaxed estimator: s = (a + L)/tau has density
// tau p_L(tau s - a), p_L(l) = sigma(l) sigma(-l). g carries sigma(s)
// sigma(-s) < e^-|s|, so |s| <= 60 loses less than 1e-24; the trapezoid rule
// on a smooth decaying integrand converges fast, and a step of 1/400 resolves
// the density even at tau = 10 (width 1/tau in s). The straight-through
// jump at s = 0 falls on a node, where the trapezoid rule stays second order.
std::pair<double, double> relaxed_moments(DiscreteEstimator e, const BernoulliLabSettings& p) {
  const double a = std::log(p.theta / (1.0 - p.theta));
  const int half = 24000;
  const double h = 60.0 / half;
  double mean = 0.0, square = 0.0;
  for (int i = -half; i <= half; ++i) {
    const double s = i * h, l = p.temperature * s - a;
    double weight = h * p.temperature * sigmoid(l) * sigmoid(-l);
    if (i == -half || i == half) weight *= 0.5;
    // The straight-through jump at s = 0 falls on this node: each side's value
    // (f' at z = 0 and at z = 1) counts half.
    const bool jump = i == 0 && e == DiscreteEstimator::StraightThrough;
    const double left = jump ? relaxed_gradient(e, p, -0.0) : relaxed_gradient(e, p, s);
    const double right = jump ? relaxed_gradient(e, p, std::numeric_limits<double>::min()) : left;
    mean += weight * 0.5 * (left + right);
    square += weight * 0.5 * (left * left + right * right);
  }
  return {mean, square - mean * mean};
}

DiscreteEstimatorStatistics exact(DiscreteEstimator e, const BernoulliLabSettings& p) {
  const double theta = p.theta, f1 = cost(1.0, p.target), f0 = cost(0.0, p.target);
  switch (e) {
    case DiscreteEstimator::Reinforce:
      // E[g^2] = theta (f1/theta)^2 + (1-theta) (f0/(1-theta))^2
      return {f1 - f0, f1 * f1 / theta + f0 * f0 / (1.0 - theta) - (f1 - f0) * (f1 - f0)};
    case DiscreteEstimator::ReinforceWithBaseline:
      // With b*, both outcomes give f1 - f0 exactly: one bit's REINFORCE is
      // made exact by a constant; a fitted b adds (b* - b)^2 E[s^2].
      return {f1 - f0, 0.0};
    default: {
      const auto [mean, variance] = relaxed_moments(e, p);
      return {mean, variance};
    }
  }
}

std::vector<double> uniforms(int count, Rng& rng) {
  std::vector<double> u(size_t(std::max(count, 0)));
  for (double& x : u) {
    do x = rng.uniform();
    while (x <= 0.0);  // (0, 1): log u and log(1 - u) stay finite
  }
  return u;
}

BernoulliLabResult evaluate(const BernoulliLabSettings& p, const std::vector<double>& draws,
                            const std::vector<double>& baseline_draws) {
  validate_bernoulli_lab(p);
  BernoulliLabResult r;
  const double f1 = cost(1.0, p.target), f0 = cost(0.0, p.target);
  r.true_gradient = f1 - f0;
  r.optimal_baseline = (1.0 - p.theta) * f1 + p.theta * f0;
  for (DiscreteEstimator e : kDiscreteEstimators) r.statistics[int(e)] = exact(e, p);
  if (draws.empty()) return r;
  // b fitted on independent draws, so the baselined estimator stays unbiased.
  double fs2 = 0.0, s2 = 0.0;
  for (double u : baseline_draws) {
    const double z = u > 1.0 - p.theta ? 1.0 : 0.0, s = score(z, p.theta);
    fs2 += cost(z, p.target) * s * s;
    s2 += s * s;
  }
  r.fitted_baseline = fs2 / s2;
  for (DiscreteEstimator e : kDiscreteEstimators) {
    double sum = 0.0, sum_sq = 0.0;
    for (double u : draws) {
      const double g = discrete_single_sample(e, p, u, r.fitted_baseline);
      sum += g;
      sum_sq += g * g;
    }
    const double n = double(draws.size()), mean = sum / n;
    auto& s = r.statistics[int(e)];
    s.empirical_mean = mean;
    s.empirical_variance = std::max(0.0, (sum_sq - n * mean * mean) / (n - 1.0));
  }
  return r;
}

template <class Set>
std::vector<BernoulliLabResult> sweep(const BernoulliLabSettings& settings, std::span<const double> values, Set set) {
  Rng rng(settings.seed);
  const std::vector<double> draws = uniforms(settings.samples, rng), baseline = uniforms(settings.samples, rng);
  std::vector<BernoulliLabResult> out;
  for (double v : values) {
    BernoulliLabSettings p = settings;
    set(p, v);
    out.push_back(evaluate(p, draws, baseline));
  }
  return out;
}

}  // namespace

const char* discrete_estimator_name(DiscreteEstimator e) {
  switch (e) {
    case DiscreteEstimator::Reinforce: return "REINFORCE";
    case DiscreteEstimator::ReinforceWithBaseline: return "REINFORCE + baseline";
    case DiscreteEstimator::Concrete: return "Concrete relaxation";
    case DiscreteEstimator::StraightThrough: return "straight-through";
  }
  return "?";
}

const char* discrete_estimator_key(DiscreteEstimator e) {
  switch (e) {
    case DiscreteEstimator::Reinforce: return "reinforce";
    case DiscreteEstimator::ReinforceWithBaseline: return "reinforce_baseline";
    case DiscreteEstimator::Concrete: return "concrete";
    case DiscreteEstimator::StraightThrough: return "straight_through";
  }
  return "?";
}

void validate_bernoulli_lab(const BernoulliLabSettings& p) {
  auto fail = [](const std::string& m) { throw std::invalid_argument(m); };
  if (!(p.theta >= 0.001 && p.theta <= 0.999))
    fail("theta must be in [0.001, 0.999], the probability that z = 1 (got " + std::to_string(p.theta) + ")");
  if (!(std::abs(p.target) <= 10.0)) fail("t must be in [-10, 10] (got " + std::to_string(p.target) + ")");
  if (!(p.temperature >= 0.01 && p.temperature <= 10.0))
    fail("the temperature tau must be in [0.01, 10] (got " + std::to_string(p.temperature) + ")");
  if (p.samples < 0 || p.samples == 1 || p.samples > 10'000'000)
    fail("samples must be 0 (exact numbers only) or 2..10000000 (got " + std::to_string(p.samples) + ")");
}

double discrete_single_sample(DiscreteEstimator e, const BernoulliLabSettings& p, double u, double b) {
  const double z = u > 1.0 - p.theta ? 1.0 : 0.0;
  switch (e) {
    case DiscreteEstimator::Reinforce: return cost(z, p.target) * score(z, p.theta);
    case DiscreteEstimator::ReinforceWithBaseline: return (cost(z, p.target) - b) * score(z, p.theta);
    default: {
      const double s = (std::log(p.theta / (1.0 - p.theta)) + std::log(u) - std::log1p(-u)) / p.temperature;
      return relaxed_gradient(e, p, s);
    }
  }
}

BernoulliLabResult run_bernoulli_lab(const BernoulliLabSettings& settings) {
  const double one[] = {settings.temperature};
  return sweep_bernoulli_temperature(settings, one).front();
}

std::vector<BernoulliLabResult> sweep_bernoulli_temperature(const BernoulliLabSettings& settings,
                                                            std::span<const double> temperatures) {
  return sweep(settings, temperatures, [](BernoulliLabSettings& p, double v) { p.temperature = v; });
}

std::vector<BernoulliLabResult> sweep_bernoulli_target(const BernoulliLabSettings& settings,
                                                       std::span<const double> targets) {
  return sweep(settings, targets, [](BernoulliLabSettings& p, double v) { p.target = v; });
}

}  // namespace latent
