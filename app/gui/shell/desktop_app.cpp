// The desktop app's main loop: GLFW window and GL 3.3 context, Dear ImGui,
// the trainer thread, one snapshot per frame for every panel, a 60 fps cap,
// shortcuts, screenshots and the --stats report.
#include "gui/shell/desktop_app.hpp"

#include <GL/glcorearb.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "core/io/atomic_file.hpp"
#include "gui/panels/bound/bound_panel.hpp"
#include "gui/panels/conditional/conditional_density_panel.hpp"
#include "gui/panels/conditional/conditional_mixture_panel.hpp"
#include "live/probes/conditional_probes.hpp"
#include "gui/panels/conditional/conditional_slice_panel.hpp"
#include "gui/panels/controls/controls_panel.hpp"
#include "gui/panels/curves/curves_panel.hpp"
#include "gui/panels/decoder/data_space_panel.hpp"
#include "live/workers/decode_worker.hpp"
#include "gui/panels/decoder/decoder_panel.hpp"
#include "live/stats/frame_stats.hpp"
#include "gui/gl/gl_objects.hpp"
#include "gui/panels/gradient_lab/gradient_lab_panel.hpp"
#include "gui/panels/inspector/inspector_panel.hpp"
#include "gui/panels/latent/latent_panel.hpp"
#include "live/probes/latent_probes.hpp"
#include "gui/shell/layout.hpp"
#include "gui/shell/screenshot.hpp"
#include "live/probes/snapshot_decoder.hpp"
#include "gui/shell/ui_style.hpp"
#include "live/settings/user_settings.hpp"

