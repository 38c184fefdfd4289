// The lessons that ship inside the program (assets/lessons/*.json, embedded
// at build time), in the order of the lecture notes, and opening a lesson by
// its name or by a file path.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "live/lessons/lesson.hpp"

namespace latent {

struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "elbo.json"
  std::string_view text;
};
// Generated at build time from assets/lessons/ (cmake/embed_text_files.cmake).
std::span<const EmbeddedFile> embedded_lesson_files();

// Built-in lesson names in lecture order.
const std::vector<std::string>& builtin_lesson_names();
// A built-in lesson by name. Throws LessonError if there is none of that name.
Lesson builtin_lesson(const std::string& name);
// `name_or_path`: a built-in name, or a path to a lesson file (anything with
// a '/' or ending in .json). Throws LessonError.
Lesson open_lesson(const std::string& name_or_path);

}  // namespace latent
