// Tests of the persistent team of threads (StepThreads) and of decoding on
// it (ParallelDecoder): split by points or by the layers' inputs, against
// the single-thread decoder.
#include <doctest/doctest.h>

#include <thread>

#include "core/models/parallel_decode.hpp"

using namespace latent;

namespace {

Vae make_vae(std::vector<int> decoder_hidden, Likelihood likelihood) {
  VaeConfig config;
  config.input_dim = 37;
  config.latent_dim = 2;
  config.encoder_hidden = {5};
  config.decoder_hidden = std::move(decoder_hidden);
  config.likelihood = likelihood;
  return Vae(config);
}

// Checks `ready`, which the team's threads make true, for up to a second.
template <class Ready>
bool within_a_second(const Ready& ready) {
  for (int i = 0; i < 1000; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // leaves the CPU to the team
  }
  return ready();
}

}  // namespace

TEST_CASE("workers: decoding on a persistent team of threads gives the single-thread result, call after call") {
  VaeConfig config;
  config.input_dim = 6;
  config.latent_dim = 2;
  config.encoder_hidden = {5};
  config.decoder_hidden = {4, 5};
  const Vae vae(config);
  Rng rng(4);
  FloatBuffer params(vae.param_count());
  vae.init(params.data(), rng);
  Matrix z(2, 37);  // (L, N)
  for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = float(rng.normal());
  Matrix one, two, three, again;  // (D, N)
  Vae::Workspace ws;
  vae.decode(params.data(), z, one, ws);
  ParallelDecoder pair(2), trio(3);
  pair.decode(vae, params.data(), z, two);
  trio.decode(vae, params.data(), z, three);
  // Equal up to float rounding: the GEMM kernel treats leftover columns differently.
  CHECK(one.isApprox(two, 1e-6f));
  CHECK(one.isApprox(three, 1e-6f));
  // The same team again, on fewer columns than threads, then on the first batch: no stale part.
  trio.decode(vae, params.data(), z.leftCols(2), again);
  CHECK(again.isApprox(one.leftCols(2), 1e-6f));
  trio.decode(vae, params.data(), z, again);
  CHECK(again == three);
}

TEST_CASE("workers: one point split by the layers' inputs is the single-thread decode, on 2 and 3 threads") {
  // {150, 130}: the 130x150 layer and the output layer are split, each in a
  // round of its own; 256x2-like small layers are computed whole by every
  // thread. {150, 20}: the output layer's 20 inputs make 2 blocks of 16, so
  // a third thread gets none.
  for (const std::vector<int>& hidden : {std::vector<int>{150, 130}, std::vector<int>{150, 20}})
    for (Likelihood likelihood : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
      const Vae vae = make_vae(hidden, likelihood);
      Rng rng(5);
      FloatBuffer params(vae.param_count());
      vae.init(params.data(), rng);
      for (int n : {1, 3}) {
        Matrix z(2, n);  // (L, N)
        for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = float(rng.normal());
        Matrix single, split, again;  // (D, N)
        Vae::Workspace ws;
        vae.decode(params.data(), z, single, ws);
        for (int threads : {2, 3}) {
          ParallelDecoder team(threads);
          team.decode_by_inputs(vae, params.data(), z, split);
          CAPTURE(hidden[1]); CAPTURE(n); CAPTURE(threads);
          REQUIRE(split.rows() == 37);
          REQUIRE(split.cols() == n);
          // Each product summed in parts: equal up to float rounding.
          CHECK(split.isApprox(single, 1e-5f));
          // The parts are summed in part order: the same numbers every time,
          // through decode() too, whether it splits or works alone.
          team.decode_by_inputs(vae, params.data(), z, again);
          CHECK(again == split);
          team.decode(vae, params.data(), z, again);
          CHECK(again.isApprox(single, 1e-5f));
        }
      }
    }
}

TEST_CASE("workers: a team's threads poll after a round, sleep after kPoll, and poll again when asked") {
  StepThreads team(2);
  int ran = 0;
  team.run(2, [&](int t) {
    if (t == 1) ran = 1;
  });
  CHECK(ran == 1);
  // Asleep once kPoll (0.1 ms) has passed without a round.
  CHECK(within_a_second([&] { return !team.polling(); }));
  // Woken, it polls again: counted, since this thread may not be running
  // during those 0.1 ms to see it. Then asleep again.
  const uint64_t polls = team.polls_started();
  team.wake_to_poll();
  CHECK(within_a_second([&] { return team.polls_started() > polls; }));
  CHECK(within_a_second([&] { return !team.polling(); }));
  // A round still runs every part after all that.
  ran = 0;
  team.run(2, [&](int t) {
    if (t == 1) ran = 1;
  });
  CHECK(ran == 1);
}