namespace latent {

void add_desktop_options(CLI::App& app, DesktopOptions& o) {
  add_run_options(app, o.run);
  app.add_option("--frames", o.frames, "render this many frames, then exit (0: until the window is closed)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--screenshot", o.screenshot_path, "save the last frame as this PNG");
  app.add_option("--stats", o.stats_path, "write UI timings, training throughput and GL errors as JSON");
  app.add_option("--ui-scale", o.ui_scale, "text and widget scale, e.g. 1.5 for a projector (default: remembered)")
      ->check(CLI::Range(0.5f, 4.0f));
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
  app.add_flag("--demo-drag", o.demo_drag, "move pin A around a circle every frame, or on conditional runs sweep the slice x (for tests and demos)");
  app.add_option("--demo-switch", o.demo_switch,
                 "switch between the VAE and the conditional models every N frames, while training (for tests)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--open", o.open_panel,
                 "show a panel at start: gradient-lab (live tab), gradient-lab-1d, bound, or bound-vi (bound, and "
                 "per-point VI started by itself)")
      ->check(CLI::IsMember({"gradient-lab", "gradient-lab-1d", "bound", "bound-vi"}));
}

namespace {

using Clock = std::chrono::steady_clock;
double milliseconds(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The last error GLFW reported; written by its callback on this (the UI)
// thread and read only when something failed.
std::string g_glfw_error;
void remember_glfw_error(int code, const char* text) { g_glfw_error = std::to_string(code) + ": " + (text ? text : ""); }

// When the user last did something (seconds, glfwGetTime). GLFW calls the
// callbacks below from glfwPollEvents on the UI thread, the only reader.
double g_last_input = 0.0;
void note_input(GLFWwindow*) { g_last_input = glfwGetTime(); }
void note_cursor(GLFWwindow* w, double, double) { note_input(w); }
void note_button(GLFWwindow* w, int, int, int) { note_input(w); }
void note_scroll(GLFWwindow* w, double, double) { note_input(w); }
void note_key(GLFWwindow* w, int, int, int, int) { note_input(w); }
void note_char(GLFWwindow* w, unsigned) { note_input(w); }
void note_size(GLFWwindow* w, int, int) { note_input(w); }
void note_focus(GLFWwindow* w, int) { note_input(w); }

// Installed before ImGui's backend, which chains to them: every event marks
// the UI as active, so the loop draws frames while someone interacts.
void install_input_watchers(GLFWwindow* window) {
  glfwSetCursorPosCallback(window, note_cursor);
  glfwSetMouseButtonCallback(window, note_button);
  glfwSetScrollCallback(window, note_scroll);
  glfwSetKeyCallback(window, note_key);
  glfwSetCharCallback(window, note_char);
  glfwSetFramebufferSizeCallback(window, note_size);
  glfwSetWindowFocusCallback(window, note_focus);
  glfwSetWindowRefreshCallback(window, note_input);
}

// GLFW, the window and ImGui are created and destroyed in mirror order by these owners.
struct GlfwLibrary {
  bool ok = glfwInit() == GLFW_TRUE;
  ~GlfwLibrary() {
    if (ok) glfwTerminate();
  }
};

struct Window {
  GLFWwindow* handle = nullptr;
  ~Window() {
    if (handle) glfwDestroyWindow(handle);
  }
};

// ImGui writes imgui.ini with a plain fopen, which a crash can leave half
// written; here it is loaded once and saved whole, atomically, when ImGui
// asks (every few seconds after a change) and at exit.
void save_layout(const std::string& path) {
  ImGuiIO& io = ImGui::GetIO();
  io.WantSaveIniSettings = false;
  if (path.empty()) return;
  size_t size = 0;
  const char* text = ImGui::SaveIniSettingsToMemory(&size);
  try {
    write_file_atomically(path, std::string_view(text, size));
  } catch (const std::exception& e) {
    static bool warned = false;
    if (!warned) std::fprintf(stderr, "latentlab: %s\n", e.what());
    warned = true;
  }
}

struct ImGuiRuntime {
  explicit ImGuiRuntime(GLFWwindow* window, std::string ini_path) : ini_path_(std::move(ini_path)) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // saved by save_layout, atomically
    std::error_code ec;
    if (!ini_path_.empty() && std::filesystem::exists(ini_path_, ec)) ImGui::LoadIniSettingsFromDisk(ini_path_.c_str());
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  ~ImGuiRuntime() {
    save_layout(ini_path_);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  std::string ini_path_;
};

double cpu_seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

TrainerOptions trainer_options(const DesktopOptions& options) {
  TrainerOptions t;
  t.start_paused = options.start_paused;
  return t;
}

class DesktopApp {
 public:
  DesktopApp(const DesktopOptions& options, const RunOptions& run, GLFWwindow* window, std::string config_dir,
             UserSettings settings)
      : options_(options),
        window_(window),
        config_dir_(std::move(config_dir)),
        settings_(settings),
        trainer_(run.model, run.training, trainer_options(options)),
        controls_(run, options.start_paused) {
    show_gradient_lab_ = options.open_panel.rfind("gradient-lab", 0) == 0;
    show_bound_ = options.open_panel.rfind("bound", 0) == 0;
    if (options.open_panel == "bound-vi") bound_.start_vi_when_ready(options.frames * 2 / 3);  // train first
    if (options.open_panel == "gradient-lab-1d") gradient_lab_.select_tab(GradientLabPanel::Tab::GaussianLab);
  }

  void apply_initial_style(float scale) {
    style_.apply(scale, settings_.dark_theme, false);
  }

  int run();

 private:
  void build_frame(PanelContext& ctx);
  void build_conditional_panels(PanelContext& ctx);
  void menu_bar(PanelContext& ctx);
  void shortcuts(PanelContext& ctx);
  template <typename Draw>
  void panel(PanelId id, const char* title, Draw&& draw, bool* open = nullptr);
  void take_screenshot(const std::string& path, bool quiet);
  void show_status(std::string text) {
    status_ = std::move(text);
    status_until_ = Clock::now() + std::chrono::seconds(5);
  }
  void write_stats();
  bool needs_frame(double now, bool animating) const;

  const DesktopOptions& options_;
  GLFWwindow* window_;
  std::string config_dir_;
  UserSettings settings_;
  UiStyle style_;
  Layout layout_;
  float pending_scale_ = 0.0f;
  bool pending_theme_ = false;
  std::string pending_screenshot_;

  // Training and what the panels share.
  Trainer trainer_;
  LatentProbes probes_;
  SnapshotDecoder decoder_;
  DecodeWorker worker_;
  FrameStats stats_;
  uint64_t last_sequence_ = 0;
  std::shared_ptr<const Snapshot> last_snapshot_;

  ControlsPanel controls_;
  LatentPanel latent_;
  CurvesPanel curves_;
  DecoderPanel decoder_panel_;
  DataSpacePanel data_space_;
  InspectorPanel inspector_;
  GradientLabPanel gradient_lab_;
  bool show_gradient_lab_ = false;  // View menu or G: the lab takes the middle column
  BoundPanel bound_;
  bool show_bound_ = false;  // View menu or B: "How tight is the bound" takes the right column
  // Conditional-density runs: the slice x and model answers the three views share.
  ConditionalProbes conditional_;
  ConditionalDensityPanel density_;
  ConditionalSlicePanel slice_;
  ConditionalMixturePanel mixture_;

  std::string status_;
  Clock::time_point status_until_{};
  ScreenshotInfo last_screenshot_;
  bool screenshot_failed_ = false;
  bool quit_ = false;
  double last_drawn_ = -1.0;  // glfwGetTime of the last drawn frame
  double frame_cpu_seconds_ = 0.0;  // smoothed CPU cost of a whole frame on this thread
};

template <typename Draw>
void DesktopApp::panel(PanelId id, const char* title, Draw&& draw, bool* open) {
  layout_.place(id);
  if (ImGui::Begin(title, open, ImGuiWindowFlags_NoCollapse)) {
    layout_.observe(id, settings_.custom_layout);
    const double t0 = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    draw();
    stats_.add_panel(title, 1000.0 * (cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - t0));
  } else {
    layout_.observe(id, settings_.custom_layout);
  }
  ImGui::End();
}

void DesktopApp::shortcuts(PanelContext& ctx) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool ctrl_s = io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S, false);
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false) || ctrl_s) pending_screenshot_ = default_screenshot_path();
  if (ImGui::IsKeyPressed(GLFW_KEY_F2, false)) settings_.show_controls = !settings_.show_controls;
  // Letters belong to a text field while one is being typed in.
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) controls_.toggle_pause(ctx);
  if (ImGui::IsKeyPressed(GLFW_KEY_S, true)) controls_.single_step(ctx);
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) controls_.reset(ctx);
  if (ImGui::IsKeyPressed(GLFW_KEY_G, false)) show_gradient_lab_ = !show_gradient_lab_;
  if (ImGui::IsKeyPressed(GLFW_KEY_B, false)) show_bound_ = !show_bound_;
}

