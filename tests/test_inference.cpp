// Tests of "how tight is the bound": grid quadrature against closed forms on
// a linear Gaussian model (whose posterior is Gaussian), against IWAE at very
// large k on a nonlinear one, and per-point VI reaching the best Gaussian.
#include <doctest/doctest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/inference/amortization_comparison.hpp"
#include "core/inference/importance_weighted_bound.hpp"
#include "core/inference/inference_gaps.hpp"
#include "core/inference/non_amortized_training.hpp"
#include "core/inference/per_point_vi.hpp"
#include "core/inference/point_elbo.hpp"
#include "core/inference/quadrature_marginal_likelihood.hpp"

using namespace latent;

namespace {

// p(z) = N(0, I), p(x|z) = N(W z + b, s^2 I): a decoder with no hidden layer
// and an Identity output is exactly W z + b. The encoder stays random.
struct LinearGaussianModel {
  static constexpr double s = 0.5;
  Vae vae;
  FloatBuffer params;
  Eigen::MatrixXd W;  // (D, 2)
  Eigen::VectorXd b;  // (D)

  explicit LinearGaussianModel(const Eigen::MatrixXd& weight) : vae(config(int(weight.rows()))), W(weight) {
    Rng rng(3);
    params.assign(vae.param_count(), 0.0f);
    vae.init(params.data(), rng);
    b.resize(W.rows());
    for (int d = 0; d < b.size(); ++d) b(d) = 0.1 * (d + 1) - 0.25;
    view(params.data(), vae.decoder().weight_block(0)) = W.cast<float>();
    view(params.data(), vae.decoder().bias_block(0)) = b.cast<float>();
  }

  static VaeConfig config(int D) {
    VaeConfig c;
    c.input_dim = D;
    c.latent_dim = 2;
    c.encoder_hidden = {4};
    c.decoder_hidden = {};
    c.likelihood = Likelihood::Gaussian;
    c.learn_sigma = false;
    c.fixed_sigma = float(s);
    return c;
  }

  // log N(x; b, W W^T + s^2 I).
  double log_marginal(const Eigen::VectorXd& x) const {
    const Eigen::MatrixXd C = W * W.transpose() + s * s * Eigen::MatrixXd::Identity(W.rows(), W.rows());
    const Eigen::LLT<Eigen::MatrixXd> llt(C);
    const Eigen::VectorXd r = llt.matrixL().solve(x - b);
    const double log_det = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
    return -0.5 * (double(x.size()) * kLog2Pi + log_det + r.squaredNorm());
  }
  // Posterior precision I + W^T W / s^2, covariance its inverse, mean Sigma W^T (x - b) / s^2.
  Eigen::Matrix2d posterior_precision() const { return Eigen::Matrix2d::Identity() + W.transpose() * W / (s * s); }
  Eigen::Matrix2d posterior_covariance() const { return posterior_precision().inverse(); }
  Eigen::Vector2d posterior_mean(const Eigen::VectorXd& x) const {
    return posterior_covariance() * W.transpose() * (x - b) / (s * s);
  }
};

// Columns orthogonal: W^T W is diagonal, so the posterior is a diagonal
// Gaussian and the mean-field family contains it.
Eigen::MatrixXd orthogonal_weight() {
  Eigen::MatrixXd W(3, 2);
  W << 0.8, 0.6, 0.8, -0.6, 0.0, 0.6;
  return W;
}

Eigen::MatrixXd correlated_weight() {
  Eigen::MatrixXd W(3, 2);
  W << 1.0, 0.9, 0.5, 0.7, -0.3, 0.2;
  return W;
}

Matrix column(const Eigen::VectorXd& x) { return x.cast<float>(); }

// A small nonlinear Bernoulli model with a random decoder whose output layer
// is scaled up, so the posterior is sharper than the prior and not Gaussian.
struct NonlinearModel {
  Vae vae;
  FloatBuffer params;
  NonlinearModel() : vae(config()) {
    Rng rng(11);
    params.assign(vae.param_count(), 0.0f);
    vae.init(params.data(), rng);
    const size_t last = vae.decoder().layer_count() - 1;
    view(params.data(), vae.decoder().weight_block(last)) *= 4.0f;
  }
  static VaeConfig config() {
    return {.input_dim = 12, .latent_dim = 2, .encoder_hidden = {8}, .decoder_hidden = {16},
            .activation = Activation::Tanh, .likelihood = Likelihood::Bernoulli};
  }
  Matrix observation(uint64_t seed) const {
    Rng rng(seed);
    Matrix x(12, 1);
    for (int d = 0; d < 12; ++d) x(d, 0) = rng.uniform() < 0.5 ? 0.0f : 1.0f;
    return x;
  }
};

}  // namespace

