// What the desktop app is asked to do on its command line: the run options
// it shares with `latentlab train`, plus the window, scripting and UI scale.
#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "options/run_options.hpp"

namespace latent {

struct DesktopOptions {
  RunOptions run;
  int frames = 0;               // 0 = until the window is closed
  std::string screenshot_path;  // PNG of the last frame
  std::string stats_path;       // JSON: UI timings, training throughput, GL errors
  std::string figures_log_path; // JSON lines: the figures each drawn frame showed (tests of what panels compare)
  float ui_scale = 0;           // 0 = remembered, else automatic
  std::string theme, palette;   // --theme, --palette: empty = remembered (View menu)
  int width = 1280, height = 800;
  bool demo_drag = false;
  bool demo_draw = false;       // paint two classes of points in "Draw your own data", then train on them (tests)       // move pin A on a circle every frame (tests, demos)
  int64_t demo_monkey = -1;     // >= 0: random input from this seed every frame; File > Quit is ignored (tests)
  int demo_switch = 0;          // > 0: switch VAE <-> conditional models every this many frames (tests)
  int pace = -1;                // steps per second; 0 = full speed, -1 = default_pace()
  bool start_paused = false;    // open with training paused (explain first, then press space)
  std::string lesson;           // --lesson: a built-in lesson's name or a lesson file
  int lesson_step = 1;
  int rehearse = 1;             // --rehearse[=N]: lesson warm-ups an N-th as long (10 without N)
  std::string open_panel;       // --open: "gradient-lab", "gradient-lab-1d", "bound" or "bound-vi" shows that panel at start
  std::string load_path;        // --load: open the window on this checkpoint's model
  // On the last frame, beside --screenshot: (panel name or "window", PNG path) at 2x; the curves and the codes as CSV.
  std::vector<std::pair<std::string, std::string>> export_panels;
  std::string export_curves_path, export_codes_path;
};

// --frames --screenshot --export-* --stats --ui-scale --theme --palette --size --pace --paused --demo-drag --open --lesson --load,
// plus the run options.
void add_desktop_options(CLI::App& app, DesktopOptions& options);

}  // namespace latent
