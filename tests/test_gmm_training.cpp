// The mixture of Gaussians as a model kind: EM's half-steps through the
// session and the trainer (E then M, the ELBO touching log p(x) after each
// E-step and below it after each M-step), gradient ascent through Adam,
// checkpoints, and the one-line refusal of image data.
#include <doctest/doctest.h>

#include "core/data/catalog.hpp"
#include "core/models/gmm_amortized_q.hpp"
#include "core/train/open_checkpoint.hpp"
#include "core/train/trainer.hpp"
#include "core/train/training_session.hpp"
#include "snapshot_wait.hpp"

using namespace latent;

namespace {

ModelSettings mixture(MixtureFit fit, const std::string& dataset = "gaussians") {
  ModelSettings m;
  m.kind = ModelKind::Mixture;
  m.dataset = dataset;
  m.mixture_fit = fit;
  return m;
}

using testing::toy;
using testing::wait_for;

}  // namespace

TEST_CASE("mixture kind: session steps alternate E and M; the ELBO equals log p(x) after E, is below it after M") {
  TrainingSession session(mixture(MixtureFit::Em, "pinwheel"), TrainSettings{}, toy("pinwheel"));
  CHECK(session.param_count() == 8 * 6 + GmmAmortizedQ(8).param_count());  // 48: already on a 16-float boundary
  Snapshot snap;
  double last_log_lik = -1e300;
  for (int half = 0; half < 40; ++half) {
    const ModelTerms t = session.step();
    session.model().share(snap);
    REQUIRE(snap.mixture);
    REQUIRE(snap.mixture->last);
    CHECK(*snap.mixture->last == (half % 2 == 0 ? EmHalf::E : EmHalf::M));
    CHECK(snap.mixture->q->cols() == Eigen::Index(session.data()->train.size()));
    if (half % 2 == 0) {
      CHECK(t.bound.elbo() == doctest::Approx(t.log_lik).epsilon(1e-9));
    } else {
      CHECK(t.bound.elbo() <= t.log_lik);
    }
    // Monotone up to the float storage of the parameters.
    CHECK(t.log_lik >= last_log_lik - 1e-5);
    last_log_lik = t.log_lik;
  }
  CHECK(session.epoch() == doctest::Approx(20.0).epsilon(1e-3));  // one epoch per EM iteration
}

TEST_CASE("mixture kind: an explicit M-step before any E-step is an E-step; two M-steps in a row change nothing") {
  TrainingSession session(mixture(MixtureFit::Em), TrainSettings{}, toy("gaussians"));
  Snapshot snap;
  const ModelTerms first = session.em_half_step(EmHalf::M);
  session.model().share(snap);
  CHECK(*snap.mixture->last == EmHalf::E);
  CHECK(first.bound.elbo() == doctest::Approx(first.log_lik).epsilon(1e-9));
  const ModelTerms m1 = session.em_half_step(EmHalf::M);
  const FloatBuffer after_one = session.params();
  const ModelTerms m2 = session.em_half_step(EmHalf::M);
  CHECK(m2.log_lik == doctest::Approx(m1.log_lik).epsilon(1e-6));
  // The mixture's values; the amortized q beside it trains in every half-step.
  for (size_t i = 0; i < 8 * 6; ++i) CHECK(session.params()[i] == doctest::Approx(after_one[i]).epsilon(1e-5));
  session.reset(1);  // forgets q: the next half-step is an E-step again
  session.model().share(snap);
  CHECK_FALSE(snap.mixture->q);
  CHECK_FALSE(snap.mixture->last);
}

TEST_CASE("mixture kind: gradient ascent on log p(x) with Adam raises the held-out log-likelihood") {
  TrainSettings training;
  training.learning_rate = 0.02f;
  TrainingSession session(mixture(MixtureFit::Gradient), training, toy("gaussians"));
  CHECK_THROWS_AS(session.em_half_step(EmHalf::E), std::logic_error);
  const double before = session.evaluate_test().log_lik;
  for (int i = 0; i < 600; ++i) REQUIRE(session.step().finite());
  const ModelTerms after = session.evaluate_test();
  MESSAGE("held-out log p(x): " << before << " -> " << after.log_lik);
  CHECK(after.log_lik > before + 0.1);
  CHECK(after.bound.elbo() == doctest::Approx(after.log_lik).epsilon(1e-6));  // q = p(z|x) on held-out points
}

TEST_CASE("mixture kind: a checkpoint restores the parameters; another K is refused by name") {
  const auto data = toy("gaussians");
  TrainingSession session(mixture(MixtureFit::Em), TrainSettings{}, data);
  for (int i = 0; i < 6; ++i) session.step();
  const Checkpoint c = session.to_checkpoint();
  const ModelSettings read = model_settings_from_checkpoint(c, 1);
  CHECK(read.kind == ModelKind::Mixture);
  CHECK(read.components == 8);
  CHECK(read.mixture_fit == MixtureFit::Em);
  TrainingSession loaded(read, TrainSettings{}, data);
  loaded.load_checkpoint(c);
  CHECK(loaded.params() == session.params());
  ModelSettings other = mixture(MixtureFit::Em);
  other.components = 3;
  TrainingSession three(other, TrainSettings{}, data);
  CHECK_THROWS_WITH_AS(three.load_checkpoint(c),
                       "checkpoint holds 8 full-covariance Gaussians in 2-D, fitted by EM, with an amortized q(z|x) = "
                       "softmax(MLP 2-32 tanh-8), this model is 3 full-covariance Gaussians in 2-D, fitted by EM, "
                       "with an amortized q(z|x) = softmax(MLP 2-32 tanh-3)",
                       std::invalid_argument);
}

