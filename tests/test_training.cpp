// Tests of training: determinism of a session, a short run that must reach
// a stated ELBO, and the trainer thread's snapshots and commands. One file
// (a little over 400 lines): every case drives the one trainer through its commands.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/data/catalog.hpp"
#include "core/io/checkpoint.hpp"
#include "core/train/trainer.hpp"
#include "core/train/training_session.hpp"
#include "snapshot_wait.hpp"

using namespace latent;
using namespace std::chrono_literals;

namespace {

using testing::toy;
using testing::wait_for;

}  // namespace

TEST_CASE("training: the same seed replays the same run") {
  auto data = toy("moons");
  ModelSettings model;
  model.dataset = "moons";
  TrainSettings training;
  training.batch_size = 32;
  TrainingSession a(model, training, data), b(model, training, data);
  for (int i = 0; i < 20; ++i) {
    a.step();
    b.step();
  }
  CHECK(a.params() == b.params());
  a.reset(1);
  for (int i = 0; i < 20; ++i) a.step();
  CHECK(a.params() == b.params());
  a.reset(2);
  a.step();
  CHECK(a.params() != b.params());
}

// Long run: the ASan build skips it (build.sh), its code runs in shorter cases there.
TEST_CASE("training: a VAE on the ring of Gaussians reaches a test ELBO of -1.8 nats" * doctest::test_suite("long")) {
  // Fitting N(0, I) to this unit-variance set gives about -2.84 nats; the
  // eight clusters are learnable past -1.8 within 6000 steps (seed 1 reaches about -1.71).
  auto data = toy("gaussians");
  ModelSettings model;
  model.dataset = "gaussians";
  TrainSettings training;
  TrainingSession s(model, training, data);
  const double before = s.evaluate_test().bound.elbo();
  for (int i = 0; i < 6000; ++i) s.step();
  const ElboTerms after = s.evaluate_test().bound;
  MESSAGE("test ELBO " << before << " -> " << after.elbo() << " (recon " << after.reconstruction << ", KL "
                       << after.kl << ")");
  CHECK(before < -2.5);
  CHECK(after.elbo() > -1.8);
}

TEST_CASE("trainer: snapshots arrive in increasing step order and stop joins") {
  TrainSettings training;
  training.batch_size = 16;
  ModelSettings model;
  model.dataset = "moons";
  Trainer trainer(model, training);
  int64_t last_step = -1;
  uint64_t last_sequence = 0;
  int distinct = 0;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (distinct < 20 && std::chrono::steady_clock::now() < deadline) {
    auto s = trainer.latest();
    CHECK(s->sequence >= last_sequence);
    CHECK(s->step >= last_step);
    if (s->sequence != last_sequence) {
      ++distinct;
      if (s->state == RunState::Running) {
        REQUIRE(s->params);
        CHECK(s->train_metrics.offered() == uint64_t(s->step));  // one point per step, the older thinned
        if (!s->train_metrics.empty()) CHECK(s->train_metrics.back().step == s->step);
      }
    }
    last_sequence = s->sequence;
    last_step = s->step;
    std::this_thread::sleep_for(5ms);
  }
  CHECK(distinct >= 20);
  CHECK(last_step > 0);
  const auto t0 = std::chrono::steady_clock::now();
  trainer.stop();
  CHECK(std::chrono::steady_clock::now() - t0 < 2s);
  trainer.stop();  // a second stop is harmless
}

