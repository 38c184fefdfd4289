// Fitting a panel's plots to its space: all stacked without a minimum height;
// with one (a lesson), only as many as keep it, in the fewest rows; and the
// run of plots a choice puts on show.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "live/series/plot_grid.hpp"

using latent::plot::fit_plots;
using latent::plot::PlotChoice;
using latent::plot::PlotGrid;
using latent::plot::PlotSpace;

namespace {
// The training curves at UI scale 2 (font 32 px): the frame pads 11 px above and below,
// the bottom plot's tick labels and axis name take 75 px, items are 12 px apart.
PlotSpace curves(float width, float height, float min_area, float min_width = 0.0f) {
  PlotSpace s;
  s.width = width;
  s.height = height;
  s.count = 3;
  s.min_area = min_area;
  s.min_width = min_width;
  s.frame_extra = 22.0f;
  s.labels_extra = 75.0f;
  s.gap = 12.0f;
  return s;
}
// Rows of blocks and the gaps between them, as drawn (arrange_plots): a row is
// as tall as its tallest cell, and a cell carries labels when no plot is beneath it.
float drawn_height(const PlotGrid& g, const PlotSpace& s) {
  float total = float(g.rows - 1) * s.gap;
  for (int r = 0; r < g.rows; ++r) {
    bool labels = false;
    for (int k = r * g.columns; k < std::min(g.shown, (r + 1) * g.columns); ++k) labels |= k + g.columns >= g.shown;
    total += g.block_height + (labels ? s.labels_extra : 0.0f);
  }
  return total;
}
}  // namespace

TEST_CASE("plot grid: without a minimum every plot stacks in one column and the height is shared") {
  const PlotSpace s = curves(800, 600, 0.0f);
  const PlotGrid g = fit_plots(s);
  CHECK(g.rows == 3);
  CHECK(g.columns == 1);
  CHECK(g.shown == 3);
  CHECK(g.block_height == doctest::Approx((600.0 - 75.0 - 2 * 12.0) / 3.0));  // 167
  CHECK(g.area_height == doctest::Approx(167.0 - 22.0));
  CHECK(g.block_width == doctest::Approx(800.0));
}

TEST_CASE("plot grid: with a minimum only the plots that keep it show, each as tall as it can be") {
  // 800 px: two rows of 300 + 22 with a gap need 656 of the 725 left under the labels; three need 990.
  PlotGrid g = fit_plots(curves(800, 800, 300.0f));
  CHECK(g.shown == 2);
  CHECK(g.rows == 2);
  CHECK(g.columns == 1);
  CHECK(g.area_height == doctest::Approx((800.0 - 75.0 - 12.0) / 2.0 - 22.0));  // 334.5
  // Room for all three.
  g = fit_plots(curves(800, 1100, 300.0f));
  CHECK(g.shown == 3);
  CHECK(g.area_height >= 300.0f);
  // Too little room for even one: one shows anyway, as tall as the space allows.
  g = fit_plots(curves(800, 380, 300.0f));
  CHECK(g.shown == 1);
  CHECK(g.area_height == doctest::Approx(380.0 - 75.0 - 22.0));
}

TEST_CASE("plot grid: a wide space puts plots side by side before it gives up on any") {
  // One row fits (425 px under the labels); 1000 px across holds two blocks of at least 400.
  PlotGrid g = fit_plots(curves(1000, 500, 300.0f, 400.0f));
  CHECK(g.shown == 2);
  CHECK(g.rows == 1);
  CHECK(g.columns == 2);
  CHECK(g.block_width == doctest::Approx((1000.0 - 12.0) / 2.0));
  // Two rows and two columns of room for three plots: two rows, the second one short
  // (the first row's right-hand plot, nothing beneath it, carries labels too: 2 x 322 + 12 + 2 x 75).
  g = fit_plots(curves(1000, 806, 300.0f, 400.0f));
  CHECK(g.shown == 3);
  CHECK(g.rows == 2);
  CHECK(g.columns == 2);
  // Three columns of room but three plots: one row of three, no empty column.
  g = fit_plots(curves(1400, 500, 300.0f, 400.0f));
  CHECK(g.shown == 3);
  CHECK(g.rows == 1);
  CHECK(g.columns == 3);
}

