// The menu bar, the Help menu's list of keys, and the shortcuts themselves.
#include "gui/shell/menus.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/shell/file_actions.hpp"
#include "gui/shell/layout.hpp"
#include "gui/shell/lesson_mode.hpp"
#include "gui/shell/panel_router.hpp"
#include "gui/shell/screenshot.hpp"
#include "gui/shell/ui_style.hpp"
#include "live/lessons/lesson_catalog.hpp"

namespace latent {

void handle_shortcuts(PanelContext& ctx, ShellParts parts, ShellRequests& requests) {
  const ImGuiIO& io = ImGui::GetIO();
  // The file dialog has the keyboard while it is open.
  if (parts.files.dialog_open()) return;
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O, false)) parts.files.ask(FileActions::Kind::OpenCheckpoint, ctx.snap());
  const bool ctrl_s = io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S, false);
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false) || ctrl_s) requests.screenshot = default_screenshot_path();
  if (ImGui::IsKeyPressed(GLFW_KEY_F2, false)) parts.settings.show_controls = !parts.settings.show_controls;
  // Letters belong to a text field while one is being typed in.
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  ControlsPanel& controls = parts.router.controls();
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) controls.toggle_pause(ctx);
  if (ImGui::IsKeyPressed(GLFW_KEY_S, true)) controls.single_step(ctx);
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) controls.reset(ctx);
  if (ImGui::IsKeyPressed(GLFW_KEY_G, false)) parts.router.show_gradient_lab = !parts.router.show_gradient_lab;
  if (ImGui::IsKeyPressed(GLFW_KEY_B, false)) parts.router.show_bound = !parts.router.show_bound;
  if (ImGui::IsKeyPressed(GLFW_KEY_D, false)) parts.router.draw_data.open = !parts.router.draw_data.open;
  if (ImGui::IsKeyPressed(GLFW_KEY_F, false)) parts.router.toggle_focus();
}