void DesktopApp::menu_bar(PanelContext& ctx) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Save screenshot", "F12")) pending_screenshot_ = default_screenshot_path();
    if (ImGui::MenuItem("Save checkpoint", nullptr, false, ctx.has_model())) {
      const std::string base = config_dir_.empty() ? std::string(".") : config_dir_;
      const std::string path = base + "/" + ctx.snap().model.dataset + "-step" + std::to_string(ctx.snap().step) + ".ckpt";
      trainer_.post(command::Save{path});
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Alt+F4")) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::TextDisabled("UI scale (projector: 1.5 or more)");
    for (float s : {1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.5f}) {
      char label[32];
      std::snprintf(label, sizeof label, "%.0f%%", s * 100);
      if (ImGui::MenuItem(label, nullptr, std::fabs(style_.scale() - s) < 0.01f)) pending_scale_ = s;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Dark theme", nullptr, style_.dark())) pending_theme_ = true;
    ImGui::MenuItem("Controls panel", "F2", &settings_.show_controls);
    if (ImGui::MenuItem("Reset layout")) layout_.request_reset(settings_.custom_layout);
    ImGui::Separator();
    ImGui::MenuItem("Gradient lab", "G", &show_gradient_lab_);
    ImGui::MenuItem("How tight is the bound", "B", &show_bound_);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::TextUnformatted("space  train / pause");
    ImGui::TextUnformatted("S  one step (pauses)");
    ImGui::TextUnformatted("R  reset with the seed (same seed, same run)");
    ImGui::TextUnformatted("G  gradient lab: estimators and their variance");
    ImGui::TextUnformatted("B  how tight is the bound: p(z|x), ELBO, IWAE, gaps");
    ImGui::TextUnformatted("F12, Ctrl+S  screenshot to ~/Pictures");
    ImGui::TextUnformatted("F2  hide or show the Controls panel");
    ImGui::Separator();
    ImGui::TextUnformatted("Latent view: drag a pin to decode its z; click a point");
    ImGui::TextUnformatted("to inspect it; wheel zooms, drag pans, right-click for more.");
    ImGui::EndMenu();
  }
  // Status on the right: what a student at the back most wants to know.
  const Snapshot& s = ctx.snap();
  char text[256];
  if (Clock::now() < status_until_)
    std::snprintf(text, sizeof text, "%s", status_.c_str());
  else
    std::snprintf(text, sizeof text, "%s   %s   step %s   %s samples/s   %.0f fps", s.model.dataset.c_str(),
                  to_string(s.state), with_commas(s.step).c_str(),
                  with_commas(int64_t(std::lround(s.samples_per_second))).c_str(), stats_.recent_fps());
  const float w = ImGui::CalcTextSize(text).x + ImGui::GetStyle().ItemSpacing.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20.0f, ImGui::GetWindowWidth() - w));
  ImGui::TextUnformatted(text);
  ImGui::EndMainMenuBar();
}

