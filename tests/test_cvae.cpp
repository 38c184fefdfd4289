// Tests of the conditional VAE: the bound's gradient against finite
// differences, its KL against Monte Carlo, the score-function estimators
// against the pathwise one on average, and log p(y|x) against quadrature
// over a 2-D latent.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "core/data/catalog.hpp"
#include "core/math/log_density.hpp"
#include "core/models/cvae.hpp"
#include "core/train/training_session.hpp"
#include "gradient_check.hpp"

using namespace latent;
using latent::testing::random_matrix;

namespace {

InputScaling scaling(std::vector<float> shift, std::vector<float> scale) {
  InputScaling s;
  s.shift = std::move(shift);
  s.scale = std::move(scale);
  return s;
}

CvaeConfig small_config(int din, int dout, int latent, CvaePrior prior) {
  CvaeConfig c;
  c.input_dim = din;
  c.output_dim = dout;
  c.latent_dim = latent;
  c.hidden = {5, 4};
  c.prior = prior;
  // Non-trivial standardizations, so their Jacobian is part of what is checked.
  c.x_scaling = scaling(std::vector<float>(din, 0.5f), std::vector<float>(din, 2.0f));
  c.y_scaling = scaling(std::vector<float>(dout, -1.0f), std::vector<float>(dout, 3.0f));
  return c;
}

// A model whose posterior is far from Gaussian: larger decoder weights and
// a narrow decoder noise make the bound visibly loose.
FloatBuffer sharpened_params(const ConditionalVae& m, Rng& rng) {
  FloatBuffer p(m.param_count(), 0.0f);
  m.init(p.data(), rng);
  const Mlp& dec = m.decoder();
  for (size_t l = 0; l < dec.layer_count(); ++l) view(p.data(), dec.weight_block(l)) *= 3.0f;
  const size_t log_sigma = m.param_count() - 16;  // the last block, (Dout, 1) padded to 16 floats
  p[log_sigma] = -1.5f;
  return p;
}

// log p(y|x) = log ∫ p(y|x,z) p(z|x) dz for a 2-D latent, on a grid in the
// prior's own coordinates z = mu_p + sigma_p u, u in [-7, 7]^2.
double log_marginal_by_quadrature(const ConditionalVae& m, const float* params, const Matrix& x, const Matrix& y) {
  const int n = 141;
  const double h = 14.0 / (n - 1);
  ConditionalVae::Workspace ws;
  Matrix mu_p, log_var_p;
  m.prior(params, x, mu_p, log_var_p, ws);
  Matrix z(2, n * n), xs = x.replicate(1, n * n), mean;
  std::vector<double> log_w(size_t(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double u0 = -7.0 + i * h, u1 = -7.0 + j * h;
      z(0, i * n + j) = float(mu_p(0) + std::exp(0.5 * log_var_p(0)) * u0);
      z(1, i * n + j) = float(mu_p(1) + std::exp(0.5 * log_var_p(1)) * u1);
      log_w[size_t(i) * n + j] = gaussian_log_prob(u0, 0.0, 0.0) + gaussian_log_prob(u1, 0.0, 0.0) + 2 * std::log(h);
    }
  m.decode(params, xs, z, mean, ws);
  const Vector s = m.decoder_sigma(params);
  double top = -1e300;
  std::vector<double> terms(size_t(n) * n);
  for (size_t k = 0; k < terms.size(); ++k) {
    double t = log_w[k];
    for (Eigen::Index d = 0; d < y.rows(); ++d) t += gaussian_log_prob(y(d), mean(d, k), std::log(double(s(d))));
    terms[k] = t;
    top = std::max(top, t);
  }
  double sum = 0.0;
  for (double t : terms) sum += std::exp(t - top);
  return top + std::log(sum);
}

}  // namespace

TEST_CASE("cvae: the bound's gradient matches finite differences with fixed noise, for both priors") {
  struct Shape {
    int din, dout, latent;
  };
  for (CvaePrior prior : {CvaePrior::StandardNormal, CvaePrior::Conditional}) {
    for (Shape sh : {Shape{1, 1, 2}, Shape{2, 2, 1}}) {
      CAPTURE(to_string(prior));
      CAPTURE(sh.din);
      const ConditionalVae m(small_config(sh.din, sh.dout, sh.latent, prior));
      Rng rng(3);
      FloatBuffer params(m.param_count(), 0.0f), grads(m.param_count(), 0.0f);
      m.init(params.data(), rng);
      view(params.data(), ParamBlock{m.param_count() - 16, sh.dout, 1}).setConstant(-0.3f);
      const int B = 3, M = 2;
      const Matrix x = random_matrix(sh.din, B, rng, 2.0), y = random_matrix(sh.dout, B, rng, 3.0);
      const Matrix noise = random_matrix(sh.latent, B * M, rng);
      ElboOptions options;
      options.samples = M;
      options.beta = 0.7f;
      options.noise = &noise;
      ConditionalVae::Workspace ws;
      m.loss_and_gradient(params.data(), grads.data(), x, y, options, rng, ws);
      auto loss = [&](const FloatBuffer& p) {
        ConditionalVae::Workspace w;
        const ElboTerms t = m.evaluate(p.data(), x, y, options, rng, w);
        return -(t.reconstruction - 0.7 * t.kl);
      };
      const int checked = testing::check_gradient(params, grads, loss, 2e-3, 3e-4, 2e-2, "conditional VAE gradient");
      CHECK(checked > 50);
    }
  }
}

TEST_CASE("cvae: KL(q(z|x,y) || p(z|x)) in closed form agrees with Monte Carlo") {
  // KL = E_q[log q(z) - log p(z)]; 100k draws per example give a standard
  // error of a few thousandths; the tolerance is 5 standard errors.
  const ConditionalVae m(small_config(1, 1, 2, CvaePrior::Conditional));
  Rng rng(8);
  FloatBuffer params(m.param_count(), 0.0f);
  m.init(params.data(), rng);
  for (float& p : params) p *= 2.0f;  // move q and p(z|x) apart
  const Matrix x = random_matrix(1, 2, rng, 2.0), y = random_matrix(1, 2, rng, 3.0);
  ConditionalVae::Workspace ws;
  const ElboTerms t = m.evaluate(params.data(), x, y, ElboOptions{}, rng, ws);
  const int n = 100000;
  double total = 0.0, total_var = 0.0;
  for (int b = 0; b < 2; ++b) {
    double sum = 0.0, sum_sq = 0.0;
    for (int i = 0; i < n; ++i) {
      double v = 0.0;
      for (int d = 0; d < 2; ++d) {
        const double sq = std::exp(0.5 * ws.log_var_q(d, b)), sp = std::exp(0.5 * ws.log_var_p(d, b));
        const double z = ws.mu_q(d, b) + sq * rng.normal();
        v += gaussian_log_prob(z, ws.mu_q(d, b), std::log(sq)) - gaussian_log_prob(z, ws.mu_p(d, b), std::log(sp));
      }
      sum += v;
      sum_sq += v * v;
    }
    total += sum / n / 2;
    total_var += (sum_sq / n - (sum / n) * (sum / n)) / n / 4;
  }
  CHECK(t.kl > 0.1);  // the check means something
  CHECK(std::abs(t.kl - total) < 5 * std::sqrt(total_var));
}

// Long run (Monte Carlo): the ASan build skips it (build.sh); the variance probe's
// conditional case takes every estimator's gradient there.
TEST_CASE("cvae: every score-function estimator agrees on average with the pathwise gradient" *
          doctest::test_suite("long")) {
  // As for the VAE: per encoder coordinate the means of 40k draws agree
  // within 5 standard errors. The prior network's gradient comes from the
  // closed-form KL alone, so it is the same for every estimator.
  const ConditionalVae m(small_config(1, 1, 2, CvaePrior::Conditional));
  Rng rng(13);
  FloatBuffer params(m.param_count(), 0.0f);
  m.init(params.data(), rng);
  const Matrix x = random_matrix(1, 2, rng, 2.0), y = random_matrix(1, 2, rng, 3.0);
  const size_t encoder_params = m.decoder().weight_block(0).offset;
  const int draws = 40000;
  ConditionalVae::Workspace ws;
  auto options_for = [](EncoderGradient estimator) {
    ElboOptions options;
    options.samples = 2;
    options.estimator = estimator;
    options.baseline = -2.0f;
    return options;
  };
  auto moments = [&](EncoderGradient estimator) {
    const ElboOptions options = options_for(estimator);
    return testing::gradient_moments(encoder_params, m.param_count(), draws, [&](float* grads) {
      m.loss_and_gradient(params.data(), grads, x, y, options, rng, ws);
    });
  };
  // One full gradient with this estimator (its prior part is deterministic).
  auto one_gradient = [&](EncoderGradient estimator) {
    FloatBuffer grads(m.param_count(), 0.0f);
    m.loss_and_gradient(params.data(), grads.data(), x, y, options_for(estimator), rng, ws);
    return grads;
  };
  const testing::GradientMoments reference = moments(EncoderGradient::Reparameterization);
  const FloatBuffer ref_grads = one_gradient(EncoderGradient::Reparameterization);
  const Mlp& prior = m.prior_network();
  const size_t prior_begin = prior.weight_block(0).offset;
  const ParamBlock& prior_last = prior.bias_block(prior.layer_count() - 1);
  const size_t prior_end = prior_last.offset + prior_last.size();
  for (EncoderGradient e : {EncoderGradient::ScoreFunction, EncoderGradient::ScoreFunctionRunningMean,
                            EncoderGradient::ScoreFunctionLeaveOneOut}) {
    CAPTURE(to_string(e));
    const testing::GradientMoments estimate = moments(e);
    CHECK(testing::mean_mismatches(estimate, reference, draws) == 0);
    CHECK(estimate.total_variance() > 2 * reference.total_variance());
    const FloatBuffer grads = one_gradient(e);
    for (size_t j = prior_begin; j < prior_end; ++j) CHECK(grads[j] == doctest::Approx(ref_grads[j]).epsilon(1e-5));
  }
}

TEST_CASE("cvae: log p(y|x) by importance sampling and by the slice density agree with quadrature") {
  for (CvaePrior prior : {CvaePrior::StandardNormal, CvaePrior::Conditional}) {
    CAPTURE(to_string(prior));
    const ConditionalVae m(small_config(1, 1, 2, prior));
    Rng rng(21);
    const FloatBuffer params = sharpened_params(m, rng);
    const Matrix x = Matrix::Constant(1, 1, 1.3f);
    ConditionalVae::Workspace ws;
    double max_gap = 0.0;
    for (float yv : {-4.0f, -1.0f, 0.5f, 3.0f}) {
      CAPTURE(yv);
      const Matrix y = Matrix::Constant(1, 1, yv);
      const double truth = log_marginal_by_quadrature(m, params.data(), x, y);
      // The ELBO is a lower bound, with a gap here (a sharpened model).
      ElboOptions many;
      many.samples = 20000;
      const double elbo = m.evaluate(params.data(), x, y, many, rng, ws).elbo();
      CHECK(elbo < truth + 0.01);
      max_gap = std::max(max_gap, truth - elbo);
      // Importance sampling with 20k samples from q: within 0.03 nats.
      Vector iw;
      m.importance_log_likelihood(params.data(), x, y, 20000, rng, iw, ws);
      CHECK(std::abs(iw(0) - truth) < 0.03);
      CHECK(iw(0) > elbo - 0.01);
      // The slice's Monte Carlo average over 20k prior draws: within 0.05.
      Vector slice;
      m.slice_log_density(params.data(), x, y, 20000, rng, slice, ws);
      CHECK(std::abs(slice(0) - truth) < 0.05);
    }
    CHECK(max_gap > 0.05);  // the bound is loose, so agreement with log p(y|x) means something
    // The slice density is a mixture of Gaussians in y: it integrates to 1.
    const int G = 4001;
    Matrix grid(1, G);
    for (int g = 0; g < G; ++g) grid(0, g) = -40.0f + 80.0f * float(g) / float(G - 1);
    Vector slice;
    m.slice_log_density(params.data(), x, grid, 500, rng, slice, ws);
    const double mass = slice.array().exp().sum() * 80.0 / (G - 1);
    CHECK(mass == doctest::Approx(1.0).epsilon(2e-3));
  }
}

TEST_CASE("cvae: samples at one x have the mean and spread of the slice density") {
  const ConditionalVae m(small_config(1, 1, 2, CvaePrior::Conditional));
  Rng rng(34);
  const FloatBuffer params = sharpened_params(m, rng);
  const int n = 40000;
  const Matrix x = Matrix::Constant(1, n, -0.7f);
  Matrix y;
  ConditionalVae::Workspace ws;
  m.sample(params.data(), x, y, rng, ws);
  const double mean = y.cast<double>().mean();
  const double var = (y.cast<double>().array() - mean).square().mean();
  // Moments of the slice density by quadrature over a fine grid (S = 40k prior draws).
  const int G = 4001;
  Matrix grid(1, G);
  for (int g = 0; g < G; ++g) grid(0, g) = -40.0f + 80.0f * float(g) / float(G - 1);
  Vector slice;
  m.slice_log_density(params.data(), x.leftCols(1), grid, 40000, rng, slice, ws);
  const Eigen::ArrayXd p = slice.cast<double>().array().exp() * (80.0 / (G - 1));
  const Eigen::ArrayXd yg = grid.row(0).transpose().cast<double>().array();
  const double q_mean = (p * yg).sum() / p.sum();
  const double q_var = (p * (yg - q_mean).square()).sum() / p.sum();
  // Standard error of the sample mean sqrt(var / n) ~ 0.01 here.
  CHECK(std::abs(mean - q_mean) < 5 * std::sqrt(q_var / n) + 0.02);
  CHECK(var == doctest::Approx(q_var).epsilon(0.05));
}

TEST_CASE("cvae: config round-trips through JSON; bad JSON and sizes are rejected") {
  CvaeConfig c = small_config(2, 1, 3, CvaePrior::Conditional);
  const CvaeConfig back = config_from_json<CvaeConfig>(config_to_json(c));
  CHECK(config_to_json(back) == config_to_json(c));
  CHECK(back.prior == CvaePrior::Conditional);
  CHECK(c.describe().find("p(z|x)") != std::string::npos);
  nlohmann::json j = config_to_json(c);
  j["prior"] = "flat";
  CHECK_THROWS_WITH_AS(config_from_json<CvaeConfig>(j), doctest::Contains("standard-normal or conditional"),
                       std::invalid_argument);
  j.erase("hidden");
  CHECK_THROWS_AS(config_from_json<CvaeConfig>(j), std::invalid_argument);
  c.x_scaling = scaling({0.0f}, {1.0f});  // 1 dimension for 2 inputs
  CHECK_THROWS_AS(ConditionalVae{c}, std::invalid_argument);
}

// Long run: the ASan build skips it (build.sh), its code runs in shorter cases there.
TEST_CASE("cvae: on sinusoid-inverse the conditional VAE's bound beats the best single Gaussian clearly" * doctest::test_suite("long")) {
  // Trained beside the MDN and the regressor in one session. A Gaussian
  // around the least-squares fit has NLL 0.5 log(2 pi e MSE) (~2.95 nats at
  // MSE ~22); a latent that picks the branch must do clearly better, even
  // measured by its lower bound. The importance-weighted estimate of
  // log p(y|x) lies above the bound.
  auto data = std::make_shared<const DataSplit>(load_dataset("sinusoid-inverse", 1));
  ModelSettings model;
  model.kind = ModelKind::Conditional;
  model.dataset = "sinusoid-inverse";
  TrainSettings training;
  training.batch_size = 1000;
  training.learning_rate = 3e-3f;
  TrainingSession session(model, training, data);
  for (int i = 0; i < 1500; ++i) REQUIRE(session.step().finite());
  const ModelTerms r = session.evaluate_test();
  const double single_gaussian = 0.5 * std::log(2 * M_PI * M_E * r.regressor_mse);
  const double cvae_nll_bound = -r.bound.elbo();
  MESSAGE("test NLL: single Gaussian " << single_gaussian << ", conditional VAE <= " << cvae_nll_bound << ", MDN "
                                       << r.mdn_nll);
  CHECK(cvae_nll_bound < single_gaussian - 0.4);
  CHECK(r.bound.kl > 0.5);  // the latent is used, not collapsed to the prior

  Matrix all, x, y;
  std::vector<int> idx(200);
  std::iota(idx.begin(), idx.end(), 0);
  data->test.gather(idx.data(), 200, all);
  split_inputs_targets(all, {1, 1}, x, y);
  const ConditionalModels& models = session.conditional_models();
  const float* params = models.cvae_params(session.params().data());
  Rng rng(5);
  ConditionalVae::Workspace ws;
  Vector iw;
  models.cvae().importance_log_likelihood(params, x, y, 256, rng, iw, ws);
  ElboOptions one;
  const double elbo = models.cvae().evaluate(params, x, y, one, rng, ws).elbo();
  MESSAGE("first 200 test points: ELBO " << elbo << ", L_256 " << iw.mean());
  CHECK(iw.mean() > elbo);
}
