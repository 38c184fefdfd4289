// Tests of a training step split across threads: the split gradient against
// its parts computed one by one through the models' own API, determinism for
// a given thread count, one thread as the unsplit step, tiny batches.
#include <doctest/doctest.h>

#include <numeric>
#include <thread>

#include "core/data/catalog.hpp"
#include "core/train/kinds/trainable_conditional.hpp"
#include "core/train/kinds/trainable_vae.hpp"
#include "core/train/parallel_gradient.hpp"
#include "core/train/training_session.hpp"

using namespace latent;

namespace {

struct Fixture {
  DataSplit data;
  std::unique_ptr<TrainableModel> model;
  FloatBuffer params;
  Matrix batch;  // (D, B): the first B training examples

  Fixture(ModelKind kind, const std::string& dataset, int B) : data(load_dataset(dataset, 1)) {
    ModelSettings settings;
    settings.kind = kind;
    settings.dataset = dataset;
    model = make_trainable_model(settings, data.train);
    params.assign(model->param_count(), 0.0f);
    Rng init(7);
    model->init(params.data(), init);
    std::vector<int> idx(B);
    std::iota(idx.begin(), idx.end(), 0);
    data.train.gather(idx.data(), B, batch);
  }
  FloatBuffer zeros() const { return FloatBuffer(params.size(), 0.0f); }
};

float max_abs_difference(const FloatBuffer& a, const FloatBuffer& b, size_t begin, size_t end) {
  float worst = 0.0f;
  for (size_t i = begin; i < end; ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

// A 2-D VAE on the moons, on one thread.
TrainingSession moons_session(int batch_size) {
  ModelSettings model;
  model.dataset = "moons";
  return TrainingSession(model, TrainSettings{.batch_size = batch_size},
                         std::make_shared<const DataSplit>(load_dataset("moons", 1)));
}

float max_abs(const FloatBuffer& a) {
  float m = 0.0f;
  for (float v : a) m = std::max(m, std::abs(v));
  return m;
}

}  // namespace

TEST_CASE("trainer: a VAE step split across 2 or 3 threads is its parts' gradients weighted B_t/B") {
  Fixture f(ModelKind::Vae, "moons", 10);
  const Vae& vae = dynamic_cast<const TrainableVae&>(*f.model).vae();
  // Part sizes of 10 columns, written out: contiguous, larger parts first.
  const std::vector<std::pair<int, std::vector<int>>> splits = {{2, {5, 5}}, {3, {4, 3, 3}}};
  for (EncoderGradient estimator : {EncoderGradient::Reparameterization, EncoderGradient::ScoreFunctionRunningMean,
                                    EncoderGradient::ScoreFunctionLeaveOneOut}) {
    for (const auto& case_ : splits) {
      const int threads = case_.first;  // not a structured binding: clang 14 cannot capture one in CAPTURE
      const std::vector<int>& sizes = case_.second;
      CAPTURE(to_string(estimator));
      CAPTURE(threads);
      ElboOptions options;
      options.estimator = estimator;
      options.samples = 3;
      options.baseline = -1.5f;
      ParallelGradient split(*f.model);
      split.set_threads(threads);
      REQUIRE(split.threads() == threads);
      FloatBuffer grads = f.zeros();
      Rng noise(42);
      const ModelTerms got = split.compute(f.params.data(), grads.data(), f.batch, options, noise);

      // The same parts one after another: each part's noise seeded by the next draw of the step's stream.
      Rng seeds(42);
      std::vector<uint64_t> part_seeds;
      for (size_t t = 0; t < sizes.size(); ++t) part_seeds.push_back(seeds.next_u64());
      FloatBuffer want = f.zeros();
      ElboTerms want_terms;
      int begin = 0;
      for (size_t t = 0; t < sizes.size(); ++t) {
        Rng rng(part_seeds[t]);
        Vae::Workspace ws;
        FloatBuffer part = f.zeros();
        const Matrix x = f.batch.middleCols(begin, sizes[t]);
        const ElboTerms terms = vae.loss_and_gradient(f.params.data(), part.data(), x, options, rng, ws);
        const float w = float(sizes[t]) / 10.0f;
        for (size_t i = 0; i < want.size(); ++i) want[i] += w * part[i];
        want_terms.reconstruction += w * terms.reconstruction;
        want_terms.kl += w * terms.kl;
        begin += sizes[t];
      }
      CHECK(max_abs_difference(grads, want, 0, want.size()) <= 1e-6f * (1.0f + max_abs(want)));
      CHECK(got.bound.reconstruction == doctest::Approx(want_terms.reconstruction).epsilon(1e-6));
      CHECK(got.bound.kl == doctest::Approx(want_terms.kl).epsilon(1e-6));
      CHECK(noise.next_u64() == seeds.next_u64());  // the step's stream gave exactly one seed per part
    }
  }
}

TEST_CASE("trainer: the conditional models' split step keeps their noise-free gradients and terms") {
  // The MDN and the regressor draw no noise: split or not, the same mean loss and gradient.
  Fixture f(ModelKind::Conditional, "sinusoid", 30);
  const ConditionalModels& models = dynamic_cast<const TrainableConditional&>(*f.model).models();
  ElboOptions options;
  FloatBuffer whole = f.zeros(), split_grads = f.zeros();
  Rng noise(3);
  auto scratch = f.model->make_step_scratch();
  const ModelTerms want = f.model->loss_and_gradient(f.params.data(), whole.data(), f.batch, options, noise, *scratch);
  ParallelGradient split(*f.model);
  split.set_threads(3);
  const ModelTerms got = split.compute(f.params.data(), split_grads.data(), f.batch, options, noise);
  CHECK(got.mdn_nll == doctest::Approx(want.mdn_nll).epsilon(1e-5));
  CHECK(got.regressor_mse == doctest::Approx(want.regressor_mse).epsilon(1e-5));
  CHECK(got.bound.kl > 0.0);  // the conditional VAE's terms are combined too
  const size_t end = models.cvae_offset();
  CHECK(max_abs_difference(split_grads, whole, 0, end) <= 1e-5f * (1.0f + max_abs(whole)));
}

TEST_CASE("trainer: one thread, or a batch smaller than the threads, is the unsplit step bit for bit") {
  Fixture f(ModelKind::Vae, "moons", 1);
  ElboOptions options;
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    ParallelGradient split(*f.model);
    split.set_threads(threads);
    FloatBuffer got = f.zeros(), want = f.zeros();
    Rng a(5), b(5);
    auto scratch = f.model->make_step_scratch();
    const ModelTerms t1 = split.compute(f.params.data(), got.data(), f.batch, options, a);  // B = 1
    const ModelTerms t2 = f.model->loss_and_gradient(f.params.data(), want.data(), f.batch, options, b, *scratch);
    split.deferred_gradients().write_into(got.data());  // one example: the weights' gradients came as factors
    CHECK(got == want);
    CHECK(t1.bound.reconstruction == t2.bound.reconstruction);
    CHECK(a.next_u64() == b.next_u64());  // the same draws from the step's stream
  }
}

TEST_CASE("trainer: one example defers every weight gradient to its factors; a split step defers none") {
  Fixture f(ModelKind::Vae, "moons", 2);
  const Vae& vae = dynamic_cast<const TrainableVae&>(*f.model).vae();
  const size_t weight_blocks = vae.encoder().layer_count() + vae.decoder().layer_count();
  ElboOptions options;
  ParallelGradient split(*f.model);
  FloatBuffer grads = f.zeros();
  Rng noise(1);
  split.compute(f.params.data(), grads.data(), f.batch.leftCols(1), options, noise);
  CHECK(split.deferred_gradients().size() == weight_blocks);
  split.set_threads(2);
  split.compute(f.params.data(), grads.data(), f.batch, options, noise);  // two parts of one example each
  CHECK(split.deferred_gradients().size() == 0);

  // The parts' dense gradients were summed: none may be missing a block.
  FloatBuffer want = f.zeros();
  Rng seeds(2);
  split.compute(f.params.data(), grads.data(), f.batch, options, seeds);
  Rng replay(2);
  const uint64_t first = replay.next_u64(), second = replay.next_u64();
  for (int t = 0; t < 2; ++t) {
    Rng rng(t == 0 ? first : second);
    Vae::Workspace ws;
    FloatBuffer part = f.zeros();
    vae.loss_and_gradient(f.params.data(), part.data(), f.batch.middleCols(t, 1), options, rng, ws);
    for (size_t i = 0; i < want.size(); ++i) want[i] += 0.5f * part[i];
  }
  CHECK(max_abs_difference(grads, want, 0, want.size()) <= 1e-6f * (1.0f + max_abs(want)));
}

TEST_CASE("trainer: Adam on a deferred one-example gradient is Adam on the dense gradient, bit for bit") {
  // The moons' VAE has 4-row and 2-column blocks; the sprites' are image-sized.
  for (const char* dataset : {"moons", "sprites"}) {
    for (int threads : {1, 2}) {
      CAPTURE(dataset);
      CAPTURE(threads);
      Fixture f(ModelKind::Vae, dataset, 1);
      ElboOptions options;
      FloatBuffer p1 = f.params, p2 = f.params;
      Adam deferred_adam(p1.size()), dense_adam(p2.size());
      ParallelGradient split(*f.model);
      split.set_threads(threads);
      auto scratch = f.model->make_step_scratch();
      Rng a(11), b(11);
      for (int step = 0; step < 3; ++step) {
        FloatBuffer sparse = f.zeros(), dense = f.zeros();
        split.compute(p1.data(), sparse.data(), f.batch, options, a);
        REQUIRE(split.deferred_gradients().size() > 0);
        deferred_adam.begin_step(AdamSettings{});
        split.adam_update(deferred_adam, p1.data(), sparse.data());
        f.model->loss_and_gradient(p2.data(), dense.data(), f.batch, options, b, *scratch);
        dense_adam.step(p2.data(), dense.data(), AdamSettings{});
      }
      CHECK(p1 == p2);
      CHECK(deferred_adam.first_moment() == dense_adam.first_moment());
      CHECK(deferred_adam.second_moment() == dense_adam.second_moment());
    }
  }
}

TEST_CASE("trainer: Adam over aligned ranges on several threads equals one pass, bit for bit") {
  Fixture f(ModelKind::Vae, "moons", 1);
  const size_t n = 1000 + 7;  // a tail past the last whole vector
  FloatBuffer p1(n), p2(n), g(n);
  Rng rng(9);
  for (size_t i = 0; i < n; ++i) p1[i] = p2[i] = float(rng.normal()), g[i] = float(rng.normal());
  Adam one(n), split(n);
  ParallelGradient threads(*f.model);
  threads.set_threads(3);
  for (int step = 0; step < 3; ++step) {
    one.step(p1.data(), g.data(), AdamSettings{});
    split.begin_step(AdamSettings{});
    threads.for_each_range(n, [&](size_t begin, size_t count) {
      CHECK(begin % Adam::kUpdateAlignment == 0);
      split.update(p2.data(), g.data(), begin, count);
    });
  }
  CHECK(p1 == p2);
  CHECK(one.first_moment() == split.first_moment());
}

TEST_CASE("trainer: the same seed and thread count replay the same run; back on one thread, the one-thread run") {
  const int cores = std::max(1, int(std::thread::hardware_concurrency()));
  TrainingSession a = moons_session(32), b = moons_session(32), single = moons_session(32), back = moons_session(32);
  a.set_threads(2);
  b.set_threads(2);
  back.set_threads(2);
  back.set_threads(1);
  CHECK(a.threads() == std::min(2, cores));
  CHECK(single.threads() == 1);  // a session starts on one thread
  for (int i = 0; i < 20; ++i) {
    a.step();
    b.step();
    single.step();
    back.step();
  }
  CHECK(a.params() == b.params());
  CHECK(back.params() == single.params());
  if (cores > 1) CHECK(a.params() != single.params());  // two parts draw other noise
  a.set_threads(1000);
  CHECK(a.threads() == cores);  // clamped to the machine
}

TEST_CASE("trainer: a minibatch of one on two threads trains as on one") {
  TrainingSession a = moons_session(1), b = moons_session(1);
  a.set_threads(2);
  for (int i = 0; i < 10; ++i) {
    CHECK(a.step().finite());
    b.step();
  }
  CHECK(a.params() == b.params());
}