void DesktopApp::build_frame(PanelContext& ctx) {
  shortcuts(ctx);
  const float menu_height = ImGui::GetFrameHeight();
  menu_bar(ctx);
  const bool points = ctx.snap().data && !ctx.snap().data->train.is_image();
  layout_.begin_frame(ImGui::GetIO().DisplaySize, menu_height, points, settings_.show_controls, ctx.is_conditional(),
                      settings_.custom_layout);
  // Side by side, the panels need no backgrounds of their own: the clear
  // colour is theirs. That saves a full-screen blended layer, a third of a
  // software-rendered frame. Overlapping panels get their backgrounds back.
  ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w = layout_.panels_overlap() ? 1.0f : 0.0f;

  if (options_.demo_drag && ctx.has_model()) {
    // Scripted drag: pin A circles the origin, moved before the latent view
    // draws, decoded right after it, exactly like a mouse drag.
    const double angle = double(ctx.frame) * 0.05;
    probes_.move_pin(0, 1.8 * std::cos(angle), 1.8 * std::sin(angle), ctx.frame);
  }
  if (options_.demo_switch > 0 && ctx.frame > 0 && ctx.frame % options_.demo_switch == 0)
    controls_.set_kind(ctx, !ctx.is_conditional());  // as the Controls' radio buttons do
  if (settings_.show_controls) panel(PanelId::Controls, "Controls", [&] { controls_.draw(ctx); });
  if (ctx.is_conditional()) {
    build_conditional_panels(ctx);
    return;
  }
  // The gradient lab takes the middle column: the latent view and decoder it covers are not drawn.
  if (show_gradient_lab_)
    panel(PanelId::GradientLab, "Gradient lab", [&] { gradient_lab_.draw(ctx); }, &show_gradient_lab_);
  else
    panel(PanelId::Latent, "Latent space q(z|x)", [&] { latent_.draw(ctx); });
  // Pins moved above are decoded now, before anything shows their decoding.
  probes_.refresh_pins(ctx.snap(), decoder_, worker_, ctx.frame, stats_);
  // The bound panel takes the right column: the curves and inspector it covers are not drawn.
  if (show_bound_)
    panel(PanelId::Bound, "How tight is the bound###bound", [&] { bound_.draw(ctx); }, &show_bound_);
  else
    panel(PanelId::Curves, "Training curves", [&] { curves_.draw(ctx); });
  // The same panel slot shows images or 2-D points; ### keeps its identity (and place) across data sets.
  if (!show_gradient_lab_ && (ctx.is_image_data() || !ctx.snap().data))
    panel(PanelId::Decoder, "Decoded samples across z###decoder", [&] { decoder_panel_.draw(ctx); });
  else if (!show_gradient_lab_)
    panel(PanelId::Decoder, "Data space###decoder", [&] { data_space_.draw(ctx); });
  if (!show_bound_) panel(PanelId::Inspector, "Inspector###inspector", [&] { inspector_.draw(ctx); });
}

