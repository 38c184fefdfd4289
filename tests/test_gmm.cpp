// Tests of the mixture of Gaussians and its EM, each against an independent
// truth: densities against a direct formula and 2-D quadrature, the ELBO
// against log p(x) - KL(q || p(z|x)), the gradient against finite
// differences, EM against its monotonicity, and the fit on the `gaussians`
// toy against the mixture that generated it.
#include <doctest/doctest.h>

#include "points_fixture.hpp"

#include <Eigen/LU>
#include <cmath>

#include "core/data/toy_sets.hpp"
#include "core/models/gmm.hpp"
#include "core/models/gmm_em.hpp"

using namespace latent;
using latent::testing::all_points;

namespace {

constexpr double kPi = 3.14159265358979323846;

// A mixture with unequal weights, shifted means and tilted covariances.
GmmParams tilted_mixture(int k_count, Rng& rng) {
  GmmParams p(k_count);
  for (int k = 0; k < k_count; ++k) {
    p.logits(k) = rng.uniform(-1.0, 1.0);
    p.means.col(k) << rng.uniform(-2.0, 2.0), rng.uniform(-2.0, 2.0);
    p.chol.col(k) << rng.uniform(-1.5, -0.2), rng.uniform(-0.6, 0.6), rng.uniform(-1.5, -0.2);
  }
  return p;
}

Points2 random_points(int n, Rng& rng) {
  Points2 x(2, n);
  for (int i = 0; i < n; ++i) x.col(i) << rng.uniform(-3.0, 3.0), rng.uniform(-3.0, 3.0);
  return x;
}

// The `gaussians` toy's own mixture (core/data/toy_sets.cpp): eight equal
// weights, isotropic sd 0.12, means on a ring of radius sqrt(2 (1 - 0.12^2)).
GmmParams generating_mixture() {
  const double sd = 0.12, radius = std::sqrt(2.0 * (1.0 - sd * sd));
  GmmParams p(8);
  for (int k = 0; k < 8; ++k) {
    p.means.col(k) << radius * std::cos(2.0 * kPi * k / 8.0), radius * std::sin(2.0 * kPi * k / 8.0);
    p.set_covariance(k, sd * sd * Eigen::Matrix2d::Identity());
  }
  return p;
}

double mean_log_lik(const GmmParams& p, const Points2& x) { return log_marginal(gmm_log_joint(p, x)).mean(); }

// Rows of q (K, N) drawn at random and normalized: an arbitrary q(z|x).
Eigen::MatrixXd arbitrary_q(int k_count, Eigen::Index n, Rng& rng) {
  Eigen::MatrixXd q(k_count, n);
  for (Eigen::Index i = 0; i < q.size(); ++i) q.data()[i] = -std::log(rng.uniform() + 1e-300);
  return q.array().rowwise() / q.array().colwise().sum();
}

}  // namespace

TEST_CASE("log p(x, z) of the mixture matches pi_k N(x; mu_k, Sigma_k) written out with the inverse and determinant") {
  Rng rng(3);
  const GmmParams p = tilted_mixture(4, rng);
  const Points2 x = random_points(50, rng);
  const Eigen::MatrixXd joint = gmm_log_joint(p, x);
  const Eigen::VectorXd pi = p.weights();
  for (int k = 0; k < 4; ++k) {
    const Eigen::Matrix2d sigma = p.covariance(k);
    for (Eigen::Index n = 0; n < x.cols(); ++n) {
      const Eigen::Vector2d d = x.col(n) - p.means.col(k);
      // log of pi_k / (2 pi sqrt(det Sigma)) exp(-d^T Sigma^-1 d / 2), taken term by term (far points underflow exp).
      const double log_density = std::log(pi(k)) - std::log(2.0 * kPi) - 0.5 * std::log(sigma.determinant()) -
                                 0.5 * d.dot(sigma.inverse() * d);
      CHECK(joint(k, n) == doctest::Approx(log_density).epsilon(1e-10));
    }
  }
}

