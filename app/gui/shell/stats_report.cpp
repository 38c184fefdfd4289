// Writing the --stats JSON.
#include "gui/shell/stats_report.hpp"

#include <GL/glcorearb.h>

#include <cstdio>

#include "core/io/atomic_file.hpp"
#include "gui/gl/gl_objects.hpp"
#include "live/stats/cpu_clock.hpp"

namespace latent {

void write_stats_report(const std::string& path, const StatsReport& r) {
  nlohmann::json j = r.stats.to_json();
  // Where the CPU went: the UI thread (panels, GL submission and, with a
  // software renderer, rasterization) against the whole process (+ trainer, decoder).
  j["ui_thread_cpu_s"] = thread_cpu_seconds();
  j["process_cpu_s"] = process_cpu_seconds();
  j["wall_s"] = r.wall_seconds;
  const Snapshot* s = r.last_snapshot;
  j["dataset"] = s ? s->model.dataset : "";
  j["final_step"] = s ? s->step : 0;
  j["final_state"] = s ? to_string(s->state) : "";
  j["gl_errors"] = gl::error_count();
  r.conditional.add_stats(j);
  j["ui_scale"] = r.ui_scale;
  j["font"] = r.font;
  j["framebuffer"] = {r.framebuffer_width, r.framebuffer_height};
  const GLubyte* renderer = glGetString(GL_RENDERER);
  j["renderer"] = renderer ? reinterpret_cast<const char*>(renderer) : "";
  const ScreenshotInfo& shot = r.screenshot;
  if (!shot.path.empty())
    j["screenshot"] = {{"path", shot.path},     {"width", shot.width},   {"height", shot.height},
                       {"mean", shot.mean},     {"stddev", shot.stddev}, {"distinct_colors", shot.distinct_colors}};
  if (!r.exports.empty()) j["exports"] = r.exports;
  try {
    write_file_atomically(path, j.dump(2) + "\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
  }
}

}  // namespace latent
