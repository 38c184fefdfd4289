// Gauss-Hermite rules: Golub-Welsch eigenvalues for the nodes, polished by Newton
// steps on the orthonormal Hermite recurrence in long double, which also gives the weights.
#include "core/math/gauss_hermite.hpp"

#include <Eigen/Eigenvalues>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace latent {

namespace {

// Orthonormal Hermite polynomials (weight exp(-x^2)):
//   p_j = sqrt(2/j) x p_{j-1} - sqrt((j-1)/j) p_{j-2},  p_0 = pi^(-1/4).
// Orthonormal rather than physicists' H_n so nothing overflows: p_n(x) ~ exp(x^2/2) stays
// below 1e440 for n <= 1000, well inside long double's range.
class OrthonormalHermite {
 public:
  explicit OrthonormalHermite(int n) : a_(size_t(n) + 1), b_(size_t(n) + 1) {
    for (int j = 1; j <= n; ++j) {
      a_[size_t(j)] = std::sqrt(2.0L / j);
      b_[size_t(j)] = std::sqrt((j - 1.0L) / j);
    }
  }
  int degree() const { return int(a_.size()) - 1; }

  // p_n(x) and p_{n-1}(x).
  std::pair<long double, long double> at(long double x) const {
    long double p_previous = 0.0L;
    long double p = 0.7511255444649424828587030047762276930510L;  // pi^(-1/4)
    for (size_t j = 1; j < a_.size(); ++j) {
      const long double next = a_[j] * x * p - b_[j] * p_previous;
      p_previous = p;
      p = next;
    }
    return {p, p_previous};
  }

 private:
  std::vector<long double> a_, b_;  // recurrence coefficients, computed once per rule
};

}  // namespace

GaussHermiteRule make_gauss_hermite_rule(int n) {
  if (n < 1 || n > kMaxGaussHermiteNodes)
    throw std::invalid_argument("Gauss-Hermite rule needs 1.." + std::to_string(kMaxGaussHermiteNodes) +
                                " nodes, got " + std::to_string(n));
  // Jacobi matrix of the Hermite recurrence: zero diagonal, sqrt(j/2) off it. Its
  // eigenvalues are the nodes to about 1e-15 * |largest node|; the eigenvectors would give
  // the weights only to absolute (not relative) precision, so Newton gives both instead.
  Eigen::VectorXd diagonal = Eigen::VectorXd::Zero(n), off_diagonal(std::max(n - 1, 0));
  for (int j = 1; j < n; ++j) off_diagonal[j - 1] = std::sqrt(0.5 * j);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
  solver.computeFromTridiagonal(diagonal, off_diagonal, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) throw std::runtime_error("Gauss-Hermite: eigenvalue solver did not converge");

  const OrthonormalHermite hermite(n);
  const long double derivative_factor = std::sqrt(2.0L * n);  // p_n' = sqrt(2n) p_{n-1}
  GaussHermiteRule rule;
  rule.nodes.resize(n);
  rule.weights.resize(n);
  // The rule is symmetric: polish the non-negative half and mirror it, which also makes odd
  // moments vanish to rounding.
  for (int i = n / 2; i < n; ++i) {
    long double x = n % 2 == 1 && i == n / 2 ? 0.0L : std::abs((long double)solver.eigenvalues()[i]);
    // The start is within ~1e-14 of the root, so Newton converges in one or two steps.
    for (int step = 0; step < 3 && x != 0.0L; ++step) {
      const auto [p_n, p_n_minus_1] = hermite.at(x);
      x -= p_n / (derivative_factor * p_n_minus_1);
    }
    // Christoffel weight 1 / sum_j p_j(x)^2 = 2 / p_n'(x)^2 at a root.
    const long double derivative = derivative_factor * hermite.at(x).second;
    rule.nodes[size_t(i)] = double(x);
    rule.nodes[size_t(n - 1 - i)] = -double(x);
    rule.weights[size_t(i)] = rule.weights[size_t(n - 1 - i)] = double(2.0L / (derivative * derivative));
  }
  return rule;
}

}  // namespace latent