TEST_CASE("plot grid: over a sweep of spaces the minimum holds, the plots fit, and no more would") {
  for (float height = 300; height <= 1400; height += 7) {
    for (float width = 300; width <= 2000; width += 113) {
      const PlotSpace s = curves(width, height, 300.0f, 400.0f);
      const PlotGrid g = fit_plots(s);
      REQUIRE(g.shown >= 1);
      CHECK(g.rows * g.columns >= g.shown);
      CHECK((g.rows - 1) * g.columns < g.shown);  // no empty row
      if (g.shown == 1) continue;  // the one plot shown whatever the space
      CHECK(g.area_height >= 300.0f);
      CHECK(drawn_height(g, s) <= height + 0.01f);
      CHECK(float(g.columns) * g.block_width + float(g.columns - 1) * s.gap == doctest::Approx(width));
      if (g.columns > 1) CHECK(g.block_width >= 400.0f);  // one column takes whatever width there is
      if (g.shown < s.count) {
        // A full grid, and another row or column would break a minimum.
        CHECK(g.rows * g.columns == g.shown);
        // One plot more in these columns: its rows, and two rows of labels if its last row is short.
        const int rows = (g.shown + 1 + g.columns - 1) / g.columns;
        const int label_rows = rows > 1 && (g.shown + 1) % g.columns != 0 ? 2 : 1;
        CHECK(float(rows) * (300.0f + s.frame_extra) + float(rows - 1) * s.gap + float(label_rows) * s.labels_extra >
              height);
        CHECK(float(g.columns + 1) * 400.0f + float(g.columns) * s.gap > width);
      }
    }
  }
}

TEST_CASE("plot grid: three plots in two columns: the one above the gap carries labels too, and all fit") {
  // Room for two rows of two at the minimum only if the labels come out once.
  const PlotSpace s = curves(900.0f, 2 * (64.0f + 22.0f) + 12.0f + 75.0f + 30.0f, 64.0f, 300.0f);
  const PlotGrid g = fit_plots(s);
  CHECK(g.shown == 2);  // a third plot would need a second row of labels, which does not fit
  CHECK(g.rows == 1);
  const PlotSpace roomy = curves(900.0f, 2 * (64.0f + 22.0f) + 12.0f + 2 * 75.0f, 64.0f, 300.0f);
  const PlotGrid r = fit_plots(roomy);
  CHECK(r.shown == 3);
  CHECK(r.rows == 2);
  CHECK(r.columns == 2);
  CHECK(r.label_rows == 2);
  CHECK(r.area_height >= 64.0f);
  CHECK(drawn_height(r, roomy) <= roomy.height + 0.01f);
}

TEST_CASE("plot grid: nothing to fit gives an empty grid") {
  PlotSpace s = curves(800, 600, 300.0f);
  s.count = 0;
  const PlotGrid g = fit_plots(s);
  CHECK(g.shown == 0);
  CHECK(g.rows == 0);
}

TEST_CASE("plot choice: the chosen plot and those after it show, wrapping, in their own order") {
  PlotChoice choice;
  CHECK(choice.shown(3, 1) == std::vector<int>{0});
  choice.choose(2);
  CHECK(choice.shown(3, 1) == std::vector<int>{2});
  CHECK(choice.shown(3, 2) == std::vector<int>{0, 2});  // KL and, wrapping, the ELBO
  CHECK(choice.shown(3, 3) == std::vector<int>{0, 1, 2});
  CHECK(choice.shown(3, 7) == std::vector<int>{0, 1, 2});
  choice.choose(5);  // a choice made with more plots on offer
  CHECK(choice.shown(2, 1) == std::vector<int>{1});
  CHECK(choice.shown(0, 1).empty());
}
