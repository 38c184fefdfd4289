// Lesson panel names, as lesson files spell them.
#include "live/lessons/lesson.hpp"

namespace latent {

namespace {
constexpr const char* kPanelNames[kLessonPanelCount] = {"controls", "latent",       "curves", "decoder", "inspector",
                                                        "gradient_lab", "bound", "density", "slice", "mixture"};
}  // namespace

const char* to_string(LessonPanel p) { return kPanelNames[int(p)]; }

std::optional<LessonPanel> lesson_panel_from_string(const std::string& name) {
  for (int i = 0; i < kLessonPanelCount; ++i)
    if (name == kPanelNames[i]) return LessonPanel(i);
  return std::nullopt;
}

}  // namespace latent