void DesktopApp::build_conditional_panels(PanelContext& ctx) {
  conditional_.refresh(ctx.snap());
  if (options_.demo_drag && conditional_.ready()) {
    // Scripted drag: the slice sweeps the x range, moved before any view draws, like a mouse drag.
    const double t = 0.5 + 0.45 * std::sin(double(ctx.frame) * 0.04);
    conditional_.move_slice(conditional_.x0() + t * (conditional_.x1() - conditional_.x0()), ctx.frame);
  }
  // The views that can move the slice draw first, the slice last, so it shows this frame's x.
  if (show_gradient_lab_) {
    panel(PanelId::GradientLab, "Gradient lab", [&] { gradient_lab_.draw(ctx); }, &show_gradient_lab_);
  } else {
    panel(PanelId::Density, "Conditional density p(y|x)###density", [&] { density_.draw(ctx, conditional_); });
    panel(PanelId::Mixture, "Mixture parameters against x###mixture", [&] { mixture_.draw(ctx, conditional_); });
  }
  if (show_bound_) {
    panel(PanelId::Bound, "How tight is the bound###bound", [&] { bound_.draw(ctx); }, &show_bound_);
  } else {
    panel(PanelId::Slice, "Slice at x###slice", [&] { slice_.draw(ctx, conditional_); });
    panel(PanelId::Curves, "Training curves", [&] { curves_.draw(ctx); });
  }
  conditional_.end_frame(ctx.frame);
}

void DesktopApp::take_screenshot(const std::string& path, bool quiet) {
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  try {
    last_screenshot_ = save_screenshot(path, width, height);
    if (!quiet) show_status("saved " + path);
    std::fprintf(stderr, "latentlab: saved %s (%dx%d, mean %.1f, stddev %.1f, %d colours sampled)\n", path.c_str(), width,
                 height, last_screenshot_.mean, last_screenshot_.stddev, last_screenshot_.distinct_colors);
  } catch (const std::exception& e) {
    screenshot_failed_ = true;
    std::fprintf(stderr, "latentlab: %s\n", e.what());
    if (!quiet) show_status(std::string("screenshot failed: ") + e.what());
  }
  gl::check_errors("reading the screenshot");
}