TEST_CASE("inference: quadrature log p(x) and grid posterior equal the linear Gaussian closed form") {
  for (const Eigen::MatrixXd& W : {orthogonal_weight(), correlated_weight()}) {
    const LinearGaussianModel m(W);
    Eigen::VectorXd x(3);
    x << 1.0, -0.5, 0.7;
    Vae::Workspace ws;
    const DiagonalGaussian q = encode_one(m.vae, m.params.data(), column(x), ws);
    const QuadratureResult r = quadrature_marginal_likelihood(m.vae, m.params.data(), column(x), q, {}, ws);
    MESSAGE(r.status);
    CHECK(r.converged);
    // The midpoint rule on a Gaussian converges faster than any power of the
    // cell size; what is left is float rounding in log p(x|z) (~1e-6 nats)
    // and the convergence tolerance itself, 1e-3.
    CHECK(std::abs(r.log_marginal - m.log_marginal(x)) < 1e-3);
    // Moments: the same spectral accuracy; 1e-4 is far above it and far below
    // the posterior's scale (sd ~0.4).
    const Eigen::Vector2d mean = m.posterior_mean(x);
    const Eigen::Matrix2d cov = m.posterior_covariance();
    CHECK((r.grid.posterior_mean - mean).cwiseAbs().maxCoeff() < 1e-4);
    CHECK((r.grid.posterior_covariance - cov).cwiseAbs().maxCoeff() < 1e-4);
    // The normalized posterior integrates to one.
    CHECK(r.grid.posterior.sum() * r.grid.cell_area() == doctest::Approx(1.0).epsilon(1e-9));
  }
}

TEST_CASE("inference: the convergence check says 'not converged' when the grid cannot resolve the posterior") {
  const NonlinearModel m;
  const Matrix x = m.observation(5);
  Vae::Workspace ws;
  const DiagonalGaussian q = encode_one(m.vae, m.params.data(), x, ws);
  QuadratureSettings coarse;
  coarse.resolution = 4;
  coarse.max_resolution = 8;     // one doubling allowed, 4 -> 8
  coarse.tolerance = 1e-9;       // unattainable at 8x8 on this posterior
  const QuadratureResult r = quadrature_marginal_likelihood(m.vae, m.params.data(), x, q, coarse, ws);
  CHECK_FALSE(r.converged);
  CHECK(r.status.find("NOT converged") == 0);
  const QuadratureResult fine = quadrature_marginal_likelihood(m.vae, m.params.data(), x, q, {}, ws);
  CHECK(fine.converged);
  CHECK(fine.status.find("converged") == 0);
}

TEST_CASE("inference: quadrature log p(x) agrees with IWAE at k = 20000 on a nonlinear model") {
  const NonlinearModel m;
  for (uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    const Matrix x = m.observation(seed);
    Vae::Workspace ws;
    const DiagonalGaussian q = encode_one(m.vae, m.params.data(), x, ws);
    const QuadratureResult r = quadrature_marginal_likelihood(m.vae, m.params.data(), x, q, {}, ws);
    REQUIRE(r.converged);
    Rng rng(seed);
    const ImportanceWeightedBound iwae = importance_weighted_bound(m.vae, m.params.data(), x, q, 20000, 4, rng, ws);
    MESSAGE("log p(x) " << r.log_marginal << ", IWAE_20000 " << iwae.mean << " +- " << iwae.standard_error);
    // L_k sits below log p(x) by about Var(w)/(2 k E[w]^2) and scatters by
    // its standard error; with this model's weights both are below 0.01 nats
    // at k = 20000, so 0.02 nats leaves room and still catches a wrong
    // density term (a missing log q or prior shifts it by nats).
    CHECK(std::abs(iwae.mean - r.log_marginal) < 0.02);
  }
}