TEST_CASE("p(x) integrates to 1 over the plane by 2-D quadrature on a grid") {
  Rng rng(5);
  const GmmParams p = tilted_mixture(3, rng);
  const double h = 0.02, lo = -7.0;
  const int steps = 700;
  Points2 grid(2, steps * steps);
  for (int i = 0; i < steps; ++i)
    for (int j = 0; j < steps; ++j) grid.col(i * steps + j) << lo + (i + 0.5) * h, lo + (j + 0.5) * h;
  const double mass = log_marginal(gmm_log_joint(p, grid)).array().exp().sum() * h * h;
  CHECK(mass == doctest::Approx(1.0).epsilon(1e-6));
}

TEST_CASE("the responsibilities are p(x, z) / p(x) and sum to 1 for every point") {
  Rng rng(7);
  const GmmParams p = tilted_mixture(5, rng);
  const Points2 x = random_points(40, rng);
  const Eigen::MatrixXd joint = gmm_log_joint(p, x);
  const Eigen::MatrixXd r = posterior(joint);
  for (Eigen::Index n = 0; n < x.cols(); ++n) {
    double p_x = 0.0;
    for (int k = 0; k < 5; ++k) p_x += std::exp(joint(k, n));
    CHECK(r.col(n).sum() == doctest::Approx(1.0).epsilon(1e-12));
    for (int k = 0; k < 5; ++k) CHECK(r(k, n) == doctest::Approx(std::exp(joint(k, n)) / p_x).epsilon(1e-10));
  }
}

TEST_CASE("the ELBO of any q equals log p(x) - KL(q || p(z|x)) and never exceeds log p(x) on any point") {
  Rng rng(11);
  const GmmParams p = tilted_mixture(4, rng);
  const Points2 x = random_points(200, rng);
  const Eigen::MatrixXd q = arbitrary_q(4, x.cols(), rng);
  const Eigen::MatrixXd truth = em_e_step(p, x);
  for (Eigen::Index n = 0; n < x.cols(); ++n) {
    const GmmBound b = gmm_bound(p, x.col(n), q.col(n));
    double kl = 0.0;
    for (int k = 0; k < 4; ++k) kl += q(k, n) * std::log(q(k, n) / truth(k, n));
    CHECK(b.elbo == doctest::Approx(b.log_lik - kl).epsilon(1e-9));
    CHECK(b.elbo <= b.log_lik);
    CHECK(b.elbo == doctest::Approx(b.expected_log_lik - b.kl_prior).epsilon(1e-12));
  }
}

TEST_CASE("the gradient of the mean log p(x) matches central finite differences in every parameter") {
  Rng rng(13);
  const GmmParams p = tilted_mixture(3, rng);
  const Points2 x = random_points(30, rng);
  GmmParams grad;
  gmm_log_lik_and_gradient(p, x, grad);
  const double h = 1e-6;
  auto check_block = [&](auto member) {
    for (Eigen::Index i = 0; i < (p.*member).size(); ++i) {
      GmmParams up = p, down = p;
      (up.*member).data()[i] += h;
      (down.*member).data()[i] -= h;
      const double numeric = (mean_log_lik(up, x) - mean_log_lik(down, x)) / (2.0 * h);
      CHECK((grad.*member).data()[i] == doctest::Approx(numeric).epsilon(1e-6).scale(1.0));
    }
  };
  check_block(&GmmParams::logits);
  check_block(&GmmParams::means);
  check_block(&GmmParams::chol);
}

TEST_CASE("EM never decreases log p(x): 60 iterations from five seeds on two toy sets") {
  for (const ToyShape shape : {ToyShape::Gaussians, ToyShape::Pinwheel}) {
    const Points2 x = all_points(make_toy_split(shape, 21, 1500, 10).train);
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      Rng rng(seed);
      GmmParams p = gmm_init_from_data(x, 6, rng);
      double before = mean_log_lik(p, x);
      for (int it = 0; it < 60; ++it) {
        p = em_m_step(x, em_e_step(p, x), p);
        const double after = mean_log_lik(p, x);
        CHECK(after >= before - 1e-12);
        before = after;
      }
    }
  }
}