void DesktopApp::write_stats() {
  nlohmann::json j = stats_.to_json();
  // Where the CPU went: the UI thread (panels, GL submission and, with a
  // software renderer, rasterization) against the whole process (+ trainer, decoder).
  j["ui_thread_cpu_s"] = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  j["process_cpu_s"] = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  j["wall_s"] = glfwGetTime();
  const Snapshot* s = last_snapshot_.get();
  j["dataset"] = s ? s->model.dataset : "";
  j["final_step"] = s ? s->step : 0;
  j["final_state"] = s ? to_string(s->state) : "";
  j["gl_errors"] = gl::error_count();
  conditional_.add_stats(j);
  j["ui_scale"] = style_.scale();
  j["font"] = style_.font_file();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  j["framebuffer"] = {width, height};
  const GLubyte* renderer = glGetString(GL_RENDERER);
  j["renderer"] = renderer ? reinterpret_cast<const char*>(renderer) : "";
  if (!last_screenshot_.path.empty())
    j["screenshot"] = {{"path", last_screenshot_.path}, {"width", last_screenshot_.width},
                       {"height", last_screenshot_.height}, {"mean", last_screenshot_.mean},
                       {"stddev", last_screenshot_.stddev}, {"distinct_colors", last_screenshot_.distinct_colors}};
  try {
    write_file_atomically(options_.stats_path, j.dump(2) + "\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
  }
}

bool DesktopApp::needs_frame(double now, bool animating) const {
  // Redraw only when something changed: on a software renderer a frame costs
  // the UI thread ~15 ms of CPU, which on a busy machine comes out of
  // training. While the user interacts, every tick (60 fps). While training
  // runs unattended, new snapshots at most 10 times a second, and never more
  // often than keeps the window's frames under ~10% of a core (6 fps in
  // software GL on two cores, the full 10 on a GPU).
  const bool interacting = now - g_last_input < 0.5 || options_.demo_drag || animating;
  if (last_drawn_ < 0.0 || interacting || !pending_screenshot_.empty()) return true;
  const bool changed = trainer_.latest()->sequence != last_sequence_ || worker_.has_results() || bound_.has_results();
  const double unattended_interval = std::clamp(frame_cpu_seconds_ / 0.10, 0.1, 0.25);
  return (changed && now - last_drawn_ >= unattended_interval) || now - last_drawn_ >= 0.5;  // heartbeat
}

int DesktopApp::run() {
  // vsync is a no-op under Xvfb, so the loop paces itself; without a cap it
  // would redraw as fast as it can and take the trainer's core.
  const auto period = std::chrono::microseconds(16667);
  auto next_tick = Clock::now();
  Clock::time_point previous_start{};
  bool renderer_ready = false, animating = false;
  for (int64_t frame = 0;;) {
    std::this_thread::sleep_until(next_tick);
    const auto start = Clock::now();
    next_tick += period;
    if (next_tick < start) next_tick = start + period;  // fell behind: do not try to catch up

    const double cpu_start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    glfwPollEvents();
    const bool closing = quit_ || glfwWindowShouldClose(window_);
    if (!closing && !needs_frame(glfwGetTime(), animating)) continue;
    const bool last = closing || (options_.frames > 0 && frame + 1 >= options_.frames);
    last_drawn_ = glfwGetTime();
    // Font atlas rebuilds happen here, between frames, as ImGui requires.
    if (pending_scale_ > 0.0f || pending_theme_) {
      const float scale = pending_scale_ > 0.0f ? pending_scale_ : style_.scale();
      if (pending_theme_) settings_.dark_theme = !settings_.dark_theme;
      style_.apply(scale, settings_.dark_theme, renderer_ready);
      if (pending_scale_ > 0.0f) settings_.ui_scale = scale;
      save_user_settings(config_dir_, settings_);
      pending_scale_ = 0.0f;
      pending_theme_ = false;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    renderer_ready = true;

    // One snapshot for every panel this frame, so they all show the same step.
    std::shared_ptr<const Snapshot> snapshot = trainer_.latest();
    if (snapshot->sequence != last_sequence_) {
      last_sequence_ = snapshot->sequence;
      if (snapshot->state == RunState::Running && snapshot->samples_per_second > 0)
        stats_.add_training_rate(snapshot->samples_per_second, snapshot->steps_per_second);
    }
    last_snapshot_ = snapshot;
    PanelContext ctx{snapshot, trainer_, probes_, decoder_, worker_, style_, stats_, frame,
                     ImGui::GetIO().DisplayFramebufferScale.x};
    build_frame(ctx);
    animating = ctx.animating;
    const auto built = Clock::now();
    const double cpu_built = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);

    ImGui::Render();
    if (ImGui::GetIO().WantSaveIniSettings) save_layout(config_dir_.empty() ? std::string() : config_dir_ + "/imgui.ini");
    const ImDrawData* draw_data = ImGui::GetDrawData();
    stats_.add_draw_size(draw_data->TotalVtxCount, draw_data->TotalIdxCount);
    for (int i = 0; i < draw_data->CmdListsCount; ++i)
      if (const char* owner = draw_data->CmdLists[i]->_OwnerName)
        stats_.add_window_vertices(owner, draw_data->CmdLists[i]->VtxBuffer.Size);
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
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
    timing.submit_cpu_ms = 1000.0 * (cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_built);
    timing.frame_ms = previous_start == Clock::time_point{} ? 0.0 : milliseconds(start - previous_start);
    previous_start = start;
    const auto swap_start = Clock::now();
    const double cpu_swap_start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);

    // Screenshots read the back buffer now: after rendering, before the swap.
    if (!pending_screenshot_.empty()) {
      take_screenshot(pending_screenshot_, false);
      pending_screenshot_.clear();
    }
    if (last && !options_.screenshot_path.empty()) take_screenshot(options_.screenshot_path, true);
    glfwSwapBuffers(window_);
    const double cpu_swap_end = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    timing.swap_ms = milliseconds(Clock::now() - swap_start);
    timing.swap_cpu_ms = 1000.0 * (cpu_swap_end - cpu_swap_start);
    stats_.add_frame(timing);
    // What a whole frame costs this thread, swap (and software rasterization) included.
    const double frame_cpu = cpu_swap_end - cpu_start;
    frame_cpu_seconds_ = frame_cpu_seconds_ == 0.0 ? frame_cpu : 0.9 * frame_cpu_seconds_ + 0.1 * frame_cpu;
    ++frame;
    if (last) break;
  }
  save_user_settings(config_dir_, settings_);
  if (!options_.stats_path.empty()) write_stats();
  return screenshot_failed_ && !options_.screenshot_path.empty() ? 1 : 0;
}

}  // namespace

