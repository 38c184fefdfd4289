// Tests of the VAE: the whole ELBO gradient against finite differences with
// the noise held fixed, KL against Monte Carlo, likelihoods against their
// direct formulas.
#include <doctest/doctest.h>

#include <cmath>

#include "core/math/log_density.hpp"
#include "core/models/likelihood.hpp"
#include "core/models/vae.hpp"
#include "gradient_check.hpp"

using namespace latent;

namespace {

VaeConfig tiny_config(Likelihood likelihood, Activation activation) {
  VaeConfig c;
  c.input_dim = 6;
  c.latent_dim = 2;
  c.encoder_hidden = {5};
  c.decoder_hidden = {4, 5};
  c.activation = activation;
  c.likelihood = likelihood;
  c.learn_sigma = true;
  return c;
}

Matrix data_for(Likelihood likelihood, int D, int B, Rng& rng) {
  Matrix x(D, B);
  for (Eigen::Index i = 0; i < x.size(); ++i)
    x.data()[i] = likelihood == Likelihood::Bernoulli ? float(rng.uniform()) : float(rng.normal());
  return x;
}

}  // namespace

TEST_CASE("vae: ELBO gradient matches finite differences with fixed noise") {
  for (Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    for (Activation act : {Activation::Tanh, Activation::Relu}) {
      CAPTURE(to_string(lik));
      CAPTURE(to_string(act));
      const Vae vae(tiny_config(lik, act));
      Rng rng(7);
      FloatBuffer params(vae.param_count(), 0.0f), grads(vae.param_count(), 0.0f);
      vae.init(params.data(), rng);
      const int B = 3, M = 2;
      const Matrix x = data_for(lik, 6, B, rng);
      Matrix noise(2, B * M);
      for (Eigen::Index i = 0; i < noise.size(); ++i) noise.data()[i] = float(rng.normal());
      ElboOptions options;
      options.samples = M;
      options.beta = 0.7f;
      options.noise = &noise;

      Vae::Workspace ws;
      vae.loss_and_gradient(params.data(), grads.data(), x, options, rng, ws);
      auto loss = [&](const FloatBuffer& p) {
        Vae::Workspace w;
        const ElboTerms t = vae.evaluate(p.data(), x, options, rng, w);
        return -(t.reconstruction - 0.7 * t.kl);
      };
      testing::check_gradient(params, grads, loss, 2e-3, 3e-4, 2e-2, "ELBO gradient");
    }
  }
}

TEST_CASE("vae: closed-form KL agrees with a Monte Carlo estimate") {
  // KL(q || p) = E_q[log q(z) - log p(z)]; 200k samples give a standard
  // error of about 0.003 here, so 5 standard errors is the tolerance.
  const double mu[] = {0.8, -1.5}, log_var[] = {-1.2, 0.6};
  double closed = 0.0;
  for (int d = 0; d < 2; ++d) closed += kl_to_standard_normal(mu[d], log_var[d]);
  Rng rng(11);
  const int n = 200000;
  double sum = 0.0, sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    double v = 0.0;
    for (int d = 0; d < 2; ++d) {
      const double sigma = std::exp(0.5 * log_var[d]);
      const double z = mu[d] + sigma * rng.normal();
      v += gaussian_log_prob(z, mu[d], std::log(sigma)) - gaussian_log_prob(z, 0.0, 0.0);
    }
    sum += v;
    sum_sq += v * v;
  }
  const double mean = sum / n, se = std::sqrt((sum_sq / n - mean * mean) / n);
  CHECK(std::abs(mean - closed) < 5 * se);
  CHECK(se < 0.01);
}

TEST_CASE("vae: the VAE's KL term is the closed form of the lecture notes") {
  VaeConfig c = tiny_config(Likelihood::Bernoulli, Activation::Tanh);
  const Vae vae(c);
  Rng rng(5);
  FloatBuffer params(vae.param_count());
  vae.init(params.data(), rng);
  const Matrix x = data_for(Likelihood::Bernoulli, 6, 4, rng);
  Vae::Workspace ws;
  ElboOptions options;
  const ElboTerms t = vae.evaluate(params.data(), x, options, rng, ws);
  Matrix mu, log_var;
  vae.encode(params.data(), x, mu, log_var, ws);
  double expected = 0.0;
  for (int b = 0; b < 4; ++b)
    for (int d = 0; d < 2; ++d) expected += 0.5 * (mu(d, b) * mu(d, b) + std::exp(log_var(d, b)) - 1 - log_var(d, b));
  CHECK(t.kl == doctest::Approx(expected / 4).epsilon(1e-5));
}

