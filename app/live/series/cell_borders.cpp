// The nearest-entry search and the grid behind cell_borders (see cell_borders.hpp).
#include "live/series/cell_borders.hpp"

#include <cmath>

namespace latent::plot {

int nearest_entry(const Matrix& entries, double x, double y) {
  int best = 0;
  double best_d = INFINITY;
  for (Eigen::Index k = 0; k < entries.cols(); ++k) {
    const double dx = entries(0, k) - x, dy = entries(1, k) - y, d = dx * dx + dy * dy;
    if (d < best_d) best_d = d, best = int(k);
  }
  return best;
}

std::vector<BorderSegment> cell_borders(const Matrix& entries, double x0, double x1, double y0, double y1, int grid) {
  std::vector<BorderSegment> borders;
  if (grid < 1 || entries.rows() < 2 || entries.cols() < 2) return borders;
  const double dx = (x1 - x0) / grid, dy = (y1 - y0) / grid;
  std::vector<int> cell(size_t(grid) * size_t(grid));  // (j, i): row j of the grid, column i
  for (int j = 0; j < grid; ++j)
    for (int i = 0; i < grid; ++i) cell[size_t(j) * grid + i] = nearest_entry(entries, x0 + (i + 0.5) * dx, y0 + (j + 0.5) * dy);
  auto at = [&](int i, int j) { return cell[size_t(j) * grid + i]; };
  auto x = [&](int i) { return float(x0 + i * dx); };
  auto y = [&](int j) { return float(y0 + j * dy); };
  for (int j = 0; j < grid; ++j)
    for (int i = 0; i < grid; ++i) {
      if (i + 1 < grid && at(i + 1, j) != at(i, j)) borders.push_back({x(i + 1), y(j), x(i + 1), y(j + 1)});
      if (j + 1 < grid && at(i, j + 1) != at(i, j)) borders.push_back({x(i), y(j + 1), x(i + 1), y(j + 1)});
    }
  return borders;
}

}  // namespace latent::plot
