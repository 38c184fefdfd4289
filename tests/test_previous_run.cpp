// The training curves' ghost: the run before a restart, kept while comparable,
// shown again after a restart or an estimator switch.
#include <doctest/doctest.h>

#include <memory>

#include "live/series/previous_run.hpp"

using latent::EncoderGradient;
using latent::MetricPoint;
using latent::MetricRecorder;
using latent::PreviousRun;
using latent::Snapshot;

namespace {
// A snapshot of run `run` on `dataset` after `steps` training steps.
std::shared_ptr<const Snapshot> snapshot(uint64_t run, int steps, const char* dataset = "sprites",
                                         EncoderGradient estimator = EncoderGradient::Reparameterization) {
  auto s = std::make_shared<Snapshot>();
  s->run = run;
  s->step = steps;
  s->model.dataset = dataset;
  s->training.estimator = estimator;
  MetricRecorder recorder;
  for (int i = 1; i <= steps; ++i) {
    MetricPoint p;
    p.step = i;
    p.elbo = -100.0f - float(run);  // which run a ghost came from
    recorder.append(p);
  }
  s->train_metrics = recorder.publish();
  return s;
}
}  // namespace

TEST_CASE("previous run: a restart keeps the run before it as the ghost, as last seen") {
  PreviousRun ghost;
  CHECK_FALSE(ghost.observe(snapshot(1, 0)));
  CHECK_FALSE(ghost.observe(snapshot(1, 300)));
  CHECK_FALSE(ghost.observe(snapshot(1, 500)));
  CHECK(ghost.ghost() == nullptr);
  ghost.shown = false;
  CHECK(ghost.observe(snapshot(2, 0)));
  REQUIRE(ghost.ghost() != nullptr);
  CHECK(ghost.ghost()->run == 1);
  CHECK(ghost.ghost()->train_metrics.size() == 500);  // its last frame's curve, not an earlier one
  CHECK(ghost.ghost()->train_metrics.back().elbo == -101.0f);
  CHECK(ghost.shown);  // a restart is when the comparison is wanted
  // The new run goes on: the ghost stays, and so does the user's choice to hide it.
  ghost.shown = false;
  CHECK_FALSE(ghost.observe(snapshot(2, 40)));
  CHECK(ghost.ghost()->run == 1);
  CHECK_FALSE(ghost.shown);
  // The next restart: the second run becomes the ghost.
  CHECK(ghost.observe(snapshot(3, 0)));
  CHECK(ghost.ghost()->run == 2);
}

TEST_CASE("previous run: a run too short to compare leaves the older ghost in place") {
  PreviousRun ghost;
  ghost.observe(snapshot(1, 400));
  ghost.observe(snapshot(2, 3));  // restarted again three steps in
  CHECK(ghost.ghost()->run == 1);
  CHECK_FALSE(ghost.observe(snapshot(3, int(PreviousRun::kMinimumPoints) - 1)));
  CHECK(ghost.ghost()->run == 1);
  CHECK_FALSE(ghost.observe(snapshot(4, 0)));  // run 3 ended with kMinimumPoints - 1 points: still run 1
  CHECK(ghost.ghost()->run == 1);
}

TEST_CASE("previous run: another data set or kind of model has no ghost") {
  PreviousRun ghost;
  ghost.observe(snapshot(1, 400));
  ghost.observe(snapshot(2, 400));
  REQUIRE(ghost.ghost() != nullptr);
  CHECK(ghost.observe(snapshot(3, 0, "moons")));
  CHECK(ghost.ghost() == nullptr);  // neither the sprites run just ended nor the older one
  auto mdn = std::make_shared<Snapshot>(*snapshot(4, 0, "moons"));
  mdn->model.kind = latent::ModelKind::Conditional;
  ghost.observe(snapshot(3, 400, "moons"));
  ghost.observe(mdn);
  CHECK(ghost.ghost() == nullptr);
  CHECK(PreviousRun::comparable(*snapshot(1, 0), *snapshot(9, 0)));
  CHECK_FALSE(PreviousRun::comparable(*snapshot(1, 0), *mdn));
}

TEST_CASE("previous run: an estimator switch within a run shows the ghost again without changing it") {
  PreviousRun ghost;
  ghost.observe(snapshot(1, 400));
  ghost.observe(snapshot(2, 10));
  ghost.shown = false;
  CHECK_FALSE(ghost.observe(snapshot(2, 20)));
  CHECK_FALSE(ghost.shown);
  CHECK_FALSE(ghost.observe(snapshot(2, 30, "sprites", EncoderGradient::ScoreFunction)));
  CHECK(ghost.shown);
  CHECK(ghost.ghost()->run == 1);
}