TEST_CASE("vae: Bernoulli log-likelihood matches x log p + (1-x) log(1-p), stable at extreme logits") {
  Matrix x(1, 8), logits(1, 8), ll(1, 8), d(1, 8);
  x << 0.0f, 1.0f, 0.3f, 0.9f, 1.0f, 0.0f, 1.0f, 0.0f;
  logits << -2.0f, 1.5f, 0.2f, -0.7f, 80.0f, -80.0f, -120.0f, 120.0f;
  Eigen::Ref<Matrix> dref(d);
  bernoulli_log_prob(x, logits, ll, &dref, 1.0f);
  for (int i = 0; i < 4; ++i) {
    const double p = 1.0 / (1.0 + std::exp(-double(logits(0, i))));
    CHECK(ll(0, i) == doctest::Approx(x(0, i) * std::log(p) + (1 - x(0, i)) * std::log(1 - p)).epsilon(1e-5));
    CHECK(d(0, i) == doctest::Approx(x(0, i) - p).epsilon(1e-5));
  }
  // Confident and right: log p ~ 0. Confident and wrong: log p ~ -|l|.
  CHECK(ll(0, 4) == doctest::Approx(0.0).scale(1.0));
  CHECK(ll(0, 5) == doctest::Approx(0.0).scale(1.0));
  CHECK(ll(0, 6) == doctest::Approx(-120.0));
  CHECK(ll(0, 7) == doctest::Approx(-120.0));
  CHECK(d(0, 6) == doctest::Approx(1.0));
  CHECK(d(0, 7) == doctest::Approx(-1.0));
  CHECK(ll.allFinite());
  CHECK(bernoulli_log_prob_from_logit(1.0, 1e4) == doctest::Approx(0.0));
  CHECK(bernoulli_log_prob_from_logit(0.0, 1e4) == doctest::Approx(-1e4));
}

TEST_CASE("vae: Gaussian log-likelihood matches the direct formula") {
  Matrix x(3, 2), mean(3, 2), ll(3, 2), d(3, 2);
  x << 0.5f, -1.0f, 2.0f, 0.0f, 0.3f, -0.2f;
  mean << 0.1f, -0.5f, 1.0f, 0.2f, 0.3f, 0.4f;
  Vector log_sigma(3);
  log_sigma << -1.0f, 0.0f, 0.7f;
  Eigen::Ref<Matrix> dref(d);
  gaussian_log_prob(x, mean, log_sigma, ll, &dref, 1.0f);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 2; ++c) {
      const double s = std::exp(double(log_sigma(r)));
      const double direct = -0.5 * std::log(2 * M_PI * s * s) - 0.5 * std::pow(x(r, c) - mean(r, c), 2) / (s * s);
      CHECK(ll(r, c) == doctest::Approx(direct).epsilon(1e-5));
      CHECK(d(r, c) == doctest::Approx((x(r, c) - mean(r, c)) / (s * s)).epsilon(1e-5));
    }
}

TEST_CASE("vae: more Monte Carlo samples average the reconstruction term") {
  const Vae vae(tiny_config(Likelihood::Bernoulli, Activation::Tanh));
  Rng rng(2);
  FloatBuffer params(vae.param_count());
  vae.init(params.data(), rng);
  const Matrix x = data_for(Likelihood::Bernoulli, 6, 2, rng);
  Matrix noise(2, 2 * 3);
  for (Eigen::Index i = 0; i < noise.size(); ++i) noise.data()[i] = float(rng.normal());
  ElboOptions three;
  three.samples = 3;
  three.noise = &noise;
  Vae::Workspace ws;
  const double r3 = vae.evaluate(params.data(), x, three, rng, ws).reconstruction;
  double sum = 0.0;
  for (int m = 0; m < 3; ++m) {
    Matrix one_noise = noise.middleCols(m * 2, 2);
    ElboOptions one;
    one.noise = &one_noise;
    sum += vae.evaluate(params.data(), x, one, rng, ws).reconstruction;
  }
  CHECK(r3 == doctest::Approx(sum / 3).epsilon(1e-5));
}

