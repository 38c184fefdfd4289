// Tests of the window's background workers and what they hand the panels:
// one lifecycle that stops cleanly, decodes equal to decoding here, and bound
// figures that are always all of one model, checked by recomputing them on
// the parameters their tag names. The test command runs these under
// ThreadSanitizer too ("workers:*").
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/data/catalog.hpp"
#include "core/inference/point_elbo.hpp"
#include "live/probes/bound_probe.hpp"
#include "live/workers/amortization_worker.hpp"
#include "live/workers/decode_worker.hpp"

using namespace latent;
using namespace std::chrono_literals;

namespace {

// A small 2-D-latent VAE of 2-D points, and parameter versions that stand
// for the steps of a training run (each a different random init).
struct SmallModel {
  std::shared_ptr<const Vae> vae;
  std::vector<std::shared_ptr<const FloatBuffer>> versions;

  explicit SmallModel(int count) {
    vae = std::make_shared<const Vae>(VaeConfig{.input_dim = 2, .latent_dim = 2, .encoder_hidden = {8},
                                                .decoder_hidden = {8}, .likelihood = Likelihood::Gaussian});
    for (int i = 0; i < count; ++i) {
      Rng rng(uint64_t(100 + i));
      auto p = std::make_shared<FloatBuffer>(vae->param_count(), 0.0f);
      vae->init(p->data(), rng);
      versions.push_back(p);
    }
  }

  int version_of(const FloatBuffer* p) const {
    for (size_t i = 0; i < versions.size(); ++i)
      if (versions[i].get() == p) return int(i);
    return -1;
  }

  Snapshot snapshot(int version, RunState state = RunState::Running) const {
    Snapshot s;
    s.vae = vae;
    s.params = versions[size_t(version)];
    s.step = 100 * version;
    s.state = state;
    return s;
  }
};

// A tiny Bernoulli VAE of the built-in 28x28 sprites (what non-amortized training supports).
VaeConfig small_image_vae() {
  return {.input_dim = 784, .latent_dim = 2, .encoder_hidden = {16}, .decoder_hidden = {16},
          .likelihood = Likelihood::Bernoulli};
}

Matrix point(float a, float b) {
  Matrix x(2, 1);
  x << a, b;
  return x;
}

// Polls `done` until it holds; no time limit, so a slow (sanitized) build
// only takes longer. A hang is a failure of the code under test.
template <typename Done>
void poll_until(Done done) {
  while (!done()) std::this_thread::sleep_for(1ms);
}

// What an honest set must satisfy: every part is of the set's model, and the
// figures are what core computes on those parameters for that x.
void check_consistent(const BoundShown& shown, const SmallModel& m, const Matrix& x) {
  REQUIRE(shown.model.params);
  const int version = m.version_of(shown.model.params.get());
  REQUIRE(version >= 0);
  CHECK(shown.model.step == 100 * version);
  Vae::Workspace ws;
  const DiagonalGaussian q = encode_one(*m.vae, shown.model.params->data(), x, ws);
  if (shown.posterior) {
    CHECK(shown.posterior->tag.same_model(shown.model));
    CHECK((shown.posterior->q.mu - q.mu).norm() < 1e-9);
  }
  if (shown.figures) {
    CHECK(shown.figures->tag.same_model(shown.model));
    CHECK((shown.figures->q.mu - q.mu).norm() < 1e-9);
    const PointElbo elbo = point_elbo_by_quadrature(*m.vae, shown.model.params->data(), x, q, 64, ws);
    CHECK(shown.figures->elbo.elbo() == doctest::Approx(elbo.elbo()).epsilon(1e-9));
  }
  if (shown.vi) CHECK(shown.vi->tag.same_model(shown.model));
}

}  // namespace

TEST_CASE("workers: a worker thread wakes on notify, and stop() ends a loop that is waiting") {
  WorkerThread thread;
  int jobs = 0, done = 0;  // guarded by thread.mutex()
  thread.start([&] {
    while (true) {
      std::unique_lock lock(thread.mutex());
      if (!thread.wait(lock, [&] { return jobs > done; })) return;
      ++done;
    }
  });
  for (int i = 0; i < 5; ++i) {
    {
      std::lock_guard lock(thread.mutex());
      ++jobs;
    }
    thread.notify();
  }
  poll_until([&] {
    std::lock_guard lock(thread.mutex());
    return done == 5;
  });
  thread.stop();
  CHECK(thread.stop_requested());
  thread.stop();  // a second stop is harmless
}

