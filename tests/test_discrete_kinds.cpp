// The discrete latents as model kinds of the trainer: the categorical VAE built from settings
// and the command line, trained by the session with the estimators of its
// latent type, evaluated exactly by enumeration, checkpointed, and its
// latent view's table mass against a brute-force sum over joint codes; the VQ-VAE alike.
#include <doctest/doctest.h>

#include "categorical_fixture.hpp"
#include "core/data/catalog.hpp"
#include "core/io/checkpoint.hpp"
#include "core/train/open_checkpoint.hpp"
#include "core/train/training_session.hpp"
#include "options/run_options.hpp"

using namespace latent;

namespace {

ModelSettings small_categorical(int groups, int categories) {
  ModelSettings m;
  m.kind = ModelKind::Categorical;
  m.dataset = "sprites";
  m.groups = groups;
  m.categories = categories;
  m.encoder_hidden = std::vector<int>{64};
  m.decoder_hidden = std::vector<int>{64};
  return m;
}

std::shared_ptr<const DataSplit> sprites() {
  static const auto data = std::make_shared<const DataSplit>(load_dataset("sprites", 1));
  return data;
}

}  // namespace

// Long run (300 steps): the ASan build skips it (build.sh); the checkpoint case below
// trains by enumeration there.
TEST_CASE("categorical kind: trains by enumeration, and its held-out log p(x) is exact and above the ELBO" *
          doctest::test_suite("long")) {
  TrainSettings training;  // the pathwise default reads as enumeration for a categorical latent
  training.learning_rate = 3e-3f;
  TrainingSession session(small_categorical(2, 4), training, sprites());
  CHECK(session.model().kind() == ModelKind::Categorical);
  const ModelTerms before = session.evaluate_test(300);
  for (int i = 0; i < 300; ++i) REQUIRE(session.step().finite());
  CHECK(session.settings().estimator == EncoderGradient::Enumerate);
  const ModelTerms after = session.evaluate_test(300);
  INFO("log p(x) " << before.log_lik << " -> " << after.log_lik << ", ELBO " << before.bound.elbo() << " -> "
                   << after.bound.elbo());
  CHECK(after.log_lik >= after.bound.elbo() - 1e-6);
  CHECK(before.log_lik >= before.bound.elbo() - 1e-6);
  CHECK(after.bound.elbo() > before.bound.elbo() + 50.0);  // sprites: hundreds of nats to gain
  CHECK(after.log_lik > before.log_lik + 50.0);
  // The probe measures the categorical estimators, against the exact gradient.
  const VarianceProbeResult probe = session.probe_variance(VarianceProbeOptions{});
  CHECK(probe.exact_reference);
  CHECK(probe.estimators.size() == estimators_for(LatentType::Categorical).size());
}

TEST_CASE("categorical kind: beyond 1,000 codes it trains without enumeration and says so by what it measures") {
  TrainingSession session(small_categorical(4, 8), TrainSettings{}, sprites());  // 8^4 = 4,096 codes
  CHECK(session.model().usable_estimator(EncoderGradient::Enumerate) == EncoderGradient::ScoreFunctionLeaveOneOut);
  CHECK(session.model().usable_estimator(EncoderGradient::GumbelSoftmax) == EncoderGradient::GumbelSoftmax);
  for (int i = 0; i < 5; ++i) REQUIRE(session.step().finite());
  const ModelTerms t = session.evaluate_test(100);
  CHECK(t.log_lik == 0.0);  // not enumerable: no exact figure
  CHECK(std::isfinite(t.bound.elbo()));
  CHECK(session.probe_variance(VarianceProbeOptions{}).estimators.empty());
}

TEST_CASE("categorical kind: a checkpoint carries D, K and the architecture; another K is refused by field") {
  TrainingSession session(small_categorical(2, 4), TrainSettings{}, sprites());
  for (int i = 0; i < 3; ++i) session.step();
  const Checkpoint c = session.to_checkpoint();
  CHECK(c.model_kind == "categorical");
  const ModelSettings read = model_settings_from_checkpoint(c, 1);
  CHECK(read.kind == ModelKind::Categorical);
  CHECK(read.groups == 2);
  CHECK(read.categories == 4);
  CHECK(read.encoder_hidden == std::vector<int>{64});
  TrainingSession loaded(read, TrainSettings{}, sprites());
  loaded.load_checkpoint(c);
  CHECK(loaded.params() == session.params());
  CHECK(loaded.evaluate_test(100).log_lik == session.evaluate_test(100).log_lik);
  TrainingSession other(small_categorical(2, 5), TrainSettings{}, sprites());
  CHECK_THROWS_WITH_AS(other.load_checkpoint(c), doctest::Contains("\"categories\" is 4 in the checkpoint"),
                       std::invalid_argument);
}

