// The costs f(x) of the 1-D Gaussian gradient lab (Mohamed et al. 2020, sec. 3): values,
// derivatives, and the closed forms of E[f] and its gradient under x ~ N(mu, sigma^2).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace latent {

enum class CostKind {
  Quadratic,  // (x - k)^2: smooth and slowly varying; the pathwise estimator's home ground
  Bump,       // exp(-k x^2): a bump of width ~1/sqrt(k) at 0, k >= 0
  Cosine,     // cos(k x): varies quickly for large k, where pathwise gradients get noisy
};

struct CostAndSlope {
  double value, derivative;
};

struct Cost {
  CostKind kind = CostKind::Quadratic;
  double k = 0.0;

  double value(double x) const;
  double derivative(double x) const;
  // Both at once, sharing the one exp or sincos: sweeps spend most of their time here.
  CostAndSlope evaluate(double x) const;
};

// "quadratic", "exp", "cos" (what the command line accepts) and back; formula like "(x-k)^2".
std::optional<CostKind> parse_cost_kind(std::string_view name);
const char* cost_kind_name(CostKind kind);
const char* cost_formula(CostKind kind);

// Closed forms under x ~ N(mu, sigma^2): E[f], d/dmu E[f], d/dsigma E[f].
struct ExpectedCost {
  double value, d_mu, d_sigma;
};
ExpectedCost expected_cost_closed_form(const Cost& cost, double mu, double sigma);

// Variances of the single-sample pathwise and score-function estimators for the quadratic
// cost, from the table in references.md (d = mu - k). Used to check the quadrature.
struct QuadraticCostVariances {
  double pathwise_mu, pathwise_sigma, score_mu, score_sigma;
};
QuadraticCostVariances quadratic_cost_variances(double mu, double sigma, double k);

}  // namespace latent
