// The desktop app's command-line options.
#include "gui/shell/desktop_options.hpp"

#include <cstdio>

namespace latent {

void add_desktop_options(CLI::App& app, DesktopOptions& o) {
  add_run_options(app, o.run);
  app.add_option("--frames", o.frames, "render this many frames, then exit (0: until the window is closed); "
                 "in a lesson, frames after the step's model is ready; with --open bound-vi, after per-point VI "
                 "has finished")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--screenshot", o.screenshot_path, "save the last frame as this PNG");
  app.add_option("--export-panel", o.export_panels,
                 "on the last frame, save a panel (latent, curves, decoder, inspector, gradient_lab, bound, density, "
                 "slice, mixture, controls) or the whole window (window) as a PNG at twice the screen's resolution; "
                 "repeatable: --export-panel curves curves.png --export-panel window all.png");
  app.add_option("--export-curves", o.export_curves_path,
                 "on the last frame, write the training curves as CSV (step, epoch, one column per series)");
  app.add_option("--export-codes", o.export_codes_path,
                 "on the last frame, write the held-out points' latent codes as CSV (index, label, class, mu, sigma)");
  app.add_option("--stats", o.stats_path, "write UI timings, training throughput and GL errors as JSON");
  app.add_option("--figures-log", o.figures_log_path,
                 "write the figures each drawn frame showed side by side (bound panel), one JSON line per frame");
  app.add_option("--ui-scale", o.ui_scale, "text and widget scale, e.g. 1.5 for a projector (default: remembered)")
      ->check(CLI::Range(0.5f, 4.0f));
  app.add_option("--theme", o.theme, "light, dark, or high-contrast for a washed-out projector (default: remembered)")
      ->check(CLI::IsMember({"light", "dark", "high-contrast"}));
  app.add_option("--palette", o.palette,
                 "category colours: tableau10, or okabe-ito, safe for colour-blind viewers (default: remembered)")
      ->check(CLI::IsMember({"tableau10", "okabe-ito"}));
  app.add_option_function<std::string>(
      "--size",
      [&o](const std::string& text) {
        int w = 0, h = 0;
        char x = 0, extra = 0;
        if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') || w < 320 ||
            h < 240 || w > 16384 || h > 16384)
          throw CLI::ValidationError("--size", "'" + text + "': expected WIDTHxHEIGHT, e.g. 1280x800");
        o.width = w;
        o.height = h;
      },
      "window size in pixels, e.g. 1920x1080 (default 1280x800)");
  app.add_option("--pace", o.pace,
                 "at most this many training steps per second, 0 for full speed (default: 200 for conditional runs "
                 "and 1000 for a VAE of 2-D points, which at full speed are fitted within seconds; full speed for "
                 "images)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--paused", o.start_paused, "open with training paused; space starts it");
  app.add_flag("--demo-draw", o.demo_draw,
               "paint two classes of points in the drawing window over the first 60 frames, then train on them (for tests)");
  app.add_flag("--demo-drag", o.demo_drag, "move pin A around a circle every frame, or on conditional runs sweep the slice x (for tests and demos)");
  app.add_option("--demo-monkey", o.demo_monkey,
                 "feed random mouse moves, clicks, drags, wheel turns, typing, shortcuts and menu clicks from this "
                 "seed every frame; File > Quit is ignored, so the run lasts its --frames; starts from the default "
                 "settings and saves none (for tests)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--demo-switch", o.demo_switch,
                 "switch between the VAE and the conditional models every N frames, while training (for tests)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--lesson", o.lesson,
                 "open a lesson: a built-in one's name (latentlab lessons lists them) or a lesson file's path; "
                 "Page Down / Right: next step, Page Up / Left: back, Home: first step, Esc: free play");
  app.add_option("--load", o.load_path, "open the window on a model trained beforehand (a checkpoint file)")
      ->excludes("--lesson");
  app.add_option("--lesson-step", o.lesson_step, "with --lesson: open at this step (1 is the first)")
      ->check(CLI::Range(1, 1000));
  app.add_flag("--rehearse{10}", o.rehearse,
               "with --lesson: warm each step's model up for a tenth of its steps (--rehearse=N: an N-th), to go "
               "through a lesson quickly while preparing it (the figures are then not those the class will see)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--open", o.open_panel,
                 "show a panel at start: gradient-lab (live tab), gradient-lab-1d, gradient-lab-discrete, bound, bound-vi (bound, and "
                 "per-point VI started by itself), or draw-data (the drawing window)")
      ->check(CLI::IsMember({"gradient-lab", "gradient-lab-1d", "gradient-lab-discrete", "bound", "bound-vi", "draw-data"}));
}

}  // namespace latent
