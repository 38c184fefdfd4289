// What the app remembers between runs: the window layout (imgui.ini) and a
// few choices (UI scale, theme, the file dialog's folders), kept in $XDG_CONFIG_HOME/latentlab/.
#pragma once
#include <string>

#include "live/series/plot_colors.hpp"

namespace latent {

struct UserSettings {
  float ui_scale = 0.0f;  // 0: never chosen, pick automatically
  plot::Theme theme = plot::Theme::Light;              // View → Theme
  plot::Palette palette = plot::Palette::Tableau10;    // View → colour-blind-safe palette
  bool custom_layout = false;  // the user moved or resized a panel: keep it on window resizes
  bool show_controls = true;   // F2 hides the Controls panel (more room on a projector)
  std::string checkpoint_folder;  // where File → Open/Save checkpoint was last (empty: the working directory)
  std::string export_folder;      // likewise for File → Export
};

// $XDG_CONFIG_HOME/latentlab, else ~/.config/latentlab; created if missing.
// Empty if there is no usable place (then nothing is remembered).
std::string config_directory();

UserSettings load_user_settings(const std::string& directory);  // defaults on any problem
// Written atomically; a failure is reported once on stderr and otherwise ignored:
// losing a remembered UI scale must never stop a lecture.
void save_user_settings(const std::string& directory, const UserSettings& settings);

}  // namespace latent
