// Where a lesson step's panels go: columns left to right, each as wide as
// its widest panel asks (relative), panels stacked in a column by their
// relative heights. GL-free arithmetic; the window's Layout places by it.
#pragma once
#include <vector>

#include "live/lessons/lesson.hpp"

namespace latent {

struct LessonRect {
  float x = 0, y = 0, width = 0, height = 0;
};

// One rectangle per place, in the order given, tiling `area` exactly (whole pixels).
std::vector<LessonRect> arrange_lesson_panels(const std::vector<LessonPanelPlace>& places, LessonRect area);

}  // namespace latent
