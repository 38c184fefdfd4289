// The desktop app's main loop, as plain as Dear ImGui's own example: wait
// for the tick, poll events, build every panel from one snapshot, render,
// swap. The window, ImGui, panels, menus, pacing and statistics live in
// their own files beside this one.
#include "gui/shell/desktop_app.hpp"

#include <GL/glcorearb.h>
#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "core/io/atomic_file.hpp"
#include "gui/gl/gl_objects.hpp"
#include "gui/shell/demo_monkey.hpp"
#include "gui/shell/app_window.hpp"
#include "gui/shell/file_actions.hpp"
#include "gui/shell/frame_pacer.hpp"
#include "gui/shell/imgui_runtime.hpp"
#include "gui/shell/lesson_mode.hpp"
#include "gui/shell/menus.hpp"
#include "gui/shell/panel_router.hpp"
#include "gui/shell/screenshot.hpp"
#include "gui/shell/stats_report.hpp"
#include "gui/shell/ui_style.hpp"
#include "live/lessons/lesson_catalog.hpp"
#include "live/stats/cpu_clock.hpp"
#include "live/stats/memory_trim.hpp"

namespace latent {

namespace {

using Clock = std::chrono::steady_clock;
// A scripted (--frames) run whose lesson step is still not ready (or whose
// per-point VI, with --open bound-vi, has not finished) after this long has failed.
constexpr double kScriptWaitLimitSeconds = 600.0;
double milliseconds(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

TrainerOptions trainer_options(const DesktopOptions& options) {
  TrainerOptions t;
  t.start_paused = options.start_paused;
  return t;
}

class DesktopApp {
 public:
  // `first`: what training starts with (a lesson's first step, or `run`);
  // `run`: the command line's options, which a lesson starts from.
  DesktopApp(const DesktopOptions& options, const RunOptions& run, const RunOptions& first, AppWindow& window,
             std::string config_dir, UserSettings settings, float scale)
      : options_(options),
        window_(window),
        config_dir_(std::move(config_dir)),
        settings_(settings),
        trainer_(first.model, first.training, trainer_options(options)),
        router_(options, first),
        lesson_(run, options.rehearse),
        files_(settings_) {
    if (options.demo_monkey >= 0) monkey_.emplace(uint64_t(options.demo_monkey));
    style_.apply(scale, settings_.theme, false);
    style_.plot_context().set_palette(settings_.palette);
    std::string error;
    // Checked before the window opened (run_desktop_app), so this succeeds.
    if (!options.lesson.empty()) lesson_.open(options.lesson, options.lesson_step - 1, trainer_, *trainer_.latest(), error);
    // Likewise read once already; the trainer opens it after building the model it describes.
    if (!options.load_path.empty()) files_.open_checkpoint(trainer_, options.load_path);
  }

  int run(ImGuiRuntime& imgui);

 private:
  void apply_style_requests(bool renderer_ready);
  void build_frame(PanelContext& ctx);
  void take_screenshot(const std::string& path, bool quiet);
  // Writes pictures at 2x from one zoomed frame after this one (`scripted`:
  // --export-panel, reported on stderr; else from the menu, in the status line).
  void export_pictures(ImGuiRuntime& imgui, const std::vector<PictureExport>& pictures, int64_t frame, bool scripted);
  // --export-curves, --export-codes.
  void export_tables();
  // A scripted output (--screenshot, --export-*) could not be written: said on stderr, exit code 1.
  void scripted_failure(const std::string& what) {
    std::fprintf(stderr, "latentlab: %s\n", what.c_str());
    scripted_failed_ = true;
  }
  void show_status(std::string text) {
    status_ = std::move(text);
    status_until_ = Clock::now() + std::chrono::seconds(5);
  }
  void write_stats();

  const DesktopOptions& options_;
  AppWindow& window_;
  std::string config_dir_;
  UserSettings settings_;
  UiStyle style_;
  Layout layout_;
  ShellRequests requests_;

  Trainer trainer_;
  PanelRouter router_;
  LessonMode lesson_;
  FileActions files_;
  FrameStats stats_;
  FramePacer pacer_;
  MemoryTrimmer trimmer_;  // an hour of frames must not grow the heap
  uint64_t last_sequence_ = 0;
  std::shared_ptr<const Snapshot> last_snapshot_;

  std::string status_;
  Clock::time_point status_until_{};
  ScreenshotInfo last_screenshot_;
  nlohmann::json exports_ = nlohmann::json::array();  // pictures exported, for --stats
  bool scripted_failed_ = false;
  std::optional<DemoMonkey> monkey_;  // --demo-monkey
  std::string figures_log_;  // --figures-log: one JSON line per drawn frame, written at exit
};

void DesktopApp::apply_style_requests(bool renderer_ready) {
  if (requests_.palette) {  // no font rebuild: the plots read the palette as they draw
    settings_.palette = *std::exchange(requests_.palette, std::nullopt);
    style_.plot_context().set_palette(settings_.palette);
    save_user_settings(config_dir_, settings_);
  }
  // Font atlas rebuilds happen here, between frames, as ImGui requires.
  if (requests_.ui_scale <= 0.0f && !requests_.theme) return;
  const float scale = requests_.ui_scale > 0.0f ? requests_.ui_scale : style_.scale();
  if (requests_.theme) settings_.theme = *requests_.theme;
  style_.apply(scale, settings_.theme, renderer_ready);
  if (requests_.ui_scale > 0.0f) settings_.ui_scale = scale;
  save_user_settings(config_dir_, settings_);
  requests_.ui_scale = 0.0f;
  requests_.theme.reset();
}

void DesktopApp::build_frame(PanelContext& ctx) {
  const ShellParts parts{router_, layout_, settings_, lesson_, files_};
  handle_shortcuts(ctx, parts, requests_);
  const float menu_height = ImGui::GetFrameHeight();
  draw_menu_bar(ctx, parts, Clock::now() < status_until_ ? status_ : std::string(), requests_);
  if (!requests_.lesson.empty()) {
    std::string error;
    if (!lesson_.open(requests_.lesson, 0, trainer_, ctx.snap(), error)) show_status(error);
    requests_.lesson.clear();
  }
  lesson_.begin_frame(ctx, router_);
  const bool points = ctx.snap().data && !ctx.snap().data->train.is_image();
  if (lesson_.active())
    lesson_.place(layout_, ImGui::GetIO().DisplaySize, menu_height);
  else
    layout_.begin_frame(ImGui::GetIO().DisplaySize, menu_height, points, settings_.show_controls,
                        ctx.is_conditional(), settings_.custom_layout);
  // Side by side, the panels need no backgrounds of their own: the clear
  // colour is theirs. That saves a full-screen blended layer, a third of a
  // software-rendered frame. Overlapping panels get their backgrounds back.
  ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w = layout_.panels_overlap() ? 1.0f : 0.0f;
  router_.build(ctx, layout_, settings_, stats_, lesson_);
  // Last: a modal begun before a window that appears in the same frame trips ImGui 1.86 (FindBlockingModal).
  if (std::string news = files_.update(ctx); !news.empty()) show_status(std::move(news));
}

void DesktopApp::take_screenshot(const std::string& path, bool quiet) {
  int width = 0, height = 0;
  window_.framebuffer_size(width, height);
  try {
    last_screenshot_ = save_screenshot(path, width, height);
    if (!quiet) show_status("saved " + path);
    std::fprintf(stderr, "latentlab: saved %s (%dx%d, mean %.1f, stddev %.1f, %d colours sampled)\n", path.c_str(), width,
                 height, last_screenshot_.mean, last_screenshot_.stddev, last_screenshot_.distinct_colors);
  } catch (const std::exception& e) {
    if (quiet) scripted_failure(e.what());
    else show_status(std::string("screenshot failed: ") + e.what());
  }
  gl::check_errors("reading the screenshot");
}

void DesktopApp::export_pictures(ImGuiRuntime& imgui, const std::vector<PictureExport>& pictures, int64_t frame,
                                 bool scripted) {
  ZoomedFrameParts parts;
  parts.restyle = [&](float scale) { style_.apply(scale, settings_.theme, true); };
  parts.build = [&] {
    PanelContext ctx = router_.context(last_snapshot_, trainer_, style_, stats_, frame, ImGui::GetIO().DisplayFramebufferScale.x);
    nlohmann::json figures = {{"frame", frame}, {"step", last_snapshot_->step}};
    ctx.figures_log = &figures;
    build_frame(ctx);
  };
  parts.ui_scale = style_.scale();
  parts.clear = style_.window_background();
  window_.framebuffer_size(parts.framebuffer_width, parts.framebuffer_height);
  for (const PictureOutcome& o : write_pictures(imgui, pictures, layout_, parts)) {
    if (!o.record.is_null()) exports_.push_back(o.record);
    if (scripted && o.failed) scripted_failure(o.line);
    else if (scripted) std::fprintf(stderr, "latentlab: %s\n", o.line.c_str());
    else show_status(o.line);
  }
}

void DesktopApp::export_tables() {
  for (const auto& [kind, path] : {std::pair{FileActions::Kind::Curves, options_.export_curves_path},
                                   std::pair{FileActions::Kind::Codes, options_.export_codes_path}}) {
    if (path.empty()) continue;
    try {
      std::fprintf(stderr, "latentlab: %s\n", FileActions::write_csv(kind, path, *last_snapshot_).c_str());
    } catch (const std::exception& e) {
      scripted_failure(e.what());
    }
  }
}

void DesktopApp::write_stats() {
  int width = 0, height = 0;
  window_.framebuffer_size(width, height);
  write_stats_report(options_.stats_path, StatsReport{stats_, last_snapshot_.get(), router_.conditional(),
                                                      style_.scale(), style_.font_file(), width, height,
                                                      window_.now(), last_screenshot_, exports_});
}

int DesktopApp::run(ImGuiRuntime& imgui) {
  Clock::time_point previous_start{};
  bool renderer_ready = false, animating = false;
  // --frames counts the frames after a lesson step's model is ready (and,
  // with --open bound-vi, after per-point VI has finished): a warm-up takes as
  // long as the machine needs, and what is tested is what follows it.
  int64_t counted = 0;
  for (int64_t frame = 0;;) {
    pacer_.wait_for_tick();
    const auto start = Clock::now();
    const double cpu_start = thread_cpu_seconds();
    window_.poll_events();
    trimmer_.tick(window_.now());
    const bool closing = (requests_.quit && !monkey_) || window_.should_close();
    const bool changed = trainer_.latest()->sequence != last_sequence_ || router_.has_results();
    if (!pacer_.should_draw({window_.now(), window_.last_input(), animating || options_.demo_drag || monkey_, changed,
                             closing || !requests_.screenshot.empty(), lesson_.warming_up(),
                             options_.frames > 0 && !lesson_.waiting()}))
      continue;
    const double drawn_at = window_.now();
    const bool lesson_waits = lesson_.waiting(), vi_waits = router_.scripted_vi_pending();
    if ((lesson_waits || vi_waits) && options_.frames > 0 && drawn_at > kScriptWaitLimitSeconds) {
      scripted_failure(std::string("--frames: ") +
                       (lesson_waits ? "the lesson step's model was not ready" : "per-point VI had not finished") +
                       " after " + std::to_string(int(kScriptWaitLimitSeconds)) + " s");
      break;
    }
    const bool last =
        closing || (options_.frames > 0 && !lesson_waits && !vi_waits && counted + 1 >= options_.frames);
    apply_style_requests(renderer_ready);
    imgui.new_frame(1.0f, monkey_ ? &*monkey_ : nullptr);
    renderer_ready = true;

    // One snapshot for every panel this frame, so they all show the same step.
    std::shared_ptr<const Snapshot> snapshot = trainer_.latest();
    if (snapshot->sequence != last_sequence_) {
      last_sequence_ = snapshot->sequence;
      if (snapshot->state == RunState::Running && snapshot->samples_per_second > 0)
        stats_.add_training_rate(snapshot->samples_per_second, snapshot->steps_per_second);
    }
    last_snapshot_ = snapshot;
    PanelContext ctx = router_.context(snapshot, trainer_, style_, stats_, frame,
                                       ImGui::GetIO().DisplayFramebufferScale.x);
    // What panels that compare figures showed this frame: lesson captions read it, --figures-log keeps it.
    nlohmann::json figures = {{"frame", frame}, {"seconds", window_.now()}, {"step", snapshot->step}};
    ctx.figures_log = &figures;
    build_frame(ctx);
    if (!options_.figures_log_path.empty()) figures_log_ += figures.dump() + "\n";
    animating = ctx.animating;
    const auto built = Clock::now();
    const double cpu_built = thread_cpu_seconds();

    ImGui::Render();
    imgui.save_layout_if_asked();
    const ImDrawData* draw_data = ImGui::GetDrawData();
    stats_.add_draw_size(draw_data->TotalVtxCount, draw_data->TotalIdxCount);
    for (int i = 0; i < draw_data->CmdListsCount; ++i)
      if (const char* owner = draw_data->CmdLists[i]->_OwnerName)
        stats_.add_window_vertices(owner, draw_data->CmdLists[i]->VtxBuffer.Size);
    int width = 0, height = 0;
    window_.framebuffer_size(width, height);
    glViewport(0, 0, width, height);
    // The clear is the panels' background (see build_frame).
    const ImVec4 bg = style_.window_background();
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    gl::check_errors("rendering a frame");
    FrameTiming timing;
    timing.build_ms = milliseconds(built - start);
    timing.submit_ms = milliseconds(Clock::now() - built);
    timing.build_cpu_ms = 1000.0 * (cpu_built - cpu_start);
    timing.submit_cpu_ms = 1000.0 * (thread_cpu_seconds() - cpu_built);
    timing.frame_ms = previous_start == Clock::time_point{} ? 0.0 : milliseconds(start - previous_start);
    previous_start = start;
    const auto swap_start = Clock::now();
    const double cpu_swap_start = thread_cpu_seconds();

    // Screenshots read the back buffer now: after rendering, before the swap.
    if (!requests_.screenshot.empty()) {
      take_screenshot(requests_.screenshot, false);
      requests_.screenshot.clear();
    }
    if (last && !options_.screenshot_path.empty()) take_screenshot(options_.screenshot_path, true);
    window_.swap_buffers();
    const double cpu_swap_end = thread_cpu_seconds();
    timing.swap_ms = milliseconds(Clock::now() - swap_start);
    timing.swap_cpu_ms = 1000.0 * (cpu_swap_end - cpu_swap_start);
    stats_.add_frame(timing);
    if (lesson_waits)
      stats_.add_lesson_wait_frame();
    else if (!vi_waits)
      ++counted;
    // What a whole frame costs this thread, swap (and software rasterization) included.
    pacer_.drew(drawn_at, cpu_swap_end - cpu_start);
    // Exports are of the frame just shown; their zoomed frames are not the screen's (nor in its timings).
    if (last) export_tables();
    if (const std::vector<PictureExport> pictures = files_.take_pictures(); !pictures.empty())
      export_pictures(imgui, pictures, frame, false);
    if (last && !options_.export_panels.empty()) {
      std::vector<PictureExport> pictures;
      for (const auto& [panel, path] : options_.export_panels) pictures.push_back({panel, path});
      export_pictures(imgui, pictures, frame, true);
    }
    ++frame;
    if (last) break;
  }
  save_user_settings(config_dir_, settings_);
  if (!options_.stats_path.empty()) write_stats();
  if (!options_.figures_log_path.empty()) {
    try {
      write_file_atomically(options_.figures_log_path, figures_log_);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "latentlab: %s\n", e.what());
    }
  }
  return scripted_failed_ ? 1 : 0;
}

}  // namespace

int run_desktop_app(const DesktopOptions& options) {
  RunOptions run = options.run, first;
  try {
    finish_run_options(run);
    // A prepared model is read before the window opens: a damaged file is one line here, as for `latentlab train --load`.
    if (!options.load_path.empty())
      run.model = open_checkpoint(options.load_path, run.model.seed).model;
    for (const auto& [panel, path] : options.export_panels)
      if (panel != "window" && !lesson_panel_from_string(panel))
        throw std::invalid_argument("--export-panel " + panel + ": no such panel; use window, latent, curves, decoder, "
                                    "inspector, gradient_lab, bound, density, slice, mixture or controls");
    run.training.max_steps_per_second = options.pace >= 0 ? options.pace : default_pace(run.model);
    // A lesson is read before the window opens: a mistake in it is one line here, not a broken class.
    first = options.lesson.empty() ? run : lesson_scene(open_lesson(options.lesson), options.lesson_step - 1, run).run;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
    return 2;
  }
  AppWindow window(options.width, options.height, options.frames > 0);
  if (!window.ok()) {
    std::fprintf(stderr, "latentlab: %s\n", window.error().c_str());
    return 2;
  }
  // A monkey run starts from the default settings and saves none: the
  // layout it scrambles must not become the user's.
  const std::string config_dir = options.demo_monkey >= 0 ? std::string() : config_directory();
  UserSettings settings = load_user_settings(config_dir);
  // Names checked by the options parser; chosen on the command line, remembered like a View menu choice.
  if (!options.theme.empty()) settings.theme = find_enum<plot::Theme>(options.theme).value_or(settings.theme);
  if (!options.palette.empty()) settings.palette = find_enum<plot::Palette>(options.palette).value_or(settings.palette);
  ImGuiRuntime imgui(window.handle(), config_dir.empty() ? std::string() : config_dir + "/imgui.ini");
  const float scale = options.ui_scale > 0 ? options.ui_scale
                      : settings.ui_scale > 0 ? settings.ui_scale
                                              : automatic_ui_scale(window.handle());
  // Destroyed in mirror order: the app (and its panels' GL objects) while the context is current, then ImGui, then the window.
  DesktopApp app(options, run, first, window, config_dir, settings, scale);
  return app.run(imgui);
}

}  // namespace latent