TEST_CASE("workers: a mailbox keeps only the newest job and hands a result out once") {
  Mailbox<int, int> box;
  CHECK_FALSE(box.busy());
  box.job = 1;
  box.job = 2;  // replaces 1, which never started
  CHECK(box.busy());
  CHECK(box.start() == 2);
  CHECK(box.busy());  // running
  box.finish(20);
  CHECK_FALSE(box.busy());
  CHECK(box.take() == 20);
  CHECK_FALSE(box.take().has_value());
}

TEST_CASE("workers: the decode worker's result equals decoding the same z here") {
  SmallModel m(1);
  DecodeWorker worker;
  DecodeWorker::Job job;
  job.vae = m.vae;
  job.params = m.versions[0];
  job.z = Matrix::Random(2, 7);
  job.generation = 42;
  const Matrix z = job.z;
  worker.submit(DecodeWorker::ManifoldGrid, std::move(job));
  std::optional<DecodeWorker::Result> r;
  poll_until([&] { return (r = worker.take(DecodeWorker::ManifoldGrid)).has_value(); });
  CHECK(r->generation == 42);
  CHECK(r->params == m.versions[0]);
  Matrix expected;
  Vae::Workspace ws;
  m.vae->decode(m.versions[0]->data(), z, expected, ws);
  REQUIRE(r->mean.cols() == 7);
  CHECK((r->mean - expected).norm() == 0.0);
  CHECK_FALSE(worker.pending(DecodeWorker::ManifoldGrid));
}

TEST_CASE("workers: a bound set's picture and figures are of one model, though pictures of others are asked meanwhile") {
  SmallModel m(4);
  BoundWorker worker;
  const Matrix x = point(0.3f, -0.2f);
  for (int round = 0; round < 3; ++round) {
    BoundInput in{m.vae, m.versions[size_t(round)], x, 1, 100 * round};
    worker.request_set(in, LatentRect::around(0, 0, 3, 3), 32, {1, 5}, 4, 64);
    // Pictures of another model while the set is being computed.
    for (int i = 0; i < 3; ++i) {
      BoundInput other{m.vae, m.versions[3], x, 1, 300};
      worker.request_posterior(other, LatentRect::around(0, 0, 2 + i, 2), 24);
      std::this_thread::sleep_for(1ms);
    }
    std::optional<BoundSet> set;
    poll_until([&] { return (set = worker.take_set()).has_value(); });
    REQUIRE(set->figures.error.empty());
    REQUIRE(set->posterior);
    BoundShown shown{set->tag, set->posterior, 0, set->figures, std::nullopt, {}};
    CHECK(m.version_of(set->tag.params.get()) == round);
    check_consistent(shown, m, x);
    CHECK(set->figures.ladder.size() == 2);
  }
}

