// Tests of the categorical VAE's exact numbers, each against a sum written
// out here code by code: log p(x), the posterior, the KL to the prior, the
// ELBO and its gap KL(q(z|x) || p(z|x)).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "categorical_fixture.hpp"
#include "core/math/log_density.hpp"

using namespace latent;

namespace {

// What a test computes by brute force for one example: each joint code in
// odometer order (group 0 fastest), its log p(x|z) and log q(z|x).
struct BruteForce {
  std::vector<double> log_lik, log_q;
  double log_marginal = 0.0;
};

BruteForce brute_force(const CategoricalVae& vae, const float* params, const Matrix& x_col) {
  const CategoricalVaeConfig& c = vae.config();
  const int D = c.groups, K = c.categories;
  CategoricalVae::Workspace ws;
  const Matrix logits = vae.encode(params, x_col, ws);  // (D*K, 1)
  const Eigen::VectorXd log_s = vae.decoder_log_sigma(params);
  BruteForce out;
  std::vector<int> z(D, 0);
  double sum_p = 0.0;
  for (bool done = false; !done;) {
    Matrix code = Matrix::Zero(D * K, 1);
    double log_q = 0.0;
    for (int d = 0; d < D; ++d) {
      code(d * K + z[d], 0) = 1.0f;
      double norm = 0.0;
      for (int k = 0; k < K; ++k) norm += std::exp(double(logits(d * K + k, 0)));
      log_q += double(logits(d * K + z[d], 0)) - std::log(norm);
    }
    Matrix mean;
    vae.decode(params, code, mean, ws);
    double ll = 0.0;
    for (int i = 0; i < c.input_dim; ++i) {
      const double xi = x_col(i, 0), m = mean(i, 0);
      ll += c.likelihood == Likelihood::Bernoulli
                ? xi * std::log(m) + (1.0 - xi) * std::log(1.0 - m)
                : -0.5 * kLog2Pi - log_s(i) - 0.5 * (xi - m) * (xi - m) * std::exp(-2.0 * log_s(i));
    }
    out.log_lik.push_back(ll);
    out.log_q.push_back(log_q);
    sum_p += std::exp(ll) / std::pow(double(K), D);  // p(x|z) p(z); these small models never underflow
    done = true;
    for (int d = 0; d < D && done; ++d) {
      if (++z[d] < K) done = false;
      else z[d] = 0;
    }
  }
  out.log_marginal = std::log(sum_p);
  return out;
}

}  // namespace

TEST_CASE("categorical VAE: exact log p(x) equals a brute-force sum of p(x|z) p(z) over every joint code") {
  for (Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian})
    for (const auto& shape : {std::pair{2, 3}, std::pair{3, 2}, std::pair{1, 5}}) {
      const int D = shape.first, K = shape.second;  // not a structured binding: clang 14 cannot capture one (CAPTURE)
      CAPTURE(to_string(lik));
      CAPTURE(D);
      CAPTURE(K);
      const testing::TinyProblem p(lik, 11, 5, D, K);
      CategoricalEnumeration e;
      const CategoricalBound b = p.bound(e);
      for (int n = 0; n < p.x.cols(); ++n) {
        const BruteForce truth = brute_force(p.vae, p.params.data(), p.x.col(n));
        CHECK(b.log_marginal(n) == doctest::Approx(truth.log_marginal).epsilon(1e-5));
        for (size_t c = 0; c < truth.log_lik.size(); ++c) {
          CHECK(e.log_lik(Eigen::Index(c), n) == doctest::Approx(truth.log_lik[c]).epsilon(1e-5));
          CHECK(e.log_q(Eigen::Index(c), n) == doctest::Approx(truth.log_q[c]).epsilon(1e-6));
          // p(z|x) = p(x|z) p(z) / p(x)
          const double post = std::exp(truth.log_lik[c] - D * std::log(double(K)) - truth.log_marginal);
          CHECK(b.posterior(Eigen::Index(c), n) == doctest::Approx(post).epsilon(1e-5));
        }
      }
    }
}

TEST_CASE("categorical VAE: log p(x) >= ELBO on every point, and the gap equals KL(q(z|x) || p(z|x)) summed by hand") {
  for (Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    CAPTURE(to_string(lik));
    const testing::TinyProblem p(lik, 5, 40);
    CategoricalEnumeration e;
    const CategoricalBound b = p.bound(e);
    double largest_gap = 0.0;
    for (int n = 0; n < p.x.cols(); ++n) {
      const BruteForce truth = brute_force(p.vae, p.params.data(), p.x.col(n));
      double kl_post = 0.0, kl_prior = 0.0, expected = 0.0;
      for (size_t c = 0; c < truth.log_q.size(); ++c) {
        const double q = std::exp(truth.log_q[c]);
        const double log_post = truth.log_lik[c] - std::log(9.0) - truth.log_marginal;
        kl_post += q * (truth.log_q[c] - log_post);
        kl_prior += q * (truth.log_q[c] + std::log(9.0));  // log q - log(1/9)
        expected += q * truth.log_lik[c];
      }
      CHECK(b.elbo()(n) <= b.log_marginal(n) + 1e-9);
      CHECK(b.kl_prior(n) == doctest::Approx(kl_prior).epsilon(1e-6));
      CHECK(b.expected_log_lik(n) == doctest::Approx(expected).epsilon(1e-5));
      CHECK(b.gap(n) == doctest::Approx(kl_post).epsilon(1e-4).scale(1.0));
      CHECK(b.log_marginal(n) - b.elbo()(n) == doctest::Approx(kl_post).epsilon(1e-4).scale(1.0));
      largest_gap = std::max(largest_gap, kl_post);
    }
    CHECK(largest_gap > 0.05);  // q is not the posterior: the identity is tested on real gaps
  }
}

TEST_CASE("categorical VAE: the bound's means over a data set agree with the per-example bound") {
  const testing::TinyProblem p(Likelihood::Bernoulli, 9, 600);  // more than one chunk
  const CategoricalBoundMeans means = mean_exact_bound(p.vae, p.params.data(), p.x);
  CategoricalEnumeration e;
  const CategoricalBound b = p.bound(e);
  CHECK(means.log_marginal == doctest::Approx(b.log_marginal.mean()).epsilon(1e-9));
  CHECK(means.elbo() == doctest::Approx(b.elbo().mean()).epsilon(1e-9));
  CHECK(means.gap == doctest::Approx(b.gap.mean()).epsilon(1e-9));
}

TEST_CASE("categorical VAE: refuses to enumerate more than 1000 joint codes, and bad sizes, with one line naming the field") {
  CHECK_THROWS_WITH_AS(all_codes(4, 10), doctest::Contains("10^4 joint codes are too many"), std::invalid_argument);
  CHECK(all_codes(3, 10).cols() == 1000);
  CategoricalVaeConfig c = testing::tiny_categorical(Likelihood::Bernoulli);
  c.categories = 1;
  CHECK_THROWS_WITH_AS(CategoricalVae{c}, doctest::Contains("\"categories\""), std::invalid_argument);
  c.categories = 3;
  c.groups = 0;
  CHECK_THROWS_WITH_AS(CategoricalVae{c}, doctest::Contains("\"groups\""), std::invalid_argument);
}
