// The 1-D Gaussian gradient lab (Mohamed, Rosca, Figurnov, Mnih 2020): pathwise, score-function
// and baselined score-function estimators of d/dtheta E_{N(mu, sigma^2)}[f], exact and sampled.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/estimators/gaussian_costs.hpp"

namespace latent {

enum class GradientEstimator {
  Pathwise,                   // f'(x) dx/dtheta, with x = mu + sigma eps
  ScoreFunction,              // f(x) dlog N(x; mu, sigma)/dtheta
  ScoreFunctionWithBaseline,  // (f(x) - b) dlog N/dtheta, b the variance-minimizing constant
};
enum class GaussianParameter { Mu, Sigma };

inline constexpr std::array<GradientEstimator, 3> kGradientEstimators = {
    GradientEstimator::Pathwise, GradientEstimator::ScoreFunction, GradientEstimator::ScoreFunctionWithBaseline};
inline constexpr std::array<GaussianParameter, 2> kGaussianParameters = {GaussianParameter::Mu,
                                                                         GaussianParameter::Sigma};

const char* gradient_estimator_name(GradientEstimator e);  // for people: "score function + baseline"
const char* gradient_estimator_key(GradientEstimator e);   // for CSV columns: "score_baseline"
const char* gaussian_parameter_name(GaussianParameter p);  // "mu", "sigma"

// One draw of an estimator at x = mu + sigma eps. `baseline` is used by
// ScoreFunctionWithBaseline only.
double single_sample_gradient(GradientEstimator e, GaussianParameter p, const Cost& cost, double mu, double sigma,
                              double eps, double baseline = 0.0);

struct GradientLabSettings {
  CostKind cost = CostKind::Quadratic;
  double mu = 1.0, sigma = 1.0;
  // Draws per estimate; 0 computes the exact numbers only (empirical fields stay NaN).
  int samples = 1000;
  uint64_t seed = 1;
};

// What one (estimator, parameter) pair does at one k.
struct EstimatorStatistics {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  double exact_gradient = 0.0;        // closed form
  double exact_variance = 0.0;        // of one draw, by Gauss-Hermite quadrature
  double exact_baseline = 0.0;        // b* = E[f s^2] / E[s^2] (baselined estimator; else 0)
  double empirical_mean = kNone;      // mean of `samples` draws
  double empirical_variance = kNone;  // their unbiased (n - 1) sample variance
  double empirical_baseline = kNone;  // b used by the draws, fitted on an independent batch
};

struct GradientLabPoint {
  double k = 0.0;
  std::array<std::array<EstimatorStatistics, 2>, 3> statistics{};  // [estimator][parameter]
  const EstimatorStatistics& at(GradientEstimator e, GaussianParameter p) const {
    return statistics[int(e)][int(p)];
  }
};

// Throws std::invalid_argument with a one-line message when the settings or k are out of range
// (sigma <= 0, exp with k < 0, k beyond what the quadrature resolves, ...).
void validate_gradient_lab(const GradientLabSettings& settings, double k);

// Largest |k| for which the quadrature's exact numbers are converged (see gaussian_lab.cpp).
double max_resolved_k(CostKind cost, double sigma);

// Everything at each k: what a "variance against k" plot needs. Validates every k first
// (throws as validate_gradient_lab). Pure functions of their arguments, safe from any thread;
// 100 k with 1000 draws each take a few ms. The empirical numbers use the same standard-normal
// draws at every k (drawn once from the seed), so neighbouring k share their sampling noise
// and the curves come out smooth. The baselined estimator's b is fitted on a second,
// independent batch of `samples` draws, so the estimate stays unbiased.
std::vector<GradientLabPoint> sweep_gradient_lab(const GradientLabSettings& settings, std::span<const double> ks);
GradientLabPoint run_gradient_lab(const GradientLabSettings& settings, double k);

// `steps` evenly spaced values from `from` to `to` inclusive (steps >= 1).
std::vector<double> evenly_spaced(double from, double to, int steps);

// A sweep that shows each cost's story (where pathwise wins and where it loses), scaled to
// sigma and inside max_resolved_k: quadratic mu +- 4 sigma, exp 0..6/sigma^2, cos 0..5/sigma.
struct KRange {
  double from, to;
  int steps;
};
KRange default_k_range(const GradientLabSettings& settings);

}  // namespace latent
