// Gauss-Hermite quadrature: nodes and weights for the weight exp(-x^2), and
// expectations under N(mu, sigma^2) computed with them (the "exact" numbers of the gradient lab).
#pragma once
#include <cmath>
#include <vector>

namespace latent {

// integral exp(-x^2) h(x) dx ~= sum_i weights[i] h(nodes[i]); exact for polynomials
// h of degree < 2n. Nodes ascend.
struct GaussHermiteRule {
  std::vector<double> nodes, weights;
  int size() const { return int(nodes.size()); }
};

inline constexpr int kMaxGaussHermiteNodes = 1000;

// The n-point rule, 1 <= n <= kMaxGaussHermiteNodes (throws std::invalid_argument otherwise).
// Every weight is accurate to a few ulps relative, even the tiny ones at the outer nodes
// (those below ~1e-308 underflow to 0), so integrands that grow polynomially there stay accurate.
GaussHermiteRule make_gauss_hermite_rule(int n);

// E_{x ~ N(mu, sigma^2)}[h(x)] = (1/sqrt(pi)) sum_i w_i h(mu + sqrt(2) sigma x_i).
template <class Function>
double gaussian_expectation(const GaussHermiteRule& rule, double mu, double sigma, Function&& h) {
  const double scale = std::sqrt(2.0) * sigma;
  double sum = 0.0;
  for (int i = 0; i < rule.size(); ++i) sum += rule.weights[i] * h(mu + scale * rule.nodes[i]);
  return sum / std::sqrt(M_PI);
}

}  // namespace latent
