// A diverged run: the trainer goes back to the parameters of its last finite
// step (with that step's number), names a likely cause, and can roll back and
// lower the learning rate.
#include <doctest/doctest.h>

#include <string>

#include "core/data/catalog.hpp"
#include "core/train/divergence.hpp"
#include "core/train/trainer.hpp"
#include "snapshot_wait.hpp"

using namespace latent;
using latent::testing::wait_for;

TEST_CASE("divergence: the trainer keeps the parameters of the last finite step, with its real step number") {
  ModelSettings model;
  model.dataset = "moons";
  TrainSettings training;
  training.learning_rate = 1e9f;  // certain to blow up within a few steps, before the first publish
  Trainer trainer(model, training);
  auto s = wait_for(trainer, [](const Snapshot& s) { return s.state == RunState::Diverged; });
  REQUIRE(s->state == RunState::Diverged);
  CAPTURE(s->message);
  const std::string said = "paused with the parameters of step ";
  const size_t at = s->message.find(said);
  REQUIRE(at != std::string::npos);
  const int64_t kept = std::stoll(s->message.substr(at + said.size()));
  CHECK(kept >= 0);
  CHECK(s->step == kept);
  REQUIRE(s->params);

  // The same run replayed to that step, by a session of its own: the very same parameters.
  TrainingSession replay(model, training, std::make_shared<const DataSplit>(load_dataset("moons", model.seed)));
  for (int64_t i = 0; i < kept; ++i) replay.step();
  CHECK(*s->params == replay.params());
  CHECK(ConstVectorMap(s->params->data(), Eigen::Index(s->params->size())).allFinite());
  CHECK(s->divergence_cause.find("learning rate 1e+09 is high") != std::string::npos);

  trainer.post(command::Pause{});
  const uint64_t ticket = trainer.post(command::RollBackAndLowerRate{});
  s = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= ticket; });
  CHECK(s->training.learning_rate == 1e8f);
  CHECK(s->state == RunState::Paused);
  CHECK(s->step == kept);
  CHECK(*s->params == replay.params());
  CHECK(s->divergence_cause.empty());
}

TEST_CASE("divergence: the likely cause names the data's scale before the learning rate") {
  Dataset tiny;
  tiny.kind = DataKind::Points;
  tiny.dim = 2;
  tiny.points.assign(400, 1e-40f);
  TrainSettings training;
  CHECK(likely_divergence_cause(training, tiny).find("tiny") != std::string::npos);
  tiny.points.assign(400, 3e6f);
  CHECK(likely_divergence_cause(training, tiny).find("reach 3e+06") != std::string::npos);
  tiny.points.assign(400, 0.5f);
  training.learning_rate = 0.5f;
  CHECK(likely_divergence_cause(training, tiny).find("learning rate 0.5 is high") != std::string::npos);
  CHECK(lowered_learning_rate(0.5f) == 0.05f);
  CHECK(lowered_learning_rate(1e-7f) == float(kMinLearningRate));
}
