// Tests of the categorical VAE's gradient estimators against the exact
// gradient: enumeration against finite differences of the exact ELBO; every
// REINFORCE baseline unbiased within 5 standard errors; the Gumbel-softmax
// relaxation's bias shrinking with the temperature.
#include <doctest/doctest.h>

#include <cmath>

#include "categorical_fixture.hpp"
#include "core/estimators/categorical_gradients.hpp"
#include "core/estimators/variance_probe.hpp"
#include "gradient_check.hpp"

using namespace latent;

namespace {

double exact_loss(const CategoricalVae& vae, const FloatBuffer& params, const Matrix& x) {
  CategoricalVae::Workspace ws;
  CategoricalEnumeration e;
  enumerate_codes(vae, params.data(), x, e, ws);
  return -exact_bound(e, vae.config().groups, vae.config().categories).elbo().mean();
}

FloatBuffer exact_gradient(const testing::TinyProblem& p) {
  FloatBuffer grads(p.vae.param_count(), 0.0f);
  CategoricalGradientWorkspace ws;
  Rng unused(1);
  categorical_loss_and_gradient(p.vae, p.params.data(), grads.data(), p.x, categorical_options(), unused, ws);
  return grads;
}

testing::GradientMoments estimator_moments(const testing::TinyProblem& p, const ElboOptions& options,
                                           int draws, uint64_t seed) {
  Rng rng(seed);
  CategoricalGradientWorkspace ws;
  return testing::gradient_moments(p.vae.param_count(), p.vae.param_count(), draws, [&](float* grads) {
    categorical_loss_and_gradient(p.vae, p.params.data(), grads, p.x, options, rng, ws);
  });
}

testing::GradientMoments exact_moments(const FloatBuffer& exact) {
  testing::GradientMoments m;
  m.mean.assign(exact.begin(), exact.end());
  m.var.assign(exact.size(), 0.0);
  return m;
}

double distance(const std::vector<double>& a, const FloatBuffer& b) {
  double sum = 0.0;
  for (size_t i = 0; i < a.size(); ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(sum);
}

}  // namespace

TEST_CASE("categorical gradients: enumeration gives the gradient of the exact ELBO (finite differences)") {
  for (Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    CAPTURE(to_string(lik));
    const testing::TinyProblem p(lik, 3, 4);
    const FloatBuffer grads = exact_gradient(p);
    FloatBuffer params = p.params;
    auto loss = [&](const FloatBuffer& at) { return exact_loss(p.vae, at, p.x); };
    const int checked = testing::check_gradient(params, grads, loss, 2e-3, 3e-4, 2e-2, "exact ELBO gradient");
    CHECK(checked == int(p.vae.param_count()));
  }
}

// Long run (80,000 draws): the ASan build skips it (build.sh); the baseline and probe
// cases below take REINFORCE's gradients there.
TEST_CASE("categorical gradients: REINFORCE with every baseline is unbiased against enumeration (5 standard errors)" *
          doctest::test_suite("long")) {
  const testing::TinyProblem p(Likelihood::Bernoulli, 21, 4);
  const testing::GradientMoments exact = exact_moments(exact_gradient(p));
  const int draws = 20000;
  ElboOptions options = categorical_options();
  options.samples = 3;
  options.baseline = -4.0f;  // any constant keeps it unbiased; a poor one only adds variance
  for (EncoderGradient e : {EncoderGradient::ScoreFunction, EncoderGradient::ScoreFunctionRunningMean,
                                EncoderGradient::ScoreFunctionLeaveOneOut}) {
    CAPTURE(to_string(e));
    options.estimator = e;
    const testing::GradientMoments m = estimator_moments(p, options, draws, 5);
    CHECK(testing::mean_mismatches(m, exact, draws) == 0);
    CHECK(m.total_variance() > 1e-4);  // a real Monte Carlo estimate, not a copy of the exact one
  }
  // The same bound finds the relaxation's bias: the check has the power to fail.
  options.estimator = EncoderGradient::GumbelSoftmax;
  options.temperature = 1.0;
  CHECK(testing::mean_mismatches(estimator_moments(p, options, draws, 5), exact, draws) > 10);
}

TEST_CASE("categorical gradients: the leave-one-out baseline has less variance than none") {
  const testing::TinyProblem p(Likelihood::Bernoulli, 22, 4);
  ElboOptions options = categorical_options();
  options.samples = 4;
  options.estimator = EncoderGradient::ScoreFunction;
  const double plain = estimator_moments(p, options, 4000, 8).total_variance();
  options.estimator = EncoderGradient::ScoreFunctionLeaveOneOut;
  const double loo = estimator_moments(p, options, 4000, 8).total_variance();
  CHECK(loo < 0.5 * plain);
}

// Long run (160,000 draws): the ASan build skips it (build.sh); the probe case below
// takes Gumbel-softmax gradients there.
TEST_CASE("categorical gradients: the Gumbel-softmax gradient's bias against the exact gradient shrinks as tau decreases" *
          doctest::test_suite("long")) {
  const testing::TinyProblem p(Likelihood::Bernoulli, 31, 4);
  const FloatBuffer exact = exact_gradient(p);
  ElboOptions options = categorical_options();
  options.estimator = EncoderGradient::GumbelSoftmax;
  options.samples = 1;
  const int draws = 40000;
  double previous = INFINITY;
  for (double tau : {2.0, 1.0, 0.5, 0.25}) {
    CAPTURE(tau);
    options.temperature = tau;
    const testing::GradientMoments m = estimator_moments(p, options, draws, 17);
    const double bias = distance(m.mean, exact), standard_error = std::sqrt(m.total_variance() / draws);
    INFO("tau " << tau << ": bias " << bias << ", standard error " << standard_error << ", variance "
                   << m.total_variance());
    CHECK(bias + 3 * standard_error < previous);
    previous = bias - 3 * standard_error;
  }
}

TEST_CASE("categorical gradients: straight-through decodes the hard sample, so its decoder gradient is REINFORCE's") {
  const testing::TinyProblem p(Likelihood::Bernoulli, 41, 4);
  const CategoricalVae& vae = p.vae;
  FloatBuffer st(vae.param_count(), 0.0f), reinforce(vae.param_count(), 0.0f);
  CategoricalGradientWorkspace ws;
  ElboOptions options = categorical_options();
  options.estimator = EncoderGradient::StraightThrough;
  Rng a(7), b(7);  // the same Gumbel noise, so the same hard codes
  const CategoricalTerms t_st = categorical_loss_and_gradient(vae, p.params.data(), st.data(), p.x, options, a, ws);
  options.estimator = EncoderGradient::ScoreFunction;
  const CategoricalTerms t_r = categorical_loss_and_gradient(vae, p.params.data(), reinforce.data(), p.x, options, b, ws);
  CHECK(t_st.reconstruction == t_r.reconstruction);
  const size_t decoder_start = vae.decoder().weight_block(0).offset, encoder_end = decoder_start;
  double decoder_difference = 0.0, encoder_difference = 0.0;
  for (size_t i = 0; i < st.size(); ++i)
    (i < encoder_end ? encoder_difference : decoder_difference) += std::abs(st[i] - reinforce[i]);
  CHECK(decoder_difference == 0.0);
  CHECK(encoder_difference > 1e-3);
}

TEST_CASE("categorical gradients: the probe finds enumeration exact, REINFORCE's bias at the noise level, Gumbel's above it") {
  const testing::TinyProblem p(Likelihood::Bernoulli, 51, 4);
  ElboOptions options = categorical_options();
  options.samples = 2;
  options.temperature = 1.0;
  options.baseline = -4.0f;
  Rng rng(52);
  VarianceProbeOptions probe_options;
  probe_options.draws = 3000;
  probe_options.samples = options.samples;
  probe_options.temperature = options.temperature;
  probe_options.baseline = options.baseline;
  const VarianceProbeResult probe = probe_encoder_gradient_variance(p.vae, p.params.data(), p.x, probe_options, rng);
  REQUIRE(probe.estimators.size() == estimators_for(LatentType::Categorical).size());
  CHECK(probe.exact_reference);
  CHECK(probe.find(EncoderGradient::Reparameterization) == nullptr);
  const auto at = [&](EncoderGradient e) { return *probe.find(e); };
  CHECK(at(EncoderGradient::Enumerate).exact);
  CHECK(at(EncoderGradient::Enumerate).total_variance < 1e-10);  // zero but for rounding
  CHECK(at(EncoderGradient::Enumerate).bias < 1e-6);
  for (EncoderGradient e : {EncoderGradient::ScoreFunction, EncoderGradient::ScoreFunctionRunningMean,
                                EncoderGradient::ScoreFunctionLeaveOneOut}) {
    CAPTURE(to_string(e));
    // Unbiased: E|mean - exact|^2 = tr Cov / draws = bias_noise^2.
    CHECK(at(e).bias < 3.0 * at(e).bias_noise);
  }
  for (EncoderGradient e : {EncoderGradient::GumbelSoftmax, EncoderGradient::StraightThrough}) {
    CAPTURE(to_string(e));
    CHECK(at(e).bias > 5.0 * at(e).bias_noise);
  }
  CHECK(at(EncoderGradient::ScoreFunctionLeaveOneOut).total_variance < at(EncoderGradient::ScoreFunction).total_variance);
  CHECK(at(EncoderGradient::ScoreFunctionLeaveOneOut).mean_snr > at(EncoderGradient::ScoreFunction).mean_snr);
  CHECK(at(EncoderGradient::Enumerate).mean_snr == 0.0);
  CHECK_FALSE(at(EncoderGradient::GumbelSoftmax).exact);
}

TEST_CASE("categorical gradients: bad options are refused with one line naming the setting") {
  const testing::TinyProblem p(Likelihood::Bernoulli, 1, 2);
  FloatBuffer grads(p.vae.param_count());
  Rng rng(1);
  CategoricalGradientWorkspace ws;
  ElboOptions options = categorical_options();
  options.estimator = EncoderGradient::ScoreFunctionLeaveOneOut;
  options.samples = 1;
  CHECK_THROWS_WITH_AS(categorical_loss_and_gradient(p.vae, p.params.data(), grads.data(), p.x, options, rng, ws),
                       doctest::Contains("samples >= 2"), std::invalid_argument);
  options.estimator = EncoderGradient::GumbelSoftmax;
  options.temperature = 0.0;
  CHECK_THROWS_WITH_AS(categorical_loss_and_gradient(p.vae, p.params.data(), grads.data(), p.x, options, rng, ws),
                       doctest::Contains("temperature"), std::invalid_argument);
  options.estimator = EncoderGradient::Reparameterization;
  CHECK_THROWS_WITH_AS(categorical_loss_and_gradient(p.vae, p.params.data(), grads.data(), p.x, options, rng, ws),
                       doctest::Contains("needs a Gaussian latent"), std::invalid_argument);
}
