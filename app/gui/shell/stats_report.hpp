// The --stats JSON written when the window closes: frame timings and their
// percentiles, where the CPU went, training throughput, GL errors, the
// renderer, the last screenshot's checks, the pictures exported and the
// conditional views' figures.
#pragma once
#include <string>

#include "core/train/snapshot.hpp"
#include "gui/shell/screenshot.hpp"
#include "live/probes/conditional_probes.hpp"
#include "live/stats/frame_stats.hpp"

namespace latent {

struct StatsReport {
  const FrameStats& stats;
  const Snapshot* last_snapshot;  // may be null
  const ConditionalProbes& conditional;
  float ui_scale = 1.0f;
  std::string font;
  int framebuffer_width = 0, framebuffer_height = 0;
  double wall_seconds = 0.0;
  const ScreenshotInfo& screenshot;  // path empty: none taken
  const nlohmann::json& exports;     // the pictures exported at 2x: panel, path, its rectangle on screen
};

// Atomically; a failure is reported on stderr (the run itself succeeded).
void write_stats_report(const std::string& path, const StatsReport& report);

}  // namespace latent
