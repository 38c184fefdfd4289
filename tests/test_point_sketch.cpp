// The hand-drawn data set, edited without a window: the brush, the eraser,
// classes, clearing, the CSV round trip, and training on what was drawn.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "core/data/catalog.hpp"
#include "core/data/dataset.hpp"
#include "live/drawing/point_sketch.hpp"
#include "scratch_directory.hpp"

using namespace latent;
using latent::testing::ScratchDirectory;

TEST_CASE("sketch: the brush adds points of its class inside its disc, spread over the whole disc") {
  PointSketch sketch;
  Rng rng(4);
  CHECK(sketch.paint(1.0, -2.0, 0.5, 4000, 2, rng) == 4000);
  int inner = 0;
  for (const PointSketch::Point& p : sketch.points()) {
    CHECK(p.label == 2);
    const double r = std::hypot(p.x - 1.0, p.y + 2.0);
    CHECK(r <= 0.5 + 1e-6);
    inner += r <= 0.25;
  }
  // Uniform in area: a quarter of the points within half the radius (4 standard errors: 0.0274).
  CHECK(std::abs(inner / 4000.0 - 0.25) < 0.0274);
  // The brush stops at kMaxPoints.
  CHECK(sketch.paint(0, 0, 1, int(PointSketch::kMaxPoints), 0, rng) == int(PointSketch::kMaxPoints) - 4000);
  CHECK(sketch.size() == PointSketch::kMaxPoints);
  sketch.clear();
  CHECK(sketch.size() == 0);
}

TEST_CASE("sketch: the eraser removes exactly the points within its radius") {
  PointSketch sketch;
  Rng rng(9);
  sketch.paint(0, 0, 2.0, 3000, 0, rng);
  sketch.paint(1, 1, 1.0, 1000, 1, rng);
  std::map<int, int> kept_by_class;
  int expected_removed = 0;
  for (const PointSketch::Point& p : sketch.points()) {
    if (std::hypot(p.x - 0.5, p.y - 0.2) <= 0.7) ++expected_removed;
    else ++kept_by_class[p.label];
  }
  REQUIRE(expected_removed > 100);
  CHECK(sketch.erase(0.5, 0.2, 0.7) == expected_removed);
  CHECK(sketch.size() == size_t(4000 - expected_removed));
  std::map<int, int> left;
  for (const PointSketch::Point& p : sketch.points()) {
    CHECK(std::hypot(p.x - 0.5, p.y - 0.2) > 0.7);
    ++left[p.label];
  }
  CHECK(left == kept_by_class);
  CHECK(sketch.erase(10, 10, 0.5) == 0);
}

TEST_CASE("sketch: saved as CSV and loaded again, and trained on through csv: with its class column") {
  ScratchDirectory dir;
  PointSketch sketch;
  Rng rng(2);
  std::string why;
  CHECK_FALSE(sketch.trainable(&why));
  CHECK(why == "draw at least 10 points first (0 so far)");
  sketch.paint(-1, 0, 0.4, 30, 0, rng);
  sketch.paint(1, 0.5, 0.4, 20, 3, rng);
  CHECK(sketch.trainable());
  const std::string path = dir.file("drawn.csv");
  sketch.save(path);
  const PointSketch loaded = PointSketch::load(path);
  REQUIRE(loaded.size() == sketch.size());
  for (size_t i = 0; i < sketch.size(); ++i) {
    CHECK(loaded.points()[i].x == doctest::Approx(sketch.points()[i].x).epsilon(1e-5));
    CHECK(loaded.points()[i].y == doctest::Approx(sketch.points()[i].y).epsilon(1e-5));
    CHECK(loaded.points()[i].label == sketch.points()[i].label);
  }
  // What "train on this" loads: classes named as written, 1-based, and a held-out split.
  const DataSplit split = load_dataset("csv:" + path, 1, {"class", false});
  CHECK(split.train.class_names == std::vector<std::string>{"1", "4"});
  CHECK(split.train.size() + split.test.size() == 50);
  CHECK(split.test.size() == 10);

  const std::string bad = dir.write("bad.csv", "x,y,class\n" + sketch.csv().substr(10) + "0.5,0.5,9\n");
  try {
    PointSketch::load(bad);
    FAIL("a class of 9 was accepted");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()) == bad + ": data row 51 has class '9'; a drawn set's classes are 1 to 8 (train on other "
                                         "files with --dataset csv:FILE --label-column class)");
  }
}
