// Tests of the VQ plane's cell borders (live/series/cell_borders) against
// the bisector between entries, drawn by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "live/series/cell_borders.hpp"

using namespace latent;
using plot::BorderSegment;

TEST_CASE("cell borders: two entries meet on their bisector, one vertical piece per grid row") {
  Matrix entries(3, 2);  // (dim, K): a third coordinate the plane ignores
  entries << -1, 1, 0, 0, 5, -5;
  const std::vector<BorderSegment> borders = plot::cell_borders(entries, -2, 2, -1, 1, 8);
  REQUIRE(borders.size() == 8);
  for (const BorderSegment& b : borders) {
    CHECK(b.x0 == doctest::Approx(0.0));  // the bisector x = 0 falls on a grid line
    CHECK(b.x1 == doctest::Approx(0.0));
    CHECK(b.y1 - b.y0 == doctest::Approx(0.25));  // one grid row of a 2-high view
  }
}

TEST_CASE("cell borders: four entries at the corners make a cross; one entry, none") {
  Matrix four(2, 4);
  four << -1, 1, -1, 1, -1, -1, 1, 1;
  const std::vector<BorderSegment> cross = plot::cell_borders(four, -2, 2, -2, 2, 10);
  CHECK(cross.size() == 20);  // 10 pieces along x = 0 and 10 along y = 0
  CHECK(std::all_of(cross.begin(), cross.end(), [](const BorderSegment& b) {
    const auto zero = [](float v) { return std::abs(v) < 1e-6f; };
    return (zero(b.x0) && zero(b.x1)) || (zero(b.y0) && zero(b.y1));
  }));
  Matrix one(2, 1);
  one << 0.3, 0.2;
  CHECK(plot::cell_borders(one, -2, 2, -2, 2, 10).empty());
}
