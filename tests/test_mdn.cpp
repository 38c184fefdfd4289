// Tests of the mixture density network and its least-squares baseline:
// gradients against finite differences, the NLL against a direct sum of
// Gaussian densities, stability at tiny scales and far-away points, and
// training to the reference figures. One file (a little over 400 lines):
// every case checks the one MDN and its baseline against an independent truth.
#include <doctest/doctest.h>

#include <cmath>

#include "core/data/regression_sets.hpp"
#include "core/math/log_density.hpp"
#include "core/models/mdn.hpp"
#include "core/models/regressor.hpp"
#include "core/nn/adam.hpp"
#include "gradient_check.hpp"

using namespace latent;

namespace {

using testing::random_matrix;

// The whole training set of a regression problem as x (Din, N), y (Dout, N).
struct Columns {
  Matrix x, y;
};
Columns all_columns(const Dataset& set, const RegressionShape& shape) {
  std::vector<int> idx(set.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = int(i);
  Matrix batch;
  set.gather(idx.data(), int(idx.size()), batch);
  Columns c;
  split_inputs_targets(batch, shape, c.x, c.y);
  return c;
}

// Full-batch Adam on the MDN NLL; returns (train NLL, test NLL).
struct Fit {
  double train = 0.0, test = 0.0;
  FloatBuffer params;
};
Fit train_mdn(MdnConfig config, const RegressionData& data, int steps, float learning_rate, uint64_t seed) {
  const Columns train = all_columns(data.split.train, data.shape), test = all_columns(data.split.test, data.shape);
  config.input_scaling = InputScaling::fit(train.x);
  const Mdn mdn(config);
  Fit fit;
  fit.params.assign(mdn.param_count(), 0.0f);
  FloatBuffer grads(mdn.param_count());
  Rng rng(seed);
  mdn.init(fit.params.data(), rng, &train.y);
  Adam adam(mdn.param_count());
  AdamSettings settings;
  settings.learning_rate = learning_rate;
  Mdn::Workspace ws;
  for (int t = 0; t < steps; ++t) {
    mdn.loss_and_gradient(fit.params.data(), grads.data(), train.x, train.y, ws);
    adam.step(fit.params.data(), grads.data(), settings);
  }
  fit.train = mdn.evaluate(fit.params.data(), train.x, train.y, ws);
  fit.test = mdn.evaluate(fit.params.data(), test.x, test.y, ws);
  return fit;
}

// Sets the head's last layer so every input gets the same mixture: zero
// weights, biases = (logits | means | log sigmas).
void set_constant_head(const Mdn& mdn, FloatBuffer& params, const std::vector<float>& bias) {
  const Mlp& net = mdn.network();
  const size_t last = net.layer_count() - 1;
  view(params.data(), net.weight_block(last)).setZero();
  auto b = view(params.data(), net.bias_block(last));
  REQUIRE(size_t(b.rows()) == bias.size());
  for (size_t i = 0; i < bias.size(); ++i) b(Eigen::Index(i), 0) = bias[i];
}

bool all_finite(const FloatBuffer& v) {
  for (float f : v)
    if (!std::isfinite(f)) return false;
  return true;
}

}  // namespace

TEST_CASE("mdn: NLL gradient matches finite differences for several K, Din, Dout") {
  struct Case {
    int din, dout, k;
    std::vector<int> hidden;
    Activation act;
  };
  const Case cases[] = {{1, 1, 1, {5}, Activation::Tanh},
                        {1, 1, 3, {6}, Activation::Tanh},
                        {2, 3, 4, {5, 4}, Activation::Softplus},
                        {3, 2, 2, {4}, Activation::Tanh}};
  for (const Case& c : cases) {
    CAPTURE(c.din);
    CAPTURE(c.dout);
    CAPTURE(c.k);
    MdnConfig config;
    config.input_dim = c.din;
    config.output_dim = c.dout;
    config.components = c.k;
    config.hidden = c.hidden;
    config.activation = c.act;
    Rng rng(17 + c.k);
    const int B = 5;
    const Matrix x = random_matrix(c.din, B, rng, 2.0);
    const Matrix y = random_matrix(c.dout, B, rng);
    config.input_scaling = InputScaling::fit(x);  // the gradient must hold through the scaling too
    const Mdn mdn(config);
    FloatBuffer params(mdn.param_count(), 0.0f), grads(mdn.param_count(), 0.0f);
    mdn.init(params.data(), rng, &y);
    Mdn::Workspace ws;
    mdn.loss_and_gradient(params.data(), grads.data(), x, y, ws);
    auto loss = [&](const FloatBuffer& p) {
      Mdn::Workspace w;
      return mdn.evaluate(p.data(), x, y, w);
    };
    testing::check_gradient(params, grads, loss, 2e-3, 3e-4, 2e-2, "MDN NLL gradient");
  }
}

TEST_CASE("mdn: regressor MSE gradient matches finite differences") {
  for (int dout : {1, 3}) {
    CAPTURE(dout);
    RegressorConfig config;
    config.input_dim = 2;
    config.output_dim = dout;
    config.hidden = {6, 4};
    Rng rng(5);
    const Matrix x = random_matrix(2, 6, rng), y = random_matrix(dout, 6, rng);
    const Regressor model(config);
    FloatBuffer params(model.param_count(), 0.0f), grads(model.param_count(), 0.0f);
    model.init(params.data(), rng);
    Regressor::Workspace ws;
    const double loss0 = model.loss_and_gradient(params.data(), grads.data(), x, y, ws);
    Matrix f;
    model.predict(params.data(), x, f, ws);
    CHECK(loss0 == doctest::Approx((f - y).squaredNorm() / 6.0).epsilon(1e-5));
    auto loss = [&](const FloatBuffer& p) {
      Regressor::Workspace w;
      return model.evaluate(p.data(), x, y, w);
    };
    testing::check_gradient(params, grads, loss, 2e-3, 3e-4, 2e-2, "regressor MSE gradient");
  }
}

TEST_CASE("mdn: NLL equals an explicit sum of weighted Gaussian densities in double") {
  MdnConfig config;
  config.input_dim = 2;
  config.output_dim = 2;
  config.components = 3;
  config.hidden = {7};
  const Mdn mdn(config);
  Rng rng(23);
  FloatBuffer params(mdn.param_count());
  mdn.init(params.data(), rng);
  const int B = 9;
  const Matrix x = random_matrix(2, B, rng), y = random_matrix(2, B, rng, 1.5);
  Mdn::Workspace ws;
  Mixture mix;
  mdn.mixture(params.data(), x, mix, ws);
  REQUIRE(mix.pi.rows() == 3);
  REQUIRE(mix.mu.rows() == 6);
  REQUIRE(mix.sigma.rows() == 6);
  Vector log_prob;
  mdn.log_prob(params.data(), x, y, log_prob, ws);
  double mean_nll = 0.0;
  for (int b = 0; b < B; ++b) {
    CHECK(mix.pi.col(b).sum() == doctest::Approx(1.0).epsilon(1e-6));
    double density = 0.0;
    for (int k = 0; k < 3; ++k) {
      double component = mix.pi(k, b);
      for (int d = 0; d < 2; ++d) {
        const double s = mix.sigma(k * 2 + d, b), r = (y(d, b) - mix.mu(k * 2 + d, b)) / s;
        component *= std::exp(-0.5 * r * r) / (s * std::sqrt(2.0 * M_PI));
      }
      density += component;
    }
    CHECK(log_prob(b) == doctest::Approx(std::log(density)).epsilon(1e-5));
    mean_nll -= std::log(density) / B;
  }
  CHECK(mdn.evaluate(params.data(), x, y, ws) == doctest::Approx(mean_nll).epsilon(1e-5));
}

TEST_CASE("mdn: tiny scales and far-away points give finite NLL and gradients") {
  MdnConfig config;
  config.components = 3;
  config.hidden = {4};
  const Mdn mdn(config);
  Rng rng(3);
  FloatBuffer params(mdn.param_count()), grads(mdn.param_count());
  mdn.init(params.data(), rng);
  const float log_tiny = std::log(1e-6f);
  // Logits (0, 40, -40): pi = (~4e-18, ~1, ~2e-35); means (-1, 0, 2); sigmas 1e-6 and 1.
  set_constant_head(mdn, params, {0.0f, 40.0f, -40.0f, -1.0f, 0.0f, 2.0f, log_tiny, log_tiny, 0.0f});
  Matrix x(1, 5), y(1, 5);
  x << 0.0f, 0.3f, -2.0f, 1.0f, 5.0f;
  // On the dominant mean, half a sigma off it, a thousand units away (r = 1e9),
  // between the tiny components, and 1e4 away from everything.
  y << 0.0f, 5e-7f, 1000.0f, -0.5f, -1e4f;
  Mdn::Workspace ws;
  const double nll = mdn.loss_and_gradient(params.data(), grads.data(), x, y, ws);
  CHECK(std::isfinite(nll));
  CHECK(all_finite(grads));
  Vector log_prob;
  mdn.log_prob(params.data(), x, y, log_prob, ws);
  // The same mixture summed directly in double.
  const double logits[] = {0.0, 40.0, -40.0}, means[] = {-1.0, 0.0, 2.0};
  const double sigmas[] = {1e-6, 1e-6, 1.0};
  auto reference = [&](double yv) {
    const double log_norm = 40.0 + std::log1p(std::exp(-40.0) + std::exp(-80.0));
    std::vector<double> terms;
    for (int k = 0; k < 3; ++k) {
      const double r = (yv - means[k]) / double(float(sigmas[k]));
      terms.push_back(logits[k] - log_norm - 0.5 * std::log(2 * M_PI) - std::log(double(float(sigmas[k]))) -
                      0.5 * r * r);
    }
    return log_sum_exp(terms);
  };
  for (int b = 0; b < 5; ++b) {
    CAPTURE(b);
    CHECK(std::isfinite(log_prob(b)));
    CHECK(log_prob(b) == doctest::Approx(reference(y(0, b))).epsilon(1e-5));
  }
  CHECK(log_prob(0) == doctest::Approx(12.896).epsilon(1e-4));  // a density far above 1, not a probability
  CHECK(log_prob(2) < -4e5);                                     // the broad, unlikely component takes it

  // Far from every mean with moderate scales: the log-sum-exp must not
  // underflow to log(0).
  set_constant_head(mdn, params, {0.0f, 0.0f, 0.0f, -1.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f});
  Matrix far(1, 1);
  far << 1e6f;
  const double nll_far = mdn.loss_and_gradient(params.data(), grads.data(), x.leftCols(1), far, ws);
  CHECK(std::isfinite(nll_far));
  CHECK(nll_far == doctest::Approx(0.5 * (1e6 - 1.0) * (1e6 - 1.0)).epsilon(1e-5));
  CHECK(all_finite(grads));
}

TEST_CASE("mdn: log_density integrates to one, matches log_prob, and sample/conditional_mean agree with the mixture") {
  MdnConfig config;
  config.components = 4;
  config.hidden = {6};
  const Mdn mdn(config);
  Rng rng(8);
  FloatBuffer params(mdn.param_count());
  mdn.init(params.data(), rng);
  Matrix x(1, 3);
  x << -1.0f, 0.2f, 1.5f;
  const int G = 4001;
  const float lo = -15.0f, step = 30.0f / (G - 1);
  Matrix grid(1, G);
  for (int g = 0; g < G; ++g) grid(0, g) = lo + step * g;
  Mdn::Workspace ws;
  Matrix density;
  mdn.log_density(params.data(), x, grid, density, ws);
  REQUIRE(density.rows() == G);
  REQUIRE(density.cols() == 3);
  for (int b = 0; b < 3; ++b) {
    CHECK(density.col(b).array().exp().sum() * step == doctest::Approx(1.0).epsilon(1e-3));
    // One grid point, paired: the same number as log_prob.
    Vector lp;
    mdn.log_prob(params.data(), x.col(b), grid.col(1234), lp, ws);
    CHECK(lp(0) == doctest::Approx(density(1234, b)).epsilon(1e-5));
  }

  // 40k draws at one input: mean and variance of the mixture, within 5
  // standard errors.
  const int n = 40000;
  const Matrix repeated = Matrix::Constant(1, n, 0.2f);
  Matrix draws, mean;
  mdn.sample(params.data(), repeated, draws, rng, ws);
  mdn.conditional_mean(params.data(), x.col(1), mean, ws);
  Mixture mix;
  mdn.mixture(params.data(), x.col(1), mix, ws);
  double expected_mean = 0.0, second_moment = 0.0;
  for (int k = 0; k < 4; ++k) {
    expected_mean += mix.pi(k, 0) * mix.mu(k, 0);
    second_moment += mix.pi(k, 0) * (mix.sigma(k, 0) * mix.sigma(k, 0) + mix.mu(k, 0) * mix.mu(k, 0));
  }
  const double variance = second_moment - expected_mean * expected_mean;
  CHECK(mean(0, 0) == doctest::Approx(expected_mean).epsilon(1e-5));
  const double sample_mean = draws.cast<double>().mean();
  const double sample_var = (draws.cast<double>().array() - sample_mean).square().mean();
  CHECK(std::abs(sample_mean - expected_mean) < 5.0 * std::sqrt(variance / n));
  CHECK(sample_var == doctest::Approx(variance).epsilon(0.05));
}

// Long run: the ASan build skips it (build.sh), its code runs in shorter cases there.
TEST_CASE("mdn: a 5-component MDN on sinusoid-inverse reaches the reference NLL of about 1.3 nats" * doctest::test_suite("long")) {
  // Settings: 1-24-15 tanh trunk, inputs standardized, means started at the
  // target quantiles, full batch of 1000, Adam lr 3e-3, 3000 steps (about
  // 0.2 ms each). Over seeds 1-8 this reaches train NLL 1.18-1.29 and
  // held-out NLL 1.37-1.45. The floor is the conditional entropy H(x|y) =
  // 1.289 nats (numerical quadrature of the generating process): no model
  // beats it on fresh data except by sampling noise (standard error about
  // 0.03 for 1000 test points), so a held-out NLL below 1.15 would mean an
  // unnormalized density, and 1.6 leaves 0.15 nats over the worst seed.
  const RegressionData data = load_regression("sinusoid-inverse", 1);
  MdnConfig config;
  config.components = 5;
  config.hidden = {24};
  const Fit fit = train_mdn(config, data, 3000, 3e-3f, 1);
  MESSAGE("sinusoid-inverse MDN: train NLL " << fit.train << ", test NLL " << fit.test);
  CHECK(fit.train < 1.45);
  CHECK(fit.test < 1.6);
  CHECK(fit.test > 1.15);
}

TEST_CASE("mdn: the MSE regressor on sinusoid-inverse plateaus near the reference 20.7") {
  // The best any function of y can do is E[Var(x | y)] = 21.3 (quadrature
  // of the generating process): least squares learns the conditional mean,
  // the average of the branches, and that variance around it is irreducible.
  // A 24-unit net (Adam lr 1e-2, full batch, 3000 steps) fits 1000 training
  // points around it (19.9-22.0 over seeds 1-8; the reference 20.7 is such
  // a training figure) and lands at 20.7-22.7 held out. 18-24 brackets both
  // with the sampling spread of a 1000-point MSE (about +-1), and lies far
  // below Var(x) = 36.75, the error of predicting a constant.
  const RegressionData data = load_regression("sinusoid-inverse", 1);
  const Columns train = all_columns(data.split.train, data.shape), test = all_columns(data.split.test, data.shape);
  RegressorConfig config;
  config.hidden = {24};
  config.input_scaling = InputScaling::fit(train.x);
  const Regressor model(config);
  FloatBuffer params(model.param_count()), grads(model.param_count());
  Rng rng(1);
  model.init(params.data(), rng, &train.y);
  Adam adam(model.param_count());
  AdamSettings settings;
  settings.learning_rate = 1e-2f;
  Regressor::Workspace ws;
  double first = 0.0, at_half = 0.0;
  const int steps = 3000;
  for (int t = 0; t < steps; ++t) {
    const double mse = model.loss_and_gradient(params.data(), grads.data(), train.x, train.y, ws);
    adam.step(params.data(), grads.data(), settings);
    if (t == 0) first = mse;
    if (t == steps / 2) at_half = mse;
  }
  const double train_mse = model.evaluate(params.data(), train.x, train.y, ws);
  const double test_mse = model.evaluate(params.data(), test.x, test.y, ws);
  MESSAGE("sinusoid-inverse regressor: MSE " << first << " -> " << at_half << " -> " << train_mse << ", test "
                                              << test_mse);
  CHECK(train_mse > 18.0);
  CHECK(train_mse < 24.0);
  CHECK(test_mse > 18.0);
  CHECK(test_mse < 24.0);
  // A plateau: the second half of training gains under 1.5.
  CHECK(at_half - train_mse < 1.5);
}

// Long run: the ASan build skips it (build.sh); the MDN trains in shorter cases there.
TEST_CASE("mdn: on Bishop's inverse problem three components beat a single Gaussian clearly" *
          doctest::test_suite("long")) {
  // 1-24 tanh trunk, Adam lr 1e-2, full batch of 1000, 2000 steps. Seeds
  // 1-4: K = 3 reaches held-out NLL -1.05 to -1.09, K = 1 -0.54 to -0.60
  // (floor: H(x|t) = -1.28, out of reach of Gaussians because the noise is
  // uniform). A single Gaussian must cover all branches at once.
  const RegressionData data = load_regression("bishop-inverse", 1);
  MdnConfig config;
  config.hidden = {24};
  config.components = 1;
  const Fit single = train_mdn(config, data, 2000, 1e-2f, 1);
  config.components = 3;
  const Fit mixture = train_mdn(config, data, 2000, 1e-2f, 1);
  MESSAGE("bishop-inverse test NLL: K=1 " << single.test << ", K=3 " << mixture.test);
  CHECK(mixture.test < single.test - 0.3);
  CHECK(mixture.test < -0.9);
}

TEST_CASE("mdn: configs round-trip through JSON and input scaling standardizes") {
  Matrix x(2, 4);
  x << 1, 2, 3, 4,  //
      5, 5, 5, 5;
  const InputScaling scaling = InputScaling::fit(x);
  CHECK(scaling.shift[0] == doctest::Approx(2.5));
  CHECK(scaling.scale[0] == doctest::Approx(std::sqrt(1.25)));
  CHECK(scaling.scale[1] == 1.0f);  // a constant row is shifted, not divided by zero
  Matrix storage;
  const Matrix& scaled = scaling.apply(x, storage);
  CHECK(scaled.row(0).mean() == doctest::Approx(0.0).epsilon(1e-6));
  CHECK(scaled.row(1).cwiseAbs().maxCoeff() == 0.0f);
  CHECK(&InputScaling{}.apply(x, storage) == &x);  // the identity does not copy

  MdnConfig mdn;
  mdn.input_dim = 2;
  mdn.output_dim = 3;
  mdn.components = 7;
  mdn.hidden = {9, 8};
  mdn.activation = Activation::Relu;
  mdn.input_scaling = scaling;
  const MdnConfig back = config_from_json<MdnConfig>(config_to_json(mdn));
  CHECK(config_to_json(back) == config_to_json(mdn));
  CHECK(back.describe() == "2-9-8 > 7 x N(3), relu");
  CHECK(Mdn(back).param_count() == Mdn(mdn).param_count());

  RegressorConfig reg;
  reg.hidden = {5};
  CHECK(config_to_json(config_from_json<RegressorConfig>(config_to_json(reg))) == config_to_json(reg));
  CHECK(reg.describe() == "1-5-1, tanh");

  nlohmann::json broken = config_to_json(mdn);
  broken.erase("components");
  CHECK_THROWS_AS(config_from_json<MdnConfig>(broken), std::invalid_argument);
  broken = config_to_json(mdn);
  broken["input_dim"] = 3;  // the scaling was fit to 2 inputs
  CHECK_THROWS_AS(config_from_json<MdnConfig>(broken), std::invalid_argument);
}
