// Polyline simplification before drawing: hand-worked cases, and the
// Ramer-Douglas-Peucker guarantee checked on a random walk.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "live/series/polyline.hpp"

using latent::plot::simplify_polyline;

namespace {
struct P {
  float x, y;
};
}  // namespace

TEST_CASE("polyline: points on a straight line reduce to its two ends") {
  std::vector<P> line;
  for (int i = 0; i <= 100; ++i) line.push_back({float(i), 2.0f * i + 1.0f});
  simplify_polyline(line, 0.5f);
  REQUIRE(line.size() == 2);
  CHECK(line[0].x == 0.0f);
  CHECK(line[1].x == 100.0f);
}

TEST_CASE("polyline: a spike on a flat line keeps the spike, its two feet and the ends") {
  std::vector<P> points;
  for (int i = 0; i <= 10; ++i) points.push_back({float(i), i == 5 ? 3.0f : 0.0f});
  simplify_polyline(points, 0.5f);
  std::vector<float> xs;
  for (const P& p : points) xs.push_back(p.x);
  CHECK(xs == std::vector<float>{0, 4, 5, 6, 10});
}

TEST_CASE("polyline: fewer than three points are left alone, and repeated points collapse") {
  std::vector<P> two{{0, 0}, {0, 0}};
  simplify_polyline(two, 0.5f);
  CHECK(two.size() == 2);
  std::vector<P> same(5, P{1, 1});
  simplify_polyline(same, 0.5f);
  CHECK(same.size() == 2);
}

TEST_CASE("polyline: every dropped point lies within the tolerance of the line through its kept neighbours") {
  std::mt19937 rng(7);
  std::normal_distribution<float> step(0.0f, 0.6f);
  std::vector<P> walk;
  float y = 0.0f;
  for (int i = 0; i < 2000; ++i) walk.push_back({float(i), y += step(rng)});
  std::vector<P> kept = walk;
  const float tolerance = 0.5f;
  simplify_polyline(kept, tolerance);
  CHECK(kept.size() < walk.size() / 2);  // a walk at pixel steps is mostly straight at this tolerance
  CHECK(kept.front().x == walk.front().x);
  CHECK(kept.back().x == walk.back().x);
  // x is the index here, so each original point falls between two kept ones.
  size_t k = 0;
  for (const P& p : walk) {
    while (kept[k + 1].x < p.x) ++k;
    const P a = kept[k], b = kept[k + 1];
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float distance = std::fabs((p.x - a.x) * dy - (p.y - a.y) * dx) / std::sqrt(dx * dx + dy * dy);
    CHECK(distance <= tolerance + 1e-4f);
  }
}