TEST_CASE("inference: ELBO <= log p(x) and IWAE_k rises with k on average") {
  const NonlinearModel m;
  for (uint64_t seed : {1, 2, 3, 4, 5, 6}) {
    CAPTURE(seed);
    const Matrix x = m.observation(seed);
    Vae::Workspace ws;
    const DiagonalGaussian q = encode_one(m.vae, m.params.data(), x, ws);
    const QuadratureResult r = quadrature_marginal_likelihood(m.vae, m.params.data(), x, q, {}, ws);
    const PointElbo elbo = point_elbo_by_quadrature(m.vae, m.params.data(), x, q, 64, ws);
    CHECK(elbo.error < 1e-3);
    // Both are quadratures accurate to 1e-3 nats; the KL they differ by is
    // >= 0 exactly, so the ELBO may exceed log p(x) only by that accuracy.
    CHECK(elbo.elbo() <= r.log_marginal + 2e-3);

    Rng rng(100 + seed);
    const auto ladder = importance_weighted_ladder(m.vae, m.params.data(), x, q, {1, 5, 50}, 400, rng, ws);
    // L_1 is the ELBO: the Monte Carlo mean lies within 4 standard errors of
    // the quadrature value (a 1-in-15000 chance of a false failure per point).
    CHECK(std::abs(ladder[0].mean - elbo.elbo()) < 4 * ladder[0].standard_error + 1e-3);
    for (size_t i = 0; i + 1 < ladder.size(); ++i) {
      const double se = std::hypot(ladder[i].standard_error, ladder[i + 1].standard_error);
      CHECK(ladder[i + 1].mean > ladder[i].mean - 4 * se);  // rises, up to 4 standard errors of noise
      CHECK(ladder[i + 1].mean <= r.log_marginal + 4 * ladder[i + 1].standard_error + 1e-3);
    }
    // Averaged over the points, the rise from k = 1 to 50 must be real:
    // at least one point shows it beyond 4 standard errors.
    const double se = std::hypot(ladder[0].standard_error, ladder[2].standard_error);
    MESSAGE("L_1 " << ladder[0].mean << ", L_5 " << ladder[1].mean << ", L_50 " << ladder[2].mean << ", log p(x) "
                   << r.log_marginal << ", 4 se " << 4 * se);
    CHECK(ladder[2].mean - ladder[0].mean > 4 * se);
  }
}

TEST_CASE("inference: per-point VI finds the exact posterior when it is a diagonal Gaussian") {
  const LinearGaussianModel m(orthogonal_weight());
  Eigen::VectorXd x(3);
  x << 1.0, -0.5, 0.7;
  Vae::Workspace ws;
  const DiagonalGaussian encoder_q = encode_one(m.vae, m.params.data(), column(x), ws);
  PerPointVi vi(m.vae, m.params.data(), column(x), encoder_q);
  vi.step(4000);
  const Eigen::Vector2d mean = m.posterior_mean(x);
  const Eigen::Vector2d var = m.posterior_covariance().diagonal();
  const DiagonalGaussian& q = vi.averaged();
  MESSAGE("q mu " << q.mu.transpose() << " var " << q.log_var.array().exp().transpose() << "; posterior mean "
                  << mean.transpose() << " var " << var.transpose());
  // Tolerances. Mean: antithetic pairs make the mu-gradient exact when
  // log p(x|z) is quadratic in z, so only the optimizer's own convergence is
  // left; 0.05 posterior sd is loose for it. Variances: the log-variance
  // gradient keeps Monte Carlo noise; over 10 seeds the averaged iterate's
  // relative error after 4000 steps has rms 0.9%, so 5% is > 5 rms.
  for (int l = 0; l < 2; ++l) {
    CHECK(std::abs(q.mu(l) - mean(l)) < 0.05 * std::sqrt(var(l)));
    CHECK(std::exp(q.log_var(l)) == doctest::Approx(var(l)).epsilon(0.05));
  }
  // Approximation gap ~ 0: at those tolerances KL(q || posterior) is below
  // 0.5 * 0.05^2 + 0.25 * 0.05^2 per dimension, ~0.004 nats in total.
  const double gap = m.log_marginal(x) - point_elbo_by_quadrature(m.vae, m.params.data(), column(x), q, 64, ws).elbo();
  MESSAGE("approximation gap " << gap);
  CHECK(gap > -1e-3);
  CHECK(gap < 0.005);
  // The encoder is random, so the amortization gap is large and positive.
  const double encoder_gap =
      m.log_marginal(x) - point_elbo_by_quadrature(m.vae, m.params.data(), column(x), encoder_q, 64, ws).elbo();
  CHECK(encoder_gap > 0.1);
}