TEST_CASE("categorical kind: --latent-type categorical picks it and its estimators; others are refused by name") {
  RunOptions categorical;
  categorical.latent_type = "categorical";
  finish_run_options(categorical);
  CHECK(categorical.model.kind == ModelKind::Categorical);
  CHECK(categorical.training.estimator == EncoderGradient::Enumerate);
  RunOptions gumbel = categorical;
  gumbel.model.kind = ModelKind::Vae;
  gumbel.estimator = "gumbel";
  finish_run_options(gumbel);
  CHECK(gumbel.training.estimator == EncoderGradient::GumbelSoftmax);

  RunOptions gaussian;
  gaussian.estimator = "gumbel";
  CHECK_THROWS_WITH_AS(finish_run_options(gaussian), doctest::Contains("--estimator gumbel: not for a VAE"),
                       std::invalid_argument);
  RunOptions mixture;
  mixture.kind = "gmm";
  mixture.latent_type = "categorical";
  CHECK_THROWS_WITH_AS(finish_run_options(mixture), doctest::Contains("only a VAE's latent can be categorical"),
                       std::invalid_argument);
  RunOptions unknown;
  unknown.latent_type = "discrete";
  CHECK_THROWS_WITH_AS(finish_run_options(unknown), doctest::Contains("unknown latent type 'discrete'"),
                       std::invalid_argument);
}

TEST_CASE("categorical kind: the code table's mass is q's marginal over the first two groups (brute force)") {
  for (int groups : {1, 2, 3}) {
    CAPTURE(groups);
    const testing::TinyProblem p(Likelihood::Bernoulli, 7, 5, groups, 3);
    CategoricalEnumeration e;
    p.bound(e);
    const int K = 3;
    CategoricalVae::Workspace ws;
    const Matrix q = group_log_softmax(p.vae.encode(p.params.data(), p.x, ws), groups, K).array().exp().cast<float>();
    const Eigen::MatrixXd mass = code_table_mass(q, groups, K);
    // Sum q(z = c | x) over the joint codes c whose first two groups are (r, col), then average over x.
    Eigen::MatrixXd brute = Eigen::MatrixXd::Zero(groups == 1 ? 1 : K, K);
    for (Eigen::Index c = 0; c < e.log_q.rows(); ++c) {
      const std::vector<int> z = code_categories(c, groups, K);
      brute(groups == 1 ? 0 : z[0], groups == 1 ? z[0] : z[1]) += e.log_q.row(c).array().exp().mean();
    }
    CHECK((mass - brute).cwiseAbs().maxCoeff() < 1e-6);
    CHECK(mass.sum() == doctest::Approx(1.0).epsilon(1e-6));
  }
}

// Long run: the ASan build skips it (build.sh); test_vq_vae.cpp's short run trains the same model there.
TEST_CASE("vq kind: --latent-type vq trains a VQ-VAE whose held-out reconstruction rises and codebook stays in use" *
          doctest::test_suite("long")) {
  RunOptions options;
  options.latent_type = "vq";
  options.model.dataset = "sprites";
  options.model.codebook = 8;
  options.model.encoder_hidden = std::vector<int>{64};
  options.model.decoder_hidden = std::vector<int>{64};
  finish_run_options(options);
  REQUIRE(options.model.kind == ModelKind::Vq);
  options.training.learning_rate = 3e-3f;
  TrainingSession session(options.model, options.training, sprites());
  const ModelTerms before = session.evaluate_test(300);
  for (int i = 0; i < 300; ++i) REQUIRE(session.step().finite());
  const ModelTerms after = session.evaluate_test(300);
  INFO("reconstruction " << before.bound.reconstruction << " -> " << after.bound.reconstruction << ", perplexity "
                         << before.perplexity << " -> " << after.perplexity << ", dead " << after.dead_codes);
  CHECK(after.bound.reconstruction > before.bound.reconstruction + 50.0);
  CHECK(after.bound.kl == doctest::Approx(std::log(8.0)));  // one-hot q, uniform prior over 8 entries
  CHECK(after.perplexity > 1.5);                            // more than one entry in use
  CHECK(after.perplexity <= 8.0 + 1e-9);
  CHECK(after.dead_codes < 8.0);
  CHECK(session.probe_variance(VarianceProbeOptions{}).estimators.empty());  // straight-through: nothing to compare

  const Checkpoint c = session.to_checkpoint();
  CHECK(c.model_kind == "vq");
  const ModelSettings read = model_settings_from_checkpoint(c, 1);
  CHECK(read.kind == ModelKind::Vq);
  CHECK(read.codebook == 8);
  TrainingSession loaded(read, TrainSettings{}, sprites());
  loaded.load_checkpoint(c);
  CHECK(loaded.evaluate_test(100).bound.reconstruction == session.evaluate_test(100).bound.reconstruction);
  ModelSettings other = read;
  other.codebook = 9;
  TrainingSession wrong(other, TrainSettings{}, sprites());
  CHECK_THROWS_WITH_AS(wrong.load_checkpoint(c), doctest::Contains("\"codebook\" is 8 in the checkpoint"),
                       std::invalid_argument);
}