TEST_CASE("vae: log_likelihood of many z and its z-gradient match the ELBO's pieces and finite differences") {
  for (Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    const Vae vae(tiny_config(lik, Activation::Tanh));
    Rng rng(21);
    FloatBuffer params(vae.param_count());
    vae.init(params.data(), rng);
    const Matrix x = data_for(lik, 6, 1, rng);
    Matrix z(2, 5);
    for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = float(rng.normal());
    Vae::Workspace ws;
    Vector ll;
    Matrix dz;
    vae.log_likelihood(params.data(), x, z, ll, ws, &dz);
    REQUIRE(ll.size() == 5);
    // Against the direct formula on the decoded mean.
    Matrix mean;
    vae.decode(params.data(), z, mean, ws);
    const Vector log_s = vae.decoder_log_sigma(params.data());
    for (int k = 0; k < 5; ++k) {
      double direct = 0.0;
      for (int d = 0; d < 6; ++d) {
        const double xd = x(d, 0), md = mean(d, k);
        direct += lik == Likelihood::Bernoulli ? xd * std::log(md) + (1 - xd) * std::log(1 - md)
                                               : gaussian_log_prob(xd, md, log_s(d));
      }
      CHECK(ll(k) == doctest::Approx(direct).epsilon(1e-4));
    }
    for (int i = 0; i < z.size(); ++i) {
      Matrix up = z, down = z;
      up.data()[i] += 1e-3f;
      down.data()[i] -= 1e-3f;
      Vector lu, ld;
      vae.log_likelihood(params.data(), x, up, lu, ws);
      vae.log_likelihood(params.data(), x, down, ld, ws);
      const int k = i / 2;
      CHECK(dz.data()[i] == doctest::Approx((double(lu(k)) - double(ld(k))) / 2e-3).epsilon(2e-2).scale(0.05));
    }
  }
}

// Long run (Monte Carlo): the ASan build skips it (build.sh); the variance probe's cases
// take every estimator's gradient there.
TEST_CASE("vae: every score-function estimator agrees on average with the reparameterization gradient" *
          doctest::test_suite("long")) {
  // Unbiasedness: averaged over many independent draws, each estimator's
  // encoder gradient matches the pathwise one. Per coordinate the difference
  // of the two means must stay within 5 standard errors (fixed seed; with
  // ~100 coordinates a 5-sigma miss by chance has probability ~6e-5).
  const Vae vae(tiny_config(Likelihood::Bernoulli, Activation::Tanh));
  Rng rng(31);
  FloatBuffer params(vae.param_count());
  vae.init(params.data(), rng);
  const Matrix x = data_for(Likelihood::Bernoulli, 6, 2, rng);
  const size_t encoder_params = vae.decoder().weight_block(0).offset;  // the encoder's blocks come first
  const int draws = 40000;

  Vae::Workspace ws;
  auto moments = [&](EncoderGradient estimator) {
    ElboOptions options;
    options.samples = 2;
    options.estimator = estimator;
    options.baseline = -4.0f;
    return testing::gradient_moments(encoder_params, vae.param_count(), draws, [&](float* grads) {
      vae.loss_and_gradient(params.data(), grads, x, options, rng, ws);
    });
  };
  const testing::GradientMoments reference = moments(EncoderGradient::Reparameterization);
  for (EncoderGradient e : {EncoderGradient::ScoreFunction, EncoderGradient::ScoreFunctionRunningMean,
                            EncoderGradient::ScoreFunctionLeaveOneOut}) {
    CAPTURE(to_string(e));
    const testing::GradientMoments m = moments(e);
    const int misses = testing::mean_mismatches(m, reference, draws);
    const double total_var = m.total_variance(), ref_total_var = reference.total_variance();
    CHECK(misses == 0);
    // And the lecture's point: the score function is the noisier one.
    CHECK(total_var > 2 * ref_total_var);
  }
}