TEST_CASE("the E-step closes the gap (ELBO = log p(x)); the M-step raises the ELBO and log p(x) and opens it again") {
  const Points2 x = all_points(make_toy_split(ToyShape::Pinwheel, 4, 800, 10).train);
  Rng rng(2);
  GmmParams p = gmm_init_from_data(x, 5, rng);
  for (int it = 0; it < 10; ++it) {
    const Eigen::MatrixXd q = em_e_step(p, x);
    const GmmBound after_e = gmm_bound(p, x, q);
    CHECK(after_e.elbo == doctest::Approx(after_e.log_lik).epsilon(1e-12));
    p = em_m_step(x, q, p);
    const GmmBound after_m = gmm_bound(p, x, q);
    CHECK(after_m.elbo > after_e.elbo);
    CHECK(after_m.log_lik > after_e.log_lik);
    CHECK(after_m.gap() > 0.0);  // q is the old posterior, no longer the new one
  }
}

// Long run: the ASan build skips it (build.sh); EM's half-steps run in the monotonicity case there.
TEST_CASE("EM with K = 8 recovers the gaussians toy: means within 0.05, held-out log-likelihood within 0.05 nats" *
          doctest::test_suite("long")) {
  const GmmParams truth = generating_mixture();
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    CAPTURE(seed);
    const DataSplit data = make_toy_split(ToyShape::Gaussians, seed);
    const Points2 train = all_points(data.train), test = all_points(data.test);
    Rng rng(seed);
    GmmParams p = gmm_init_from_data(train, 8, rng);
    for (int it = 0; it < 200; ++it) p = em_m_step(train, em_e_step(p, train), p);
    std::vector<bool> taken(8, false);
    for (int j = 0; j < 8; ++j) {
      int nearest = 0;
      for (int k = 1; k < 8; ++k)
        if ((p.means.col(k) - truth.means.col(j)).norm() < (p.means.col(nearest) - truth.means.col(j)).norm())
          nearest = k;
      CAPTURE(j);
      CHECK((p.means.col(nearest) - truth.means.col(j)).norm() < 0.05);
      CHECK(!taken[size_t(nearest)]);  // one fitted component for each generating one
      taken[size_t(nearest)] = true;
    }
    const double fitted = mean_log_lik(p, test), generating = mean_log_lik(truth, test);
    MESSAGE("seed " << seed << " held-out log p(x): EM " << fitted << ", generating mixture " << generating
                    << " nats per point");
    CHECK(std::abs(fitted - generating) < 0.05);
    CHECK(generating == doctest::Approx(-0.677).epsilon(0.05));  // references.md's expected figure
  }
}

TEST_CASE("ancestral samples have the mixture's mean and covariance") {
  Rng rng(17);
  const GmmParams p = tilted_mixture(3, rng);
  const Eigen::VectorXd pi = p.weights();
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  Eigen::Matrix2d second = Eigen::Matrix2d::Zero();
  for (int k = 0; k < 3; ++k) {
    mean += pi(k) * p.means.col(k);
    second += pi(k) * (p.covariance(k) + p.means.col(k) * p.means.col(k).transpose());
  }
  const Eigen::Matrix2d covariance = second - mean * mean.transpose();
  const int n = 200000;
  const Points2 x = gmm_sample(p, n, rng);
  const Eigen::Vector2d sample_mean = x.rowwise().mean();
  const Points2 centred = x.colwise() - sample_mean;
  const Eigen::Matrix2d sample_cov = centred * centred.transpose() / double(n);
  // Five standard errors of the mean of each coordinate.
  for (int d = 0; d < 2; ++d) CHECK(std::abs(sample_mean(d) - mean(d)) < 5.0 * std::sqrt(covariance(d, d) / n));
  CHECK((sample_cov - covariance).norm() < 0.02 * covariance.norm());
}

TEST_CASE("the flat layout round-trips the parameters and the Cholesky triple round-trips a covariance") {
  Rng rng(19);
  const GmmParams p = tilted_mixture(3, rng);
  std::vector<float> flat(3 * kGmmValuesPerComponent);
  gmm_to_flat(p, flat.data());
  const GmmParams back = gmm_from_flat(flat.data(), 3);
  CHECK((back.means - p.means).norm() < 1e-6);
  CHECK((back.chol - p.chol).norm() < 1e-6);
  GmmParams q = p;
  q.set_covariance(1, p.covariance(1));
  CHECK((q.chol - p.chol).norm() < 1e-12);
}
