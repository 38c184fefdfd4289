// Tiling the lesson area with columns of stacked panels.
#include "live/lessons/lesson_layout.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace latent {

std::vector<LessonRect> arrange_lesson_panels(const std::vector<LessonPanelPlace>& places, LessonRect area) {
  // Columns in order of their number; a column's width weight is its widest panel's.
  std::map<int, float> column_width, column_height_sum;
  for (const LessonPanelPlace& p : places) {
    column_width[p.column] = std::max(column_width[p.column], p.width);
    column_height_sum[p.column] += p.height;
  }
  float total_width = 0.0f;
  for (const auto& [c, w] : column_width) total_width += w;
  // Column edges, rounded so neighbours share an edge and the last ends at the area's edge.
  std::map<int, std::pair<float, float>> x_span;
  float acc = 0.0f;
  for (const auto& [c, w] : column_width) {
    const float x0 = std::round(area.x + area.width * acc / total_width);
    acc += w;
    const float x1 = std::round(area.x + area.width * acc / total_width);
    x_span[c] = {x0, x1};
  }
  std::vector<LessonRect> rects(places.size());
  std::map<int, float> height_done;
  for (size_t i = 0; i < places.size(); ++i) {
    const LessonPanelPlace& p = places[i];
    const float sum = column_height_sum[p.column];
    const float y0 = std::round(area.y + area.height * height_done[p.column] / sum);
    height_done[p.column] += p.height;
    const float y1 = std::round(area.y + area.height * height_done[p.column] / sum);
    rects[i] = {x_span[p.column].first, y0, x_span[p.column].second - x_span[p.column].first, y1 - y0};
  }
  return rects;
}

}  // namespace latent
