// The trainer's curve history: every point at first, then thinned so that a
// long run's memory grows with the logarithm of its length.
#include <doctest/doctest.h>

#include <cstdint>

#include "core/train/metric_series.hpp"

using latent::MetricPoint;
using latent::MetricRecorder;
using latent::MetricSeries;

namespace {
MetricPoint point_at(int64_t step) {
  MetricPoint p;
  p.step = step;
  p.elbo = -float(step);
  return p;
}
}  // namespace

TEST_CASE("metric series: every point up to full resolution, then strides doubling with the count") {
  const uint64_t full = MetricRecorder::kFullResolution;
  CHECK(MetricRecorder::stride(0) == 1);
  CHECK(MetricRecorder::stride(full - 1) == 1);
  CHECK(MetricRecorder::stride(full) == 2);
  CHECK(MetricRecorder::stride(2 * full - 1) == 2);
  CHECK(MetricRecorder::stride(2 * full) == 4);
  CHECK(MetricRecorder::stride(4 * full) == 8);

  MetricRecorder recorder;
  const int64_t offered = int64_t(3 * full);
  for (int64_t step = 1; step <= offered; ++step) recorder.append(point_at(step));
  const MetricSeries series = recorder.publish();
  // [0, full): all; [full, 2 full): every 2nd; [2 full, 3 full): every 4th.
  REQUIRE(series.size() == full + full / 2 + full / 4);
  for (uint64_t i = 0; i < full; i += 4099) CHECK(series[i].step == int64_t(i) + 1);
  // Past full resolution: each stretch [k full, (k+1) full) of offered points
  // (steps k full + 1, ...) starts with a kept point and keeps every 2nd, then 4th.
  struct Stretch {
    uint64_t first_index, kept, stride;
  };
  bool spacing_ok = true;
  for (const Stretch stretch : {Stretch{full, full / 2, 2}, Stretch{full + full / 2, full / 4, 4}}) {
    CAPTURE(stretch.stride);
    for (uint64_t j = 0; j < stretch.kept; ++j) {
      const MetricPoint& p = series[stretch.first_index + j];
      const int64_t want_step = int64_t((stretch.first_index == full ? full : 2 * full) + j * stretch.stride) + 1;
      spacing_ok = spacing_ok && p.step == want_step && p.elbo == -float(want_step);
    }
  }
  CHECK(spacing_ok);

  // Clearing starts again at full resolution.
  recorder.clear();
  for (int64_t step = 1; step <= 10; ++step) recorder.append(point_at(step));
  CHECK(recorder.publish().size() == 10);
}
