// The menu bar (File, View, Help, and the status line on the right) and the
// keyboard shortcuts. They ask; the loop does what they ask between frames.
#pragma once
#include <optional>
#include <string>

#include "gui/panels/shared/panel_context.hpp"
#include "live/series/plot_colors.hpp"

namespace latent {

class FileActions;
class Layout;
class LessonMode;
class PanelRouter;
struct UserSettings;

// What the menus and shortcuts ask of the loop.
struct ShellRequests {
  std::string screenshot;  // non-empty: save the next frame here
  float ui_scale = 0.0f;   // > 0: rebuild the fonts at this scale
  std::optional<plot::Theme> theme;      // set: restyle in this theme
  std::optional<plot::Palette> palette;  // set: categories in this palette
  bool quit = false;
  std::string lesson;      // non-empty: open this lesson
};

// What the menus act on.
struct ShellParts {
  PanelRouter& router;
  Layout& layout;
  UserSettings& settings;
  LessonMode& lesson;
  FileActions& files;  // File → Open/Save checkpoint, Export
};

void handle_shortcuts(PanelContext& ctx, ShellParts parts, ShellRequests& requests);
// `status`: a message to show instead of the usual line (empty: step, speed, fps).
void draw_menu_bar(PanelContext& ctx, ShellParts parts, const std::string& status, ShellRequests& requests);

}  // namespace latent
