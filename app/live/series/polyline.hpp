// Simplification of screen-space polylines before they are drawn, free of
// ImGui so tests can check it (any point type with float x and y members).
#pragma once
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace latent::plot {

// Drops points that lie within `tolerance` pixels of the chord between the
// points kept around them (Ramer-Douglas-Peucker), in place: a curve with one
// point per pixel column is mostly straight at pixel scale, and every vertex
// kept costs the software renderer time on the UI thread. The ends are kept.
template <typename Point>
void simplify_polyline(std::vector<Point>& points, float tolerance) {
  const size_t n = points.size();
  if (n < 3) return;
  std::vector<char> keep(n, 0);
  keep[0] = keep[n - 1] = 1;
  std::vector<std::pair<size_t, size_t>> spans{{0, n - 1}};
  while (!spans.empty()) {
    const auto [a, b] = spans.back();
    spans.pop_back();
    const Point p = points[a], q = points[b];
    const float dx = q.x - p.x, dy = q.y - p.y, length = std::sqrt(dx * dx + dy * dy);
    float worst = -1.0f;
    size_t at = a;
    for (size_t i = a + 1; i < b; ++i) {
      const float ex = points[i].x - p.x, ey = points[i].y - p.y;
      const float d = length > 0.0f ? std::fabs(ex * dy - ey * dx) / length : std::sqrt(ex * ex + ey * ey);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (worst > tolerance) {
      keep[at] = 1;
      if (at - a > 1) spans.push_back({a, at});
      if (b - at > 1) spans.push_back({at, b});
    }
  }
  size_t out = 0;
  for (size_t i = 0; i < n; ++i)
    if (keep[i]) points[out++] = points[i];
  points.resize(out);
}

}  // namespace latent::plot
