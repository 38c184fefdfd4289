// Fitting plots to a panel's space, and the run of plots a choice puts on show.
#include "live/series/plot_grid.hpp"

#include <algorithm>
#include <cmath>

namespace latent::plot {

PlotGrid fit_plots(const PlotSpace& s) {
  PlotGrid g;
  if (s.count <= 0) return g;
  const float usable = s.height - s.labels_extra;  // the bottom row's labels come out once
  if (s.min_area <= 0.0f) {
    g.rows = g.shown = s.count;
    g.columns = 1;
  } else {
    // rows * (area + frame_extra) + (rows - 1) * gap <= usable, with area >= min_area.
    const int rows_fit = int(std::floor((usable + s.gap) / (s.min_area + s.frame_extra + s.gap)));
    const int columns_fit = s.min_width > 0.0f ? int(std::floor((s.width + s.gap) / (s.min_width + s.gap))) : 1;
    // Not even one row keeps the minimum: one plot, as tall as the space allows.
    g.shown = rows_fit < 1 ? 1 : std::min(s.count, rows_fit * std::max(1, columns_fit));
    g.columns = std::clamp(columns_fit, 1, g.shown);
    g.rows = (g.shown + g.columns - 1) / g.columns;     // the fewest rows that hold them
    g.columns = (g.shown + g.rows - 1) / g.rows;        // and only the columns those rows need
  }
  g.block_height = std::max(0.0f, (usable - float(g.rows - 1) * s.gap) / float(g.rows));
  g.block_width = std::max(0.0f, (s.width - float(g.columns - 1) * s.gap) / float(g.columns));
  g.area_height = std::max(0.0f, g.block_height - s.frame_extra);
  return g;
}

std::vector<int> PlotChoice::shown(int count, int capacity) const {
  std::vector<int> plots;
  if (count <= 0) return plots;
  const int first = ((first_ % count) + count) % count;
  for (int k = 0; k < std::clamp(capacity, 1, count); ++k) plots.push_back((first + k) % count);
  std::sort(plots.begin(), plots.end());
  return plots;
}

}  // namespace latent::plot
