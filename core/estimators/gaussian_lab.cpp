// Exact (quadrature) and sampled statistics of the three gradient estimators, swept over k.
#include "core/estimators/gaussian_lab.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/math/gauss_hermite.hpp"
#include "core/math/rng.hpp"

namespace latent {

namespace {

// Nodes for every exact number. The variances integrate g^2 over eps ~ N(0, 1), which is
//  - for (x-k)^2: a polynomial of degree <= 8, exact for any rule of >= 5 nodes;
//  - for cos(k x): a polynomial of degree <= 4 times cos or sin^2 of k(mu + sigma eps), which
//    oscillates at frequency 2 k sigma in eps;
//  - for exp(-k x^2): a polynomial times exp(-2k (mu + sigma eps)^2), a bump of width
//    ~1/(2 sigma sqrt(k)) in eps.
// 400 nodes are spaced ~0.16 apart in the middle. Against a trapezoid rule with step 4e-4 on
// [-60, 60] (spectrally accurate here), their relative error is below 3e-12 for cos up to
// k sigma = 16 (4e-6 at 17) and below 6e-11 for exp up to k sigma^2 = 6 (4e-8 at 8), for
// |mu|/sigma from 0 to 20. max_resolved_k keeps inside that (cos: 15, exp: 6); 160 nodes
// would stop at k sigma ~ 8 and k sigma^2 ~ 2. The rule is built once (~5 ms of CPU).
constexpr int kQuadratureNodes = 400;
constexpr double kMaxCosineFrequency = 15.0;  // k sigma
constexpr double kMaxBumpSharpness = 6.0;     // k sigma^2

// The rule in eps space: E_{eps ~ N(0, 1)}[h] = sum_i weight[i] h(eps[i]).
struct StandardNormalRule {
  std::vector<double> eps, weight;
};

const StandardNormalRule& standard_normal_rule() {
  static const StandardNormalRule rule = [] {
    const GaussHermiteRule gh = make_gauss_hermite_rule(kQuadratureNodes);
    StandardNormalRule r;
    for (int i = 0; i < gh.size(); ++i) {
      r.eps.push_back(std::sqrt(2.0) * gh.nodes[i]);
      r.weight.push_back(gh.weights[i] / std::sqrt(M_PI));
    }
    return r;
  }();
  return rule;
}

// d log N(x; mu, sigma) / dtheta at x = mu + sigma eps.
inline double score(GaussianParameter p, double sigma, double eps) {
  return (p == GaussianParameter::Mu ? eps : eps * eps - 1.0) / sigma;
}

// E[s^2]: the Fisher information of N(mu, sigma^2) for mu and for sigma.
double mean_squared_score(GaussianParameter p, double sigma) {
  return (p == GaussianParameter::Mu ? 1.0 : 2.0) / (sigma * sigma);
}

struct CostAtPoints {
  std::vector<double> f, f_prime;
};

// f and f' at x = mu + sigma eps for every eps; f' only if asked (the baseline batch needs f alone).
CostAtPoints evaluate_cost(const Cost& cost, double mu, double sigma, const std::vector<double>& eps,
                           bool with_derivative = true) {
  CostAtPoints c;
  c.f.resize(eps.size());
  if (!with_derivative) {
    for (size_t i = 0; i < eps.size(); ++i) c.f[i] = cost.value(mu + sigma * eps[i]);
    return c;
  }
  c.f_prime.resize(eps.size());
  for (size_t i = 0; i < eps.size(); ++i) {
    const CostAndSlope v = cost.evaluate(mu + sigma * eps[i]);
    c.f[i] = v.value;
    c.f_prime[i] = v.derivative;
  }
  return c;
}

// g[i] = one draw of estimator e at eps[i], from f and f' there: the only place the
// estimators' formulas live. Branch-free inside, so the loops vectorize.
void gradients_at(GradientEstimator e, GaussianParameter p, double sigma, const std::vector<double>& eps,
                  const CostAtPoints& c, double baseline, std::vector<double>& g) {
  const size_t n = eps.size();
  g.resize(n);
  const bool for_mu = p == GaussianParameter::Mu;
  if (e == GradientEstimator::Pathwise) {
    // f'(x) dx/dtheta with dx/dmu = 1, dx/dsigma = eps.
    for (size_t i = 0; i < n; ++i) g[i] = c.f_prime[i] * (for_mu ? 1.0 : eps[i]);
    return;
  }
  // (f(x) - b) dlog N/dtheta.
  const double b = e == GradientEstimator::ScoreFunctionWithBaseline ? baseline : 0.0;
  for (size_t i = 0; i < n; ++i) g[i] = (c.f[i] - b) * score(p, sigma, eps[i]);
}

// Fills the exact fields of every (estimator, parameter) at one k. The sums below are
// `omp simd` reductions: summed in vector lanes rather than one long dependent chain, which
// makes a 100-k sweep several times faster; the order is fixed, so results still reproduce.
void fill_exact(const GradientLabSettings& s, const Cost& cost, GradientLabPoint& point) {
  const StandardNormalRule& rule = standard_normal_rule();
  const CostAtPoints c = evaluate_cost(cost, s.mu, s.sigma, rule.eps);
  const ExpectedCost closed = expected_cost_closed_form(cost, s.mu, s.sigma);
  const size_t n = rule.eps.size();
  std::vector<double> g;
  for (GaussianParameter p : kGaussianParameters) {
    double f_score_squared = 0.0;
#pragma omp simd reduction(+ : f_score_squared)
    for (size_t i = 0; i < n; ++i) {
      const double sc = score(p, s.sigma, rule.eps[i]);
      f_score_squared += rule.weight[i] * c.f[i] * sc * sc;
    }
    const double best_baseline = f_score_squared / mean_squared_score(p, s.sigma);
    for (GradientEstimator e : kGradientEstimators) {
      const double b = e == GradientEstimator::ScoreFunctionWithBaseline ? best_baseline : 0.0;
      gradients_at(e, p, s.sigma, rule.eps, c, b, g);
      // Central moments around the quadrature's own mean, two passes: E[g^2] - (E g)^2 would
      // lose digits to cancellation where the variance is small next to the mean squared.
      double mean = 0.0;
#pragma omp simd reduction(+ : mean)
      for (size_t i = 0; i < n; ++i) mean += rule.weight[i] * g[i];
      double m2 = 0.0;
#pragma omp simd reduction(+ : m2)
      for (size_t i = 0; i < n; ++i) m2 += rule.weight[i] * (g[i] - mean) * (g[i] - mean);
      EstimatorStatistics& out = point.statistics[int(e)][int(p)];
      out.exact_gradient = p == GaussianParameter::Mu ? closed.d_mu : closed.d_sigma;
      out.exact_variance = m2;
      out.exact_baseline = b;
    }
  }
}

// Standard-normal draws shared by every k of a sweep: `estimate` for the estimators, `batch`
// (independent of them) for fitting the baseline.
struct Draws {
  std::vector<double> estimate, batch;
};

Draws draw(const GradientLabSettings& s) {
  Rng rng(s.seed);
  Draws d;
  d.estimate.resize(size_t(s.samples));
  d.batch.resize(size_t(s.samples));
  for (double& e : d.estimate) e = rng.normal();
  for (double& e : d.batch) e = rng.normal();
  return d;
}

void fill_empirical(const GradientLabSettings& s, const Cost& cost, const Draws& draws, GradientLabPoint& point) {
  const CostAtPoints batch = evaluate_cost(cost, s.mu, s.sigma, draws.batch, false);
  const CostAtPoints c = evaluate_cost(cost, s.mu, s.sigma, draws.estimate);
  const size_t n = draws.estimate.size();
  std::vector<double> g;
  for (GaussianParameter p : kGaussianParameters) {
    // b = sum f s^2 / sum s^2 on the batch: the sample version of b* = E[f s^2] / E[s^2].
    // Fitting it on the draws it is used with would correlate b with them and bias the mean.
    double f_score_squared = 0.0, score_squared = 0.0;
#pragma omp simd reduction(+ : f_score_squared, score_squared)
    for (size_t j = 0; j < batch.f.size(); ++j) {
      const double sc = score(p, s.sigma, draws.batch[j]);
      f_score_squared += batch.f[j] * sc * sc;
      score_squared += sc * sc;
    }
    const double fitted_baseline = score_squared > 0.0 ? f_score_squared / score_squared : 0.0;
    for (GradientEstimator e : kGradientEstimators) {
      const double b = e == GradientEstimator::ScoreFunctionWithBaseline ? fitted_baseline : 0.0;
      // Shifted by the exact gradient before summing, so the variance does not cancel
      // catastrophically when the mean is large next to the spread.
      const double shift = point.statistics[int(e)][int(p)].exact_gradient;
      gradients_at(e, p, s.sigma, draws.estimate, c, b, g);
      double sum = 0.0, sum_squares = 0.0;
#pragma omp simd reduction(+ : sum, sum_squares)
      for (size_t i = 0; i < n; ++i) {
        sum += g[i] - shift;
        sum_squares += (g[i] - shift) * (g[i] - shift);
      }
      EstimatorStatistics& out = point.statistics[int(e)][int(p)];
      const double mean_residual = sum / double(n);
      out.empirical_mean = shift + mean_residual;
      out.empirical_variance = (sum_squares - double(n) * mean_residual * mean_residual) / double(n - 1);
      out.empirical_baseline = e == GradientEstimator::ScoreFunctionWithBaseline ? b : 0.0;
    }
  }
}

}  // namespace

const char* gradient_estimator_name(GradientEstimator e) {
  switch (e) {
    case GradientEstimator::Pathwise: return "pathwise";
    case GradientEstimator::ScoreFunction: return "score function";
    case GradientEstimator::ScoreFunctionWithBaseline: return "score function + baseline";
  }
  return "?";
}

const char* gradient_estimator_key(GradientEstimator e) {
  switch (e) {
    case GradientEstimator::Pathwise: return "pathwise";
    case GradientEstimator::ScoreFunction: return "score";
    case GradientEstimator::ScoreFunctionWithBaseline: return "score_baseline";
  }
  return "?";
}

const char* gaussian_parameter_name(GaussianParameter p) { return p == GaussianParameter::Mu ? "mu" : "sigma"; }

double single_sample_gradient(GradientEstimator e, GaussianParameter p, const Cost& cost, double mu, double sigma,
                              double eps, double baseline) {
  const CostAndSlope v = cost.evaluate(mu + sigma * eps);
  std::vector<double> g;
  gradients_at(e, p, sigma, {eps}, CostAtPoints{{v.value}, {v.derivative}}, baseline, g);
  return g[0];
}

double max_resolved_k(CostKind cost, double sigma) {
  switch (cost) {
    case CostKind::Quadratic: return std::numeric_limits<double>::infinity();  // polynomial: always exact
    case CostKind::Bump: return kMaxBumpSharpness / (sigma * sigma);
    case CostKind::Cosine: return kMaxCosineFrequency / sigma;
  }
  return 0.0;
}

void validate_gradient_lab(const GradientLabSettings& s, double k) {
  auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
  auto number = [](double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  };
  if (!std::isfinite(s.mu)) fail("mu must be a finite number (got " + number(s.mu) + ")");
  if (!(s.sigma > 0.0) || !std::isfinite(s.sigma)) fail("sigma must be > 0 (got " + number(s.sigma) + ")");
  if (s.samples < 0 || s.samples == 1)
    fail("samples must be 0 (exact numbers only) or at least 2 for a sample variance (got " +
         std::to_string(s.samples) + ")");
  if (!std::isfinite(k)) fail("k must be a finite number (got " + number(k) + ")");
  if (s.cost == CostKind::Bump && k < 0.0)
    fail("the exp cost needs k >= 0 (got " + number(k) + "): it is a bump; k < 0 would make exp(-k x^2) grow");
  const double k_max = max_resolved_k(s.cost, s.sigma);
  if (std::abs(k) > k_max)
    fail("k = " + number(k) + " is beyond what the quadrature resolves for the " + cost_kind_name(s.cost) +
         " cost at sigma = " + number(s.sigma) + "; use |k| <= " + number(k_max) + " (or a smaller sigma)");
}

std::vector<GradientLabPoint> sweep_gradient_lab(const GradientLabSettings& settings, std::span<const double> ks) {
  for (double k : ks) validate_gradient_lab(settings, k);
  const Draws draws = settings.samples > 0 ? draw(settings) : Draws{};
  std::vector<GradientLabPoint> points(ks.size());
  for (size_t i = 0; i < ks.size(); ++i) {
    const Cost cost{settings.cost, ks[i]};
    points[i].k = ks[i];
    fill_exact(settings, cost, points[i]);
    if (settings.samples > 0) fill_empirical(settings, cost, draws, points[i]);
  }
  return points;
}

GradientLabPoint run_gradient_lab(const GradientLabSettings& settings, double k) {
  const double ks[] = {k};
  return sweep_gradient_lab(settings, ks).front();
}

std::vector<double> evenly_spaced(double from, double to, int steps) {
  if (steps < 1) throw std::invalid_argument("a range needs at least 1 step");
  std::vector<double> values(size_t(steps), from);
  for (int i = 1; i < steps; ++i) values[size_t(i)] = from + (to - from) * double(i) / double(steps - 1);
  return values;
}

KRange default_k_range(const GradientLabSettings& s) {
  switch (s.cost) {
    case CostKind::Quadratic: return {s.mu - 4.0 * s.sigma, s.mu + 4.0 * s.sigma, 81};
    case CostKind::Bump: return {0.0, kMaxBumpSharpness / (s.sigma * s.sigma), 121};
    case CostKind::Cosine: return {0.0, 5.0 / s.sigma, 101};
  }
  return {0.0, 1.0, 2};
}

}  // namespace latent