TEST_CASE("inference: with a correlated posterior the approximation gap is the mean-field KL") {
  // The best diagonal Gaussian for KL(q || p) with p = N(m, Lambda^-1) has
  // mean m and variances 1 / Lambda_ii, and KL = (sum log Lambda_ii - log det Lambda) / 2.
  const LinearGaussianModel m(correlated_weight());
  Eigen::VectorXd x(3);
  x << 1.0, -0.5, 0.7;
  const Eigen::Matrix2d precision = m.posterior_precision();
  const double expected_gap = 0.5 * (std::log(precision(0, 0)) + std::log(precision(1, 1)) - std::log(precision.determinant()));
  REQUIRE(expected_gap > 0.1);  // the test means something only if the gap is clearly non-zero

  InferenceGapSettings settings;
  settings.vi_steps = 4000;
  settings.ks = {1, 50};
  Vae::Workspace ws;
  const InferenceGaps g = analyze_inference_gaps(m.vae, m.params.data(), column(x), settings, ws);
  REQUIRE(g.has_log_marginal());
  CHECK(std::abs(g.log_marginal() - m.log_marginal(x)) < 1e-3);
  MESSAGE("approximation gap " << g.approximation_gap() << " (closed form " << expected_gap << "), amortization gap "
                               << g.amortization_gap() << ", KL(q||p) " << g.kl_encoder_to_posterior());
  // As above, the optimizer's residual costs at most ~0.004 nats.
  CHECK(std::abs(g.approximation_gap() - expected_gap) < 0.005);
  CHECK(g.amortization_gap() > 0.0);
  CHECK(g.kl_encoder_to_posterior() == doctest::Approx(g.amortization_gap() + g.approximation_gap()));
  const Eigen::Vector2d mean = m.posterior_mean(x);
  for (int l = 0; l < 2; ++l) {
    CHECK(std::abs(g.optimized_q.mu(l) - mean(l)) < 0.05 / std::sqrt(precision(l, l)));
    CHECK(std::exp(g.optimized_q.log_var(l)) == doctest::Approx(1.0 / precision(l, l)).epsilon(0.05));
  }
}

TEST_CASE("inference: latent size > 2 skips quadrature and keeps the IWAE ladder") {
  VaeConfig c = NonlinearModel::config();
  c.latent_dim = 3;
  const Vae vae(c);
  Rng rng(4);
  FloatBuffer params(vae.param_count(), 0.0f);
  vae.init(params.data(), rng);
  const Matrix x = NonlinearModel().observation(1);
  InferenceGapSettings settings;
  settings.vi_steps = 50;
  settings.elbo_samples = 2000;
  Vae::Workspace ws;
  const InferenceGaps g = analyze_inference_gaps(vae, params.data(), x, settings, ws);
  CHECK_FALSE(g.has_log_marginal());
  REQUIRE(g.ladder.size() == 4);
  CHECK(g.ladder.back().k == 500);
  REQUIRE(g.optimized_iwae.has_value());
  CHECK(g.optimized_iwae->k == 500);
  // The stand-in for log p(x) is the best of the lower bounds, so the gaps
  // it gives are lower bounds of the true gaps, and never negative.
  CHECK(g.reference() >= g.ladder.back().mean);
  CHECK(g.reference() >= g.optimized_iwae->mean);
  CHECK(g.approximation_gap() >= 0.0);
  CHECK(g.kl_encoder_to_posterior() >= 0.0);
}

namespace {

// Two 4x4 binary prototypes (top half on / bottom half on), each pixel
// flipped with probability 0.05. The best model costs about
// 16 * H(0.05) + log 2 = 3.9 nats per point; a random decoder about 11.
Dataset two_prototypes(int count, uint64_t seed) {
  Dataset d;
  d.name = "two-prototypes";
  d.kind = DataKind::Image;
  d.dim = 16;
  d.width = d.height = 4;
  d.class_names = {"top", "bottom"};
  Rng rng(seed);
  for (int i = 0; i < count; ++i) {
    const int label = int(rng.below(2));
    d.labels.push_back(uint8_t(label));
    for (int p = 0; p < 16; ++p) {
      const bool on = (p < 8) == (label == 0);
      d.pixels.push_back((on != (rng.uniform() < 0.05)) ? 255 : 0);
    }
  }
  return d;
}

VaeConfig small_image_config() {
  return {.input_dim = 16, .latent_dim = 2, .encoder_hidden = {16}, .decoder_hidden = {16},
          .activation = Activation::Tanh, .likelihood = Likelihood::Bernoulli};
}

}  // namespace

