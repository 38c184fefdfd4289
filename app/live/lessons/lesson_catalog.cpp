// Finding lessons: the built-in ones by name, or a lecturer's own file.
#include "live/lessons/lesson_catalog.hpp"

#include "live/lessons/lesson_file.hpp"

namespace latent {

const std::vector<std::string>& builtin_lesson_names() {
  // One per idea of the lecture notes, in the order they teach them.
  static const std::vector<std::string> names{
      "latent-variable-models",  "elbo",                   "amortized-vi",            "reparameterization-vs-reinforce",
      "when-pathwise-loses",     "how-tight-is-the-bound", "mixture-density-network", "conditional-vae",
      "discrete-latents"};
  return names;
}

Lesson builtin_lesson(const std::string& name) {
  for (const EmbeddedFile& f : embedded_lesson_files())
    if (f.name == name + ".json") return parse_lesson(std::string(f.text), name, "lessons/" + std::string(f.name));
  std::string list;
  for (const std::string& n : builtin_lesson_names()) list += (list.empty() ? "" : ", ") + n;
  throw LessonError("--lesson " + name + ": no built-in lesson of that name; the lessons are " + list +
                    ", or give a path to a lesson file");
}

Lesson open_lesson(const std::string& name_or_path) {
  const bool path = name_or_path.find('/') != std::string::npos ||
                    (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".json");
  return path ? read_lesson_file(name_or_path) : builtin_lesson(name_or_path);
}

}  // namespace latent
