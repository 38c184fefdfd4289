// Lists the built-in lessons, or checks a lesson file as the window would read it.
#include "cli/lessons_command.hpp"

#include <cstdio>
#include <string>

#include "live/lessons/lesson_catalog.hpp"
#include "live/lessons/lesson_file.hpp"
#include "live/lessons/lesson_player.hpp"

namespace latent {

namespace {
std::string g_check_path;

// Pads to `width` characters (not bytes: titles hold β and ‖).
std::string padded(const std::string& text, size_t width) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return text + std::string(width > chars ? width - chars : 0, ' ');
}
}  // namespace

CLI::App* add_lessons_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("lessons", "list the built-in lessons (open one with latentlab --lesson NAME)");
  cmd->add_option("--check", g_check_path, "read this lesson file and report the first problem, or its steps");
  return cmd;
}

int run_lessons_command() {
  try {
    if (!g_check_path.empty()) {
      const Lesson l = read_lesson_file(g_check_path);
      for (int k = 0; k < int(l.steps.size()); ++k) lesson_scene(l, k, RunOptions{});  // every step makes a run
      std::printf("%s: %s, %zu steps, reads cleanly\n", g_check_path.c_str(), l.title.c_str(), l.steps.size());
      return 0;
    }
    for (const std::string& name : builtin_lesson_names()) {
      const Lesson l = builtin_lesson(name);
      std::printf("%s  %s  %zu steps\n", padded(name, 32).c_str(), padded(l.title, 40).c_str(), l.steps.size());
    }
  } catch (const LessonError& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace latent