TEST_CASE("trainer: pause, single step, reset and live settings take effect between steps") {
  ModelSettings model;
  model.dataset = "moons";
  TrainerOptions options;
  options.start_paused = true;
  Trainer trainer(model, TrainSettings{}, options);
  auto s = wait_for(trainer, [](const Snapshot& s) { return s.state == RunState::Paused; });
  REQUIRE(s->state == RunState::Paused);
  CHECK(s->step == 0);

  trainer.post(command::Step{3});
  s = wait_for(trainer, [](const Snapshot& s) { return s.step == 3; });
  CHECK(s->step == 3);
  std::this_thread::sleep_for(100ms);
  CHECK(trainer.latest()->step == 3);  // paused: no more steps

  trainer.post(command::SetLearningRate{3e-4f});
  trainer.post(command::SetBatchSize{64});
  trainer.post(command::SetSamples{4});
  s = wait_for(trainer, [](const Snapshot& s) { return s.training.mc_samples == 4; });
  CHECK(s->training.learning_rate == doctest::Approx(3e-4f));
  CHECK(s->training.batch_size == 64);

  // Reset with the same seed gives the freshly initialized parameters.
  const FloatBuffer after_steps = *s->params;
  trainer.post(command::Reset{1});
  s = wait_for(trainer, [](const Snapshot& s) { return s.step == 0 && s.params; });
  TrainingSession fresh(model, TrainSettings{}, s->data);
  CHECK(*s->params == fresh.params());
  CHECK(*s->params != after_steps);

  trainer.post(command::Resume{});
  s = wait_for(trainer, [](const Snapshot& s) { return s.step > 50; });
  CHECK(s->state == RunState::Running);
  CHECK(s->step > 50);
}

TEST_CASE("trainer: held-out figures on demand, at the step they were asked at, once a step") {
  ModelSettings model;
  model.dataset = "moons";
  TrainerOptions options;
  options.start_paused = true;
  Trainer trainer(model, TrainSettings{}, options);
  trainer.post(command::Step{5});
  auto s = wait_for(trainer, [](const Snapshot& s) { return s.step == 5 && s.state == RunState::Paused; });
  REQUIRE(s->step == 5);
  CHECK(s->test_metrics.empty());  // moons: an epoch is far more than 5 steps
  const uint64_t ticket = trainer.post(command::EvaluateHeldOut{});
  trainer.post(command::EvaluateHeldOut{});  // the same step again: nothing new
  s = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= ticket + 1; });
  REQUIRE(s->test_metrics.size() == 1);
  CHECK(s->test_metrics.back().step == 5);
  // The figures are the held-out set's at those parameters: the same as a session's evaluation.
  TrainingSession same(model, TrainSettings{}, s->data);
  for (int i = 0; i < 5; ++i) same.step();
  CHECK(s->test_metrics.back().elbo == doctest::Approx(same.evaluate_test().metric_point(5, same.epoch()).elbo));
}

TEST_CASE("trainer: a diverging run pauses, says so and keeps finite parameters") {
  ModelSettings model;
  model.dataset = "moons";
  TrainSettings training;
  training.learning_rate = 1e9f;  // certain to blow up
  Trainer trainer(model, training);
  auto s = wait_for(trainer, [](const Snapshot& s) { return s.state == RunState::Diverged; });
  REQUIRE(s->state == RunState::Diverged);
  CHECK(s->message.find("diverged") != std::string::npos);
  CHECK(s->divergence_cause.find("learning rate") != std::string::npos);
  if (s->params) CHECK(ConstVectorMap(s->params->data(), Eigen::Index(s->params->size())).allFinite());
}

TEST_CASE("trainer: an unknown data set fails with a message instead of crashing") {
  ModelSettings model;
  model.dataset = "no-such-set";
  Trainer trainer(model, TrainSettings{});
  auto s = wait_for(trainer, [](const Snapshot& s) { return s.state == RunState::Failed; });
  CHECK(s->state == RunState::Failed);
  CHECK(s->message.find("no-such-set") != std::string::npos);
}