TEST_CASE("workers: the bound probe never shows a mix of models while training runs, VI starts and stops, and x changes") {
  SmallModel m(5);
  BoundProbeSettings settings;
  settings.set_interval_seconds = 0.0;  // a new set as soon as the last is in: the most chances to mix
  settings.ladder_ks = {1, 5};
  settings.iwae_repetitions = 4;
  settings.vi_steps = 60;
  settings.vi_steps_per_second = 2000.0;
  BoundProbe probe(settings);
  Matrix x = point(0.5f, 0.1f);
  uint64_t x_version = 1;
  probe.set_x(x, x_version);
  PictureRequest picture;
  picture.rect = LatentRect::around(0, 0, 3, 3);
  picture.resolution = 24;
  picture.live = true;

  int version = 0, frames = 0, sets_seen = 0, vi_frames = 0;
  const FloatBuffer* last_model = nullptr;
  auto frame = [&](RunState state) {
    probe.update(m.snapshot(version, state), picture);
    const BoundShown& shown = probe.shown();
    if (shown.model.params) {
      check_consistent(shown, m, x);
      if (shown.model.params.get() != last_model) ++sets_seen;
      last_model = shown.model.params.get();
      if (probe.frozen()) CHECK(shown.model.params == probe.shown().model.params);
    }
    if (shown.vi) {
      CHECK(probe.frozen());
      ++vi_frames;
    }
    ++frames;
    std::this_thread::sleep_for(1ms);
  };
  // Training: the parameters change every few frames; the view pans now and
  // then. 400 frames at least, and on until two sets have been on show: a
  // sanitized build on a busy machine may take longer than 400 ms for them.
  for (int i = 0; i < 400 || sets_seen < 2; ++i) {
    if (i % 7 == 0) version = (version + 1) % 4;
    if (i % 50 == 0) picture.rect = LatentRect::around(0.01 * i, 0, 3, 3);
    frame(RunState::Running);
  }
  // Per-point VI on the model on show, while training goes on underneath.
  poll_until([&] {
    frame(RunState::Running);
    return probe.can_start_vi();
  });
  const auto frozen_on = probe.shown().model.params;
  probe.start_vi();
  for (int i = 0; i < 200 || probe.vi_running(); ++i) {
    if (i % 5 == 0) version = (version + 1) % 4;
    frame(RunState::Running);
    CHECK(probe.shown().model.params == frozen_on);
  }
  CHECK(vi_frames > 0);
  REQUIRE(probe.shown().vi);
  CHECK(probe.shown().vi->finished);
  // q* is at least as good as the encoder's q, both by quadrature on the frozen model.
  CHECK(probe.shown().vi->optimized_elbo.elbo() >= probe.shown().vi->encoder_elbo.elbo());
  // Stop mid-way through a second run, then change x while a set is in flight.
  probe.start_vi();
  for (int i = 0; i < 3; ++i) frame(RunState::Running);
  probe.follow_training();
  CHECK_FALSE(probe.shown().vi);
  for (int i = 0; i < 100; ++i) {
    if (i % 3 == 0) version = (version + 1) % 4;
    if (i == 50) {
      x = point(-0.4f, 0.7f);
      probe.set_x(x, ++x_version);
      CHECK_FALSE(probe.shown().model.params);  // nothing of the old x stays on show
    }
    frame(RunState::Running);
  }
  // Paused: the model on show catches up with the paused parameters.
  poll_until([&] {
    frame(RunState::Paused);
    return probe.shown().model.params == m.versions[size_t(version)] && probe.shown().figures;
  });
  CHECK(frames > 700);
}

TEST_CASE("workers: the amortization comparison runs to a table, and a cancelled one ends without one") {
  auto data = std::make_shared<const DataSplit>(load_dataset("sprites", 1));
  const VaeConfig c = small_image_vae();
  AmortizationComparisonSettings small{
      .train_points = 64, .epochs = 2, .batch_size = 32, .test_points = 2, .test_steps = {0, 10}};
  AmortizationWorker worker;
  worker.start(c, data, "sprites", small);
  poll_until([&] { return !worker.progress().running; });
  INFO(worker.progress().status);
  REQUIRE(worker.result());
  CHECK(worker.result()->train_points == 64);
  CHECK(worker.result_dataset() == "sprites");
  CHECK(worker.progress().status.empty());

  small.epochs = 100000;  // far longer than the test waits
  worker.start(c, data, "sprites", small);
  CHECK_FALSE(worker.result());  // a new start drops the old table
  poll_until([&] { return !worker.progress().status.empty() && worker.progress().running; });
  worker.cancel();
  poll_until([&] { return !worker.progress().running; });
  CHECK_FALSE(worker.result());
}

TEST_CASE("workers: destroying a worker mid-computation stops and joins it") {
  auto data = std::make_shared<const DataSplit>(load_dataset("sprites", 1));
  const VaeConfig c = small_image_vae();
  AmortizationComparisonSettings endless;
  endless.epochs = 100000;
  {
    AmortizationWorker worker;
    worker.start(c, data, "sprites", endless);
    REQUIRE(worker.progress().running);
  }  // the destructor returns only once the thread has ended
  SmallModel m(1);
  {
    BoundProbe probe;
    probe.set_x(point(0, 0), 1);
    probe.update(m.snapshot(0), PictureRequest{LatentRect::around(0, 0, 3, 3), 64, false});
    REQUIRE(probe.updating());  // a set is in flight when the probe goes away
  }
}