TEST_CASE("inference: non-amortized training learns the decoder and one q per point") {
  const Dataset data = two_prototypes(200, 1);
  NonAmortizedSettings settings;
  settings.batch_size = 20;
  NonAmortizedTrainer trainer(small_image_config(), data, settings);
  Rng rng(2);
  const double before = trainer.mean_elbo(64, rng);
  while (trainer.epoch() < 30) trainer.step();
  const double after = trainer.mean_elbo(64, rng);
  MESSAGE("mean ELBO " << before << " -> " << after);
  // From ~-11 nats (random decoder) toward the ~-3.9 optimum: reaching -7
  // means both the decoder and the per-point q's moved the right way; a sign
  // error in either gradient leaves it near (or below) the start.
  CHECK(before < -9.0);
  CHECK(after > -7.0);
  // The two prototypes get separated codes: the mean of q's mu differs by class.
  Eigen::Vector2d class_mean[2] = {Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero()};
  int count[2] = {0, 0};
  for (int i = 0; i < 200; ++i) {
    class_mean[data.labels[size_t(i)]] += trainer.local_mu().col(i).cast<double>();
    ++count[data.labels[size_t(i)]];
  }
  const double separation = (class_mean[0] / count[0] - class_mean[1] / count[1]).norm();
  MESSAGE("class-mean separation of the per-point codes " << separation);
  CHECK(separation > 1.0);
  CHECK(trainer.local_param_count() == 2u * 2u * 200u);
  CHECK(trainer.decoder_param_count() == size_t(2 * 16 + 16 + 16 * 16 + 16));
}

TEST_CASE("inference: the amortization comparison counts parameters and shows test-time optimization paying off") {
  DataSplit split;
  split.train = two_prototypes(200, 3);
  split.test = two_prototypes(20, 4);
  // Gaussian toys would need a learned sigma; the comparison needs Bernoulli
  // or fixed sigma, and `resolve` picks Bernoulli for images.
  const AmortizationComparisonSettings s{
      .train_points = 100, .epochs = 30, .batch_size = 20, .test_points = 5, .test_steps = {0, 300}};
  std::vector<std::string> lines;
  const AmortizationComparison c =
      compare_amortization(small_image_config(), split, s, [&](const std::string& l) { lines.push_back(l); });
  // A progress line per epoch of each model: a cancel thrown from it waits one epoch at most.
  CHECK(std::count(lines.begin(), lines.end(), "amortized VAE: epoch 1 of 30") == 1);
  CHECK(std::count(lines.begin(), lines.end(), "non-amortized model: epoch 30 of 30") == 1);
  CHECK(lines.size() >= 60);
  CHECK(c.train_points == 100);
  CHECK(c.local_params == 2u * 2u * 100u);
  CHECK(c.encoder_params == size_t(16 * 16 + 16 + 4 * 16 + 4));
  CHECK(c.decoder_params == size_t(2 * 16 + 16 + 16 * 16 + 16));
  REQUIRE(c.non_amortized_test_elbo.size() == 2);
  MESSAGE("held-out ELBO: amortized " << c.amortized_test_elbo << "; non-amortized after 0 / 300 steps "
                                      << c.non_amortized_test_elbo[0] << " / " << c.non_amortized_test_elbo[1]);
  // Starting from the prior a held-out point's q is poor; 300 steps of its
  // own optimization must gain at least 1 nat (quadrature ELBOs, so this is
  // not Monte Carlo noise).
  CHECK(c.non_amortized_test_elbo[1] > c.non_amortized_test_elbo[0] + 1.0);
}

TEST_CASE("non-amortized training: a decoder that learns its sigma is refused up front, the others are taken") {
  VaeConfig c = small_image_config();
  CHECK(supports_non_amortized_training(c));  // Bernoulli
  c.likelihood = Likelihood::Gaussian;
  c.learn_sigma = false;
  CHECK(supports_non_amortized_training(c));
  c.learn_sigma = true;
  CHECK_FALSE(supports_non_amortized_training(c));
  Dataset data = two_prototypes(10, 1);
  CHECK_THROWS_AS(NonAmortizedTrainer(c, data, NonAmortizedSettings{}), std::invalid_argument);
}