// Long run: the ASan build skips it (build.sh), its code runs in shorter cases there
// (test_gmm_amortized_q.cpp trains the same q beside EM).
TEST_CASE("mixture kind: the amortized q trains beside EM's half-steps and beside the gradient fit, by the session's estimator" *
          doctest::test_suite("long")) {
  struct Run {
    MixtureFit fit;
    EncoderGradient estimator;  // reparameterization: a Gaussian-only choice, enumeration here
  };
  for (const Run run : {Run{MixtureFit::Em, EncoderGradient::Reparameterization},
                        Run{MixtureFit::Em, EncoderGradient::ScoreFunctionLeaveOneOut},
                        Run{MixtureFit::Gradient, EncoderGradient::Reparameterization}}) {
    CAPTURE(to_string(run.fit));
    CAPTURE(to_string(run.estimator));
    TrainSettings training;
    training.learning_rate = 0.01f;
    training.estimator = run.estimator;
    TrainingSession session(mixture(run.fit), training, toy("gaussians"));
    const double before = session.evaluate_test().amortized_kl;
    for (int i = 0; i < 2000; ++i) REQUIRE(session.step().finite());
    const ModelTerms after = session.evaluate_test();
    MESSAGE(to_string(run.fit) << ", " << to_string(run.estimator) << ": held-out KL(q || p(z|x)) " << before
                               << " -> " << after.amortized_kl << " nats after 2000 steps");
    CHECK(after.amortized_kl >= 0.0);
    CHECK(after.amortized_kl < 0.05);
    CHECK(after.amortized_kl < before);
  }
}

TEST_CASE("mixture kind: a checkpoint without an amortized q loads as such; a mismatch is refused by name") {
  const auto data = toy("gaussians");
  ModelSettings old_model = mixture(MixtureFit::Em);
  old_model.amortized_q = false;  // what every checkpoint from before the amortized q holds
  TrainingSession old_session(old_model, TrainSettings{}, data);
  CHECK(old_session.param_count() == 8 * 6);
  for (int i = 0; i < 4; ++i) old_session.step();
  const Checkpoint c = old_session.to_checkpoint();
  CHECK_FALSE(c.architecture.contains("amortized_q"));
  const ModelSettings read = model_settings_from_checkpoint(c, 1);
  CHECK_FALSE(read.amortized_q);
  TrainingSession loaded(read, TrainSettings{}, data);
  loaded.load_checkpoint(c);
  CHECK(loaded.params() == old_session.params());

  TrainingSession with_q(mixture(MixtureFit::Em), TrainSettings{}, data);
  CHECK_THROWS_WITH_AS(with_q.load_checkpoint(c),
                       "checkpoint holds 8 full-covariance Gaussians in 2-D, fitted by EM, this model is 8 "
                       "full-covariance Gaussians in 2-D, fitted by EM, with an amortized q(z|x) = softmax(MLP "
                       "2-32 tanh-8)",
                       std::invalid_argument);
  Checkpoint odd = with_q.to_checkpoint();
  CHECK(model_settings_from_checkpoint(odd, 1).amortized_q);
  odd.architecture["amortized_q"]["hidden"] = 64;
  CHECK_THROWS_WITH(model_settings_from_checkpoint(odd, 1), doctest::Contains("\"amortized_q\" entry must be {\"hidden\": 32}"));
}

TEST_CASE("mixture kind: image data is refused with the data sets that fit") {
  ModelSettings m = mixture(MixtureFit::Em, "sprites");
  CHECK_THROWS_WITH_AS(TrainingSession(m, TrainSettings{}, toy("sprites")),
                       "the mixture of Gaussians models 2-D points: use --dataset gaussians, moons, rings, pinwheel, "
                       "spirals or csv:<file> with two numeric columns, not sprites",
                       std::invalid_argument);
}

TEST_CASE("trainer: a mixture fitted by EM takes one half-step per E-step or M-step command while paused") {
  TrainerOptions options;
  options.start_paused = true;
  Trainer trainer(mixture(MixtureFit::Em), TrainSettings{}, options);
  auto s = wait_for(trainer, [](const Snapshot& s) { return s.state == RunState::Paused && s.mixture; });
  CHECK_FALSE(s->mixture->last);
  uint64_t ticket = trainer.post(command::EmHalfStep{EmHalf::E});
  s = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= ticket; });
  CHECK(s->step == 1);
  CHECK(*s->mixture->last == EmHalf::E);
  REQUIRE(s->train_metrics.size() == 1);
  CHECK(s->train_metrics.back().elbo == doctest::Approx(s->train_metrics.back().log_lik).epsilon(1e-6));
  ticket = trainer.post(command::EmHalfStep{EmHalf::M});
  s = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= ticket; });
  CHECK(s->step == 2);
  CHECK(*s->mixture->last == EmHalf::M);
  CHECK(s->state == RunState::Paused);
  const MetricPoint e = s->train_metrics[0], m = s->train_metrics[1];
  CHECK(m.elbo > e.elbo);        // the M-step raises the ELBO of the same q
  CHECK(m.log_lik > e.log_lik);  // and log p(x) with it
  CHECK(m.elbo < m.log_lik);     // the gap is open again
}
