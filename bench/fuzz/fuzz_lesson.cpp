// Fuzz target: a lecturer's lesson file, read and every step made into a
// scene, as `latentlab lessons --check` does.
#include "bench/fuzz/fuzz_input.hpp"
#include "live/lessons/lesson_file.hpp"
#include "live/lessons/lesson_player.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = "/lessons/fuzz.json";
  try {
    const latent::Lesson lesson = latent::parse_lesson(std::string(reinterpret_cast<const char*>(data), size), "fuzz", path);
    for (int k = 0; k < int(lesson.steps.size()); ++k) latent::lesson_scene(lesson, k, latent::RunOptions{});
  } catch (const latent::LessonError& e) {
    latent::fuzz::check_message(e.what(), path);
  }
  return 0;
}