TEST_CASE("trainer: commands hammered while a reader takes snapshots (run under ThreadSanitizer)") {
  ModelSettings model;
  model.dataset = "moons";
  TrainSettings training;
  training.batch_size = 8;
  Trainer trainer(model, training);
  std::atomic<bool> done{false};
  std::atomic<int64_t> reads{0};
  std::atomic<double> sink{0.0};  // keeps the reads from being optimized away
  std::thread reader([&] {
    while (!done) {
      auto s = trainer.latest();
      // Touch everything a panel would read.
      double sum = s->epoch + double(s->train_metrics.size());
      if (s->params) sum += (*s->params)[0];
      if (s->codes && s->codes->mu.size()) sum += s->codes->mu(0, 0);
      if (!s->train_metrics.empty()) sum += s->train_metrics.back().elbo;
      sink = sum;
      ++reads;
    }
  });
  for (int i = 0; i < 300; ++i) {
    switch (i % 7) {
      case 0: trainer.post(command::Pause{}); break;
      case 1: trainer.post(command::Step{2}); break;
      case 2: trainer.post(command::Resume{}); break;
      case 3: trainer.post(command::SetLearningRate{1e-3f * float(1 + i % 3)}); break;
      case 4: trainer.post(command::SetBatchSize{8 + i % 16}); break;
      case 5: trainer.post(command::SetBeta{0.5f + 0.1f * float(i % 5)}); break;
      case 6: if (i % 70 == 6) trainer.post(command::Reset{uint64_t(i)}); break;
    }
    std::this_thread::sleep_for(1ms);
  }
  done = true;
  reader.join();
  trainer.stop();
  CHECK(reads > 100);
}

TEST_CASE("trainer: an MDN, its regressor and a conditional VAE train in the same trainer and snapshots") {
  ModelSettings model;
  model.kind = ModelKind::Conditional;
  model.dataset = "bishop-inverse";
  TrainSettings training;
  training.batch_size = 1000;
  training.learning_rate = 1e-2f;
  Trainer trainer(model, training);
  auto s = wait_for(trainer, [](const Snapshot& s) { return s.step >= 300 && !s.test_metrics.empty(); });
  REQUIRE(s->step >= 300);
  CHECK(s->conditional);
  CHECK_FALSE(s->vae);
  CHECK(s->conditional->mdn().components() == 3);  // Bishop's default
  CHECK_FALSE(s->codes);  // no latent codes for the conditional models
  const MetricPoint& p = s->train_metrics.back();
  CHECK(p.kl > 0.0f);  // the conditional VAE's KL(q(z|x,y) || p(z))
  CHECK(p.elbo == doctest::Approx(p.reconstruction - p.kl).epsilon(1e-4));
  CHECK(p.regressor_mse > 0.0f);
  // Bishop's inverse problem after a few hundred full-batch steps: the
  // mixture is already well above a single broad Gaussian (log p ~ -0.6),
  // and the conditional VAE's bound lies below the MDN's exact likelihood.
  CHECK(s->test_metrics.back().mdn_log_lik > -0.6f);
  CHECK(s->test_metrics.back().elbo < s->test_metrics.back().mdn_log_lik + 0.3f);
}

TEST_CASE("training: an MDN checkpoint round-trips and rejects a VAE session") {
  auto data = std::make_shared<const DataSplit>(load_dataset("sinusoid", 3));
  ModelSettings model;
  model.kind = ModelKind::Conditional;
  model.dataset = "sinusoid";
  TrainingSession a(model, TrainSettings{}, data);
  for (int i = 0; i < 5; ++i) a.step();
  const Checkpoint c = a.to_checkpoint();
  CHECK(c.model_kind == "conditional");
  const ModelSettings restored = model_settings_from_checkpoint(c, 1);
  CHECK(restored.kind == ModelKind::Conditional);
  TrainingSession b(restored, TrainSettings{}, data);
  b.load_checkpoint(c);
  CHECK(b.params() == a.params());
  CHECK(b.steps() == 5);
  CHECK(b.evaluate_test().mdn_nll == doctest::Approx(a.evaluate_test().mdn_nll));

  ModelSettings vae_model;
  vae_model.dataset = "sinusoid";
  TrainingSession vae(vae_model, TrainSettings{}, data);
  CHECK_THROWS_WITH_AS(vae.load_checkpoint(c), doctest::Contains("not a VAE"), std::invalid_argument);
}