namespace {

// Pictures at twice the screen's resolution (for slides), and the numbers behind them.
void export_menu(PanelContext& ctx, ShellParts parts) {
  if (!ImGui::BeginMenu("Export")) return;
  const Snapshot& s = ctx.snap();
  if (ImGui::MenuItem("Window as PNG (2x)…")) parts.files.ask(FileActions::Kind::Picture, s, "window");
  if (ImGui::BeginMenu("Panel as PNG (2x)")) {
    // The panels on screen (last frame's: the menu comes before this frame's panels).
    for (int k = 0; k < kLessonPanelCount; ++k) {
      const LessonPanel panel = LessonPanel(k);
      ImVec2 min, max;
      if (parts.layout.drawn_rect(panel_id(panel), min, max) && ImGui::MenuItem(to_string(panel)))
        parts.files.ask(FileActions::Kind::Picture, s, to_string(panel));
    }
    ImGui::EndMenu();
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Curves as CSV…", nullptr, false, !s.train_metrics.empty()))
    parts.files.ask(FileActions::Kind::Curves, s);
  if (ImGui::MenuItem("Latent codes as CSV…", nullptr, false, s.codes != nullptr && !ctx.is_conditional()))
    parts.files.ask(FileActions::Kind::Codes, s);
  ImGui::EndMenu();
}

void file_menu(PanelContext& ctx, ShellParts parts, ShellRequests& requests) {
  if (!ImGui::BeginMenu("File")) return;
  if (ImGui::BeginMenu("Lessons")) {
    for (const std::string& name : builtin_lesson_names()) {
      const std::string title = builtin_lesson(name).title;
      if (ImGui::MenuItem(title.c_str())) requests.lesson = name;
    }
    if (parts.lesson.active()) {
      ImGui::Separator();
      if (ImGui::MenuItem("Leave the lesson", "Esc")) parts.lesson.leave();
    }
    ImGui::EndMenu();
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Open checkpoint…", "Ctrl+O")) parts.files.ask(FileActions::Kind::OpenCheckpoint, ctx.snap());
  if (ImGui::MenuItem("Save checkpoint…", nullptr, false, ctx.snap().params != nullptr))
    parts.files.ask(FileActions::Kind::SaveCheckpoint, ctx.snap());
  ImGui::Separator();
  if (ImGui::MenuItem("Save screenshot", "F12")) requests.screenshot = default_screenshot_path();
  export_menu(ctx, parts);
  ImGui::Separator();
  if (ImGui::MenuItem("Quit", "Alt+F4")) requests.quit = true;
  ImGui::EndMenu();
}

void view_menu(PanelContext& ctx, ShellParts parts, ShellRequests& requests) {
  if (!ImGui::BeginMenu("View")) return;
  ImGui::TextDisabled("UI scale (projector: 1.5 or more)");
  for (float s : {1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.5f}) {
    char label[32];
    std::snprintf(label, sizeof label, "%.0f%%", s * 100);
    if (ImGui::MenuItem(label, nullptr, std::fabs(ctx.style.scale() - s) < 0.01f)) requests.ui_scale = s;
  }
  ImGui::Separator();
  if (ImGui::BeginMenu("Theme")) {
    const char* labels[] = {"Light", "Dark", "High contrast (projectors)"};
    static_assert(std::size(labels) == std::size(plot::kThemes));
    for (size_t i = 0; i < std::size(plot::kThemes); ++i)
      if (ImGui::MenuItem(labels[i], nullptr, ctx.style.theme() == plot::kThemes[i])) requests.theme = plot::kThemes[i];
    ImGui::EndMenu();
  }
  const bool okabe_ito = ctx.style.plot_context().palette() == plot::Palette::OkabeIto;
  if (ImGui::MenuItem("Colour-blind-safe palette (Okabe-Ito)", nullptr, okabe_ito))
    requests.palette = okabe_ito ? plot::Palette::Tableau10 : plot::Palette::OkabeIto;
  ImGui::MenuItem("Controls panel", "F2", &parts.settings.show_controls);
  if (ImGui::MenuItem("Reset layout")) parts.layout.request_reset(parts.settings.custom_layout);
  if (parts.layout.focused() && ImGui::MenuItem("Every panel again", "F")) parts.router.toggle_focus();
  ImGui::Separator();
  ImGui::MenuItem("Gradient lab", "G", &parts.router.show_gradient_lab);
  ImGui::MenuItem("How tight is the bound", "B", &parts.router.show_bound);
  ImGui::MenuItem("Draw your own data", "D", &parts.router.draw_data.open);
  ImGui::EndMenu();
}

void help_menu() {
  if (!ImGui::BeginMenu("Help")) return;
  ImGui::TextUnformatted("space  train / pause");
  ImGui::TextUnformatted("S  one step (pauses)");
  ImGui::TextUnformatted("R  reset with the seed (same seed, same run)");
  ImGui::TextUnformatted("G  gradient lab: estimators and their variance");
  ImGui::TextUnformatted("B  how tight is the bound: p(z|x), ELBO, IWAE, gaps");
  ImGui::TextUnformatted("D  draw your own 2-D data and train on it");
  ImGui::TextUnformatted("F12, Ctrl+S  screenshot to ~/Pictures");
  ImGui::TextUnformatted("F2  hide or show the Controls panel");
  ImGui::TextUnformatted("Ctrl+O  open a checkpoint (a model trained beforehand)");
  ImGui::TextUnformatted("F, or double-click a title  the panel under the mouse fills the window; again: back");
  ImGui::TextUnformatted("In a lesson: Page Down, Right  next step;  Page Up, Left  back;");
  ImGui::TextUnformatted("  Home  first step;  Esc  leave for free play");
  ImGui::Separator();
  ImGui::TextUnformatted("Latent view: drag a pin to decode its z; click a point");
  ImGui::TextUnformatted("to inspect it; wheel zooms, drag pans, right-click for more.");
  ImGui::EndMenu();
}

}  // namespace

void draw_menu_bar(PanelContext& ctx, ShellParts parts, const std::string& status, ShellRequests& requests) {
  if (!ImGui::BeginMainMenuBar()) return;
  file_menu(ctx, parts, requests);
  view_menu(ctx, parts, requests);
  help_menu();
  // Status on the right: what a student at the back most wants to know.
  const Snapshot& s = ctx.snap();
  char text[1024];
  if (!status.empty())
    std::snprintf(text, sizeof text, "%s", status.c_str());
  else
    std::snprintf(text, sizeof text, "%s   %s   step %s   %s samples/s   %.0f fps", s.model.dataset.c_str(),
                  to_string(s.state), with_commas(s.step).c_str(),
                  with_commas(int64_t(std::lround(s.samples_per_second))).c_str(), ctx.stats.recent_fps());
  const float w = ImGui::CalcTextSize(text).x + ImGui::GetStyle().ItemSpacing.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 20.0f, ImGui::GetWindowWidth() - w));
  ImGui::TextUnformatted(text);
  // A long message (a checkpoint's error names the file and the fix) may not fit: the whole of it on hover.
  if (ImGui::IsItemHovered() && ImGui::GetItemRectMax().x > ImGui::GetWindowWidth()) ImGui::SetTooltip("%s", text);
  ImGui::EndMainMenuBar();
}

}  // namespace latent
