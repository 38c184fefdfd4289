// The trainer's curve history: every point of the newest, one in a stride of
// the older, and a size that stops growing however long the run.
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

TEST_CASE("metric series: the newest points every one, the older thinned to a stride, the size bounded") {
  MetricRecorder recorder;
  MetricSeries series = recorder.publish();
  CHECK(series.index_after(0) == 0);
  // A short run: every point, at its index.
  for (int64_t step = 1; step <= 5000; ++step) recorder.append(point_at(step));
  series = recorder.publish();
  REQUIRE(series.size() == 5000);
  for (size_t i = 0; i < 5000; i += 7) CHECK(series[i].step == int64_t(i) + 1);
  CHECK(series.index_after(4990) == 4990);

  // A long one: 3 million points (steps 1, 2, ...).
  const int64_t offered = 3'000'000;
  size_t largest = 0;
  for (int64_t step = 5001; step <= offered; ++step) {
    recorder.append(point_at(step));
    if (step % 100'000 == 0) largest = std::max(largest, recorder.publish().size());
  }
  series = recorder.publish();
  largest = std::max(largest, series.size());
  CHECK(largest <= MetricRecorder::kMaxPoints);
  CHECK(series.offered() == uint64_t(offered));
  // The first point is kept, and the older ones are evenly spaced by the stride.
  const uint64_t stride = recorder.stride();
  CHECK(stride > 1);
  CHECK(series[0].step == 1);
  // Gaps of the stride, then one shorter gap where the two parts meet, then gaps of 1.
  auto gap = [&](size_t i) { return series[i].step - series[i - 1].step; };
  size_t i = 1;
  while (i < series.size() && gap(i) == int64_t(stride)) ++i;
  CHECK(i > 1000);
  if (i < series.size() && gap(i) != 1) {
    CHECK(gap(i) > 0);
    CHECK(gap(i) < int64_t(stride));
    ++i;
  }
  while (i < series.size() && gap(i) == 1) ++i;
  CHECK(i == series.size());
  bool values_ok = true;
  for (size_t k = 0; k < series.size(); ++k) values_ok = values_ok && series[k].elbo == -float(series[k].step);
  CHECK(values_ok);
  // The newest kRecent points are every one, up to the last step.
  CHECK(series.back().step == offered);
  const size_t newest = series.index_after(uint64_t(offered) - MetricRecorder::kRecent);
  REQUIRE(newest != MetricSeries::npos);
  bool newest_ok = true;
  for (size_t k = newest; k < series.size(); ++k) newest_ok = newest_ok && series[k].step == offered - int64_t(series.size() - 1 - k);
  CHECK(newest_ok);
  // A reader further behind than that has lost points: it is told so.
  CHECK(series.index_after(uint64_t(offered) - 2 * MetricRecorder::kRecent - MetricSeries::kChunk) == MetricSeries::npos);
  CHECK(series.index_after(uint64_t(offered) + 1) == MetricSeries::npos);

  // Clearing starts again at full resolution.
  recorder.clear();
  for (int64_t step = 1; step <= 10; ++step) recorder.append(point_at(step));
  CHECK(recorder.publish().size() == 10);
  CHECK(recorder.stride() == 1);
}