TEST_CASE("trainer: a pace caps the steps per second and lifting it lets training run free") {
  // Only upper bounds on the paced rate (a slow machine steps less, never
  // more), so the test does not depend on the machine's speed.
  ModelSettings model;
  model.kind = ModelKind::Conditional;
  model.dataset = "sinusoid";
  TrainSettings training;
  training.max_steps_per_second = 40;
  Trainer trainer(model, training);
  auto first = wait_for(trainer, [](const Snapshot& s) { return s.step >= 2; });
  REQUIRE(first->step >= 2);
  const auto t0 = std::chrono::steady_clock::now();
  const int64_t step0 = first->step;
  std::this_thread::sleep_for(500ms);
  const auto later = trainer.latest();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(later->training.max_steps_per_second == 40);
  CHECK(later->step - step0 <= int64_t(40 * elapsed) + 2);
  trainer.post(command::SetPace{0});
  auto free = wait_for(trainer, [&](const Snapshot& s) {
    return s.training.max_steps_per_second == 0 && s.step >= later->step + 10;
  });
  CHECK(free->training.max_steps_per_second == 0);
  CHECK(free->step >= later->step + 10);
  trainer.stop();
}

TEST_CASE("training: the app's default pace is full speed for images, 1,000 steps/s for 2-D points, 200 for (x, y)") {
  for (const DatasetInfo& info : dataset_catalog()) {
    CAPTURE(info.name);
    ModelSettings model;
    model.dataset = info.name;
    CHECK(default_pace(model) == (info.kind == DataKind::Points ? 1000 : 0));
  }
  ModelSettings idx;
  idx.dataset = "idx:/some/folder";
  CHECK(default_pace(idx) == 0);
  ModelSettings mdn;
  mdn.kind = ModelKind::Conditional;
  mdn.dataset = "sinusoid-inverse";
  CHECK(default_pace(mdn) == 200);
}

TEST_CASE("trainer: latent codes carry the parameters they were encoded with, shared with a snapshot of their step") {
  ModelSettings model;
  model.dataset = "moons";
  TrainSettings training;
  Trainer trainer(model, training);
  int checked = 0;
  int64_t last_step = -1;
  while (checked < 5) {
    auto s = wait_for(trainer, [&](const Snapshot& s) { return s.codes && s.codes->step > last_step; });
    REQUIRE(s->codes);
    const LatentCodes& codes = *s->codes;
    last_step = codes.step;
    REQUIRE(codes.params);
    CHECK(codes.step <= s->step);
    // Encoding the held-out examples again with those parameters gives the codes exactly.
    Matrix x, mu, log_var;
    Vae::Workspace ws;
    s->data->test.gather(codes.test_indices.data(), 20, x);
    s->vae->encode(codes.params->data(), x, mu, log_var, ws);
    CHECK((mu - codes.mu.leftCols(20)).norm() == 0.0f);
    CHECK((log_var - codes.log_var.leftCols(20)).norm() == 0.0f);
    ++checked;
  }
  trainer.post(command::Pause{});
  auto paused = wait_for(trainer, [&](const Snapshot& s) {
    return s.state == RunState::Paused && s.codes && s.codes->step == s.step;
  });
  CHECK(paused->codes->params == paused->params);  // one copy for both when they are of one step
  trainer.stop();
}

