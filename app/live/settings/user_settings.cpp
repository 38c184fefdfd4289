// Reading and writing the remembered settings as a small JSON file.
#include "live/settings/user_settings.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/io/atomic_file.hpp"

namespace latent {

std::string config_directory() {
  std::filesystem::path dir;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    dir = std::filesystem::path(xdg) / "latentlab";
  else if (const char* home = std::getenv("HOME"); home && *home)
    dir = std::filesystem::path(home) / ".config" / "latentlab";
  else
    return {};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "latentlab: %s: cannot create (%s); layout and settings will not be remembered\n",
                 dir.c_str(), ec.message().c_str());
    return {};
  }
  return dir.string();
}

UserSettings load_user_settings(const std::string& directory) {
  UserSettings s;
  if (directory.empty()) return s;
  const std::string path = directory + "/settings.json";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return s;
  try {
    const auto j = nlohmann::json::parse(read_file_bytes(path));
    s.ui_scale = j.value("ui_scale", 0.0f);
    // Unknown names (a newer version's theme, a typo) keep the default.
    s.theme = find_enum<plot::Theme>(j.value("theme", std::string()))
                  .value_or(j.value("dark_theme", false) ? plot::Theme::Dark : plot::Theme::Light);
    s.palette = find_enum<plot::Palette>(j.value("palette", std::string())).value_or(plot::Palette::Tableau10);
    s.custom_layout = j.value("custom_layout", false);
    s.show_controls = j.value("show_controls", true);
    s.checkpoint_folder = j.value("checkpoint_folder", std::string());
    s.export_folder = j.value("export_folder", std::string());
    if (!(s.ui_scale >= 0.5f && s.ui_scale <= 4.0f)) s.ui_scale = 0.0f;
  } catch (const nlohmann::json::parse_error& e) {
    std::fprintf(stderr, "latentlab: %s: not valid JSON near byte %zu; using the default settings (delete the file to start afresh)\n",
                 path.c_str(), e.byte);
    s = UserSettings{};
  } catch (const std::exception&) {
    std::fprintf(stderr, "latentlab: %s: a field has the wrong type; using the default settings (delete the file to start afresh)\n",
                 path.c_str());
    s = UserSettings{};
  }
  return s;
}

void save_user_settings(const std::string& directory, const UserSettings& s) {
  if (directory.empty()) return;
  static bool warned = false;
  try {
    const nlohmann::json j = {{"ui_scale", s.ui_scale}, {"theme", to_string(s.theme)},
                             {"palette", to_string(s.palette)}, {"custom_layout", s.custom_layout},
                             {"show_controls", s.show_controls}, {"checkpoint_folder", s.checkpoint_folder},
                             {"export_folder", s.export_folder}};
    write_file_atomically(directory + "/settings.json", j.dump(2) + "\n");
  } catch (const std::exception& e) {
    if (!warned) std::fprintf(stderr, "latentlab: %s\n", e.what());
    warned = true;
  }
}

}  // namespace latent
