// Costs of the gradient lab and their Gaussian expectations in closed form.
#include "core/estimators/gaussian_costs.hpp"

#include <cmath>

namespace latent {

double Cost::value(double x) const {
  switch (kind) {
    case CostKind::Quadratic: return (x - k) * (x - k);
    case CostKind::Bump: return std::exp(-k * x * x);
    case CostKind::Cosine: return std::cos(k * x);
  }
  return 0.0;
}

double Cost::derivative(double x) const {
  switch (kind) {
    case CostKind::Quadratic: return 2.0 * (x - k);
    case CostKind::Bump: return -2.0 * k * x * std::exp(-k * x * x);
    case CostKind::Cosine: return -k * std::sin(k * x);
  }
  return 0.0;
}

CostAndSlope Cost::evaluate(double x) const {
  switch (kind) {
    case CostKind::Quadratic: return {(x - k) * (x - k), 2.0 * (x - k)};
    case CostKind::Bump: {
      const double f = std::exp(-k * x * x);
      return {f, -2.0 * k * x * f};
    }
    case CostKind::Cosine: return {std::cos(k * x), -k * std::sin(k * x)};
  }
  return {0.0, 0.0};
}

std::optional<CostKind> parse_cost_kind(std::string_view name) {
  if (name == "quadratic") return CostKind::Quadratic;
  if (name == "exp") return CostKind::Bump;
  if (name == "cos") return CostKind::Cosine;
  return std::nullopt;
}

const char* cost_kind_name(CostKind kind) {
  switch (kind) {
    case CostKind::Quadratic: return "quadratic";
    case CostKind::Bump: return "exp";
    case CostKind::Cosine: return "cos";
  }
  return "?";
}

const char* cost_formula(CostKind kind) {
  switch (kind) {
    case CostKind::Quadratic: return "(x-k)^2";
    case CostKind::Bump: return "exp(-k x^2)";
    case CostKind::Cosine: return "cos(k x)";
  }
  return "?";
}

ExpectedCost expected_cost_closed_form(const Cost& cost, double mu, double sigma) {
  const double k = cost.k;
  switch (cost.kind) {
    case CostKind::Quadratic: {
      const double d = mu - k;
      return {d * d + sigma * sigma, 2.0 * d, 2.0 * sigma};
    }
    case CostKind::Bump: {
      // E = a^(-1/2) exp(-k mu^2 / a) with a = 1 + 2 k sigma^2; differentiate log E.
      const double a = 1.0 + 2.0 * k * sigma * sigma;
      const double value = std::exp(-k * mu * mu / a) / std::sqrt(a);
      return {value, value * (-2.0 * k * mu / a), value * (2.0 * k * sigma / a) * (2.0 * k * mu * mu / a - 1.0)};
    }
    case CostKind::Cosine: {
      // E = cos(k mu) exp(-k^2 sigma^2 / 2), the real part of the characteristic function.
      const double damping = std::exp(-0.5 * k * k * sigma * sigma);
      return {std::cos(k * mu) * damping, -k * std::sin(k * mu) * damping, -k * k * sigma * std::cos(k * mu) * damping};
    }
  }
  return {0.0, 0.0, 0.0};
}

QuadraticCostVariances quadratic_cost_variances(double mu, double sigma, double k) {
  const double d = mu - k, d2 = d * d, s2 = sigma * sigma;
  return {
      4.0 * s2,
      4.0 * d2 + 8.0 * s2,
      (d2 * d2 + 18.0 * d2 * s2 + 15.0 * s2 * s2) / s2 - 4.0 * d2,
      (2.0 * d2 * d2 + 60.0 * d2 * s2 + 78.0 * s2 * s2) / s2 - 4.0 * s2,
  };
}

}  // namespace latent