TEST_CASE("trainer: opening a checkpoint adopts its model; a damaged one leaves the running model as it was") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "latentlab-trainer-load";
  fs::create_directories(dir);
  const std::string good = (dir / "moons.ckpt").string(), bad = (dir / "bad.ckpt").string();
  {
    // A prepared model: 200 steps on moons, saved.
    ModelSettings model;
    model.dataset = "moons";
    model.seed = 5;
    TrainSettings training;
    TrainingSession session(model, training, std::make_shared<const DataSplit>(load_dataset("moons", 5)));
    for (int i = 0; i < 200; ++i) session.step();
    save_checkpoint(good, session.to_checkpoint());
    std::ofstream(bad) << "not a checkpoint";
  }
  ModelSettings model;
  model.dataset = "rings";
  TrainSettings training;
  TrainerOptions options;
  options.start_paused = true;
  Trainer trainer(model, training, options);
  auto before = wait_for(trainer, [](const Snapshot& s) { return s.state == RunState::Paused && s.params; });
  REQUIRE(before->params);

  trainer.post(command::Load{bad});
  auto after_bad = wait_for(trainer, [&](const Snapshot& s) { return s.message.find("bad.ckpt") != std::string::npos; });
  CHECK(after_bad->message.find(bad) == 0);  // one line that starts with the file
  CHECK(after_bad->run == before->run);
  CHECK(after_bad->model.dataset == "rings");
  REQUIRE(after_bad->params);
  CHECK(*after_bad->params == *before->params);

  trainer.post(command::Load{good});
  auto opened = wait_for(trainer, [&](const Snapshot& s) { return s.run > before->run && s.params; });
  CHECK(opened->model.dataset == "moons");
  CHECK(opened->step == 200);
  CHECK(opened->message.find("opened") == 0);
  const Checkpoint c = load_checkpoint(good);
  CHECK(*opened->params == c.params);
  trainer.stop();
  fs::remove_all(dir);
}

TEST_CASE("trainer: a command's ticket names the snapshot that answers it, even when the answer repeats the last one") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "latentlab-trainer-tickets";
  fs::create_directories(dir);
  const std::string bad = (dir / "bad.ckpt").string(), saved = (dir / "saved.ckpt").string();
  std::ofstream(bad) << "not a checkpoint";
  ModelSettings model;
  model.dataset = "moons";
  TrainerOptions options;
  options.start_paused = true;
  Trainer trainer(model, TrainSettings{}, options);
  auto ready = wait_for(trainer, [](const Snapshot& s) { return s.state == RunState::Paused && s.params; });
  REQUIRE(ready->params);
  // The same failed open twice: the second answer reads like the first, and only the ticket tells them apart.
  const uint64_t first = trainer.post(command::Load{bad});
  auto answered = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= first; });
  CHECK(answered->message.rfind(bad, 0) == 0);
  const uint64_t second = trainer.post(command::Load{bad});
  CHECK(second == first + 1);
  auto again = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= second; });
  CHECK(again->commands_done >= second);
  CHECK(again->message == answered->message);
  // Commands that set no message count too: a save's answer is the snapshot after them all.
  trainer.post(command::SetBeta{0.5f});
  const uint64_t save = trainer.post(command::Save{saved});
  auto after_save = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= save; });
  CHECK(after_save->message == "saved " + saved + " at step 0");
  CHECK(after_save->training.beta == 0.5f);
  CHECK(fs::exists(saved));
  trainer.stop();
  fs::remove_all(dir);
}

TEST_CASE("trainer: SetThreads splits the steps, its snapshots say on how many threads, and a reset keeps it") {
  ModelSettings model;
  model.dataset = "moons";
  Trainer trainer(model, TrainSettings{.batch_size = 32});
  const int cores = std::max(1, int(std::thread::hardware_concurrency()));
  CHECK(wait_for(trainer, [](const Snapshot& s) { return s.step > 0; })->training_threads == 1);
  const uint64_t two = trainer.post(command::SetThreads{2});
  auto s = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= two; });
  CHECK(s->training_threads == std::min(2, cores));
  const uint64_t reset = trainer.post(command::Reset{3});
  s = wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= reset && s.step > 20; });
  CHECK(s->training_threads == std::min(2, cores));  // steps ran on two threads meanwhile
  CHECK(s->step > 20);
  const uint64_t one = trainer.post(command::SetThreads{1});
  CHECK(wait_for(trainer, [&](const Snapshot& s) { return s.commands_done >= one; })->training_threads == 1);
  trainer.stop();
}