int run_desktop_app(const DesktopOptions& options) {
  RunOptions run = options.run;
  try {
    finish_run_options(run);
    if (options.pace >= 0)
      run.training.max_steps_per_second = options.pace;
    else
      run.training.max_steps_per_second = default_pace(run.model);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
    return 2;
  }
  // Before glfwInit, so a missing display is reported in our words, not lost.
  glfwSetErrorCallback(remember_glfw_error);
  GlfwLibrary glfw;
  if (!glfw.ok) {
    std::fprintf(stderr,
                 "latentlab: no display to open a window on (GLFW %s); without a screen run: "
                 "xvfb-run -a -s \"-screen 0 1280x800x24\" latentlab\n",
                 g_glfw_error.c_str());
    return 2;
  }
  // Mesa's software renderer (llvmpipe, e.g. under Xvfb) rasterizes on as
  // many threads as there are cores, which takes the trainer's core. With 0
  // it rasterizes on the UI thread at the swap: the UI keeps to one core and
  // training keeps the other. Other drivers ignore the variable.
  setenv("LP_NUM_THREADS", "0", 0);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  Window window;
  window.handle = glfwCreateWindow(options.width, options.height, "Latent Lab", nullptr, nullptr);
  if (!window.handle) {
    std::fprintf(stderr,
                 "latentlab: cannot create an OpenGL 3.3 core window (GLFW %s); check the graphics driver, or run "
                 "under xvfb-run -a -s \"-screen 0 1280x800x24\" latentlab\n",
                 g_glfw_error.c_str());
    return 2;
  }
  install_input_watchers(window.handle);
  if (options.frames > 0) {
    // Scripted runs: park the pointer on the menu bar, so a virtual display's
    // centred pointer does not leave a hover tooltip in the screenshot.
    glfwSetCursorPos(window.handle, options.width / 2, 4);
  }
  glfwMakeContextCurrent(window.handle);
  glfwSwapInterval(1);

  const std::string config_dir = config_directory();
  const UserSettings settings = load_user_settings(config_dir);
  ImGuiRuntime imgui(window.handle, config_dir.empty() ? std::string() : config_dir + "/imgui.ini");

  float scale = options.ui_scale > 0 ? options.ui_scale
                : settings.ui_scale > 0 ? settings.ui_scale
                                        : automatic_ui_scale(window.handle);
  int code = 0;
  {
    DesktopApp app(options, run, window.handle, config_dir, settings);
    app.apply_initial_style(scale);
    code = app.run();
  }  // panels free their GL objects here, while the context is still current
  return code;
}

}  // namespace latent
