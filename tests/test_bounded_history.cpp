// push_bounded: a history that spans the whole run in bounded memory.
#include <doctest/doctest.h>

#include "core/train/bounded_history.hpp"

using namespace latent;

TEST_CASE("bounded history: never past its limit, the first entry and the newest run kept, older ones thinned") {
  std::vector<int> history;
  for (int i = 0; i < 100000; ++i) {
    push_bounded(history, i, 64);
    REQUIRE(history.size() <= 64);
  }
  CHECK(history.front() == 0);
  CHECK(history.back() == 99999);
  // Increasing (order kept), and the newer half has every entry since the last thinning.
  for (size_t i = 1; i < history.size(); ++i) CHECK(history[i] > history[i - 1]);
  const size_t n = history.size();
  CHECK(history[n - 1] - history[n / 2] == int(n - 1 - n / 2));
  // Below the limit nothing is dropped.
  std::vector<int> short_run;
  for (int i = 0; i < 64; ++i) push_bounded(short_run, i, 64);
  CHECK(short_run.size() == 64);
}
