// Reading lesson files: JSON in the format the README documents, checked
// field by field before anything is used. A bad file gets one line naming
// the file, the field, what was found and what would do; nothing else.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "live/lessons/lesson.hpp"

namespace latent {

// What a bad lesson file throws; what() is the one line for the user.
class LessonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses `text` as the lesson `name` read from `path` (path is only used in
// messages and to resolve checkpoints). Throws LessonError.
Lesson parse_lesson(const std::string& text, const std::string& name, const std::string& path);

// Reads and parses a file (at most 1 MiB). Throws LessonError.
Lesson read_lesson_file(const std::string& path);

// The run-setting keys a step's "settings" may hold, as the command line spells them (without --).
const std::vector<std::string>& lesson_setting_keys();

}  // namespace latent
