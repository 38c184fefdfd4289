// Fitting plots to a panel's space, and the run of plots a choice puts on show.
#include "live/series/plot_grid.hpp"

#include <algorithm>
#include <cmath>

namespace latent::plot {

PlotGrid fit_plots(const PlotSpace& s) {
  PlotGrid g;
  if (s.count <= 0) return g;
  if (s.min_area <= 0.0f) {
    g.rows = g.shown = s.count;
    g.columns = 1;
  } else {
    const int columns_fit = s.min_width > 0.0f ? int(std::floor((s.width + s.gap) / (s.min_width + s.gap))) : 1;
    // The most plots whose areas keep the minimum, in the fewest rows that hold
    // them and only the columns those rows need; one plot whatever the space.
    for (int shown = s.count; shown >= 1; --shown) {
      g.shown = shown;
      g.columns = std::clamp(columns_fit, 1, shown);
      g.rows = (shown + g.columns - 1) / g.columns;
      g.columns = (shown + g.rows - 1) / g.rows;
      g.label_rows = g.rows > 1 && shown % g.columns != 0 ? 2 : 1;
      const float need = float(g.rows) * (s.min_area + s.frame_extra) + float(g.rows - 1) * s.gap +
                         float(g.label_rows) * s.labels_extra;
      if (need <= s.height) break;
    }
  }
  const float usable = s.height - float(g.label_rows) * s.labels_extra;
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
