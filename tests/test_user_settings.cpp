// What the app remembers between runs: every field survives a save and a
// load, older files still read, and a bad file falls back to the defaults.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>

#include "live/settings/user_settings.hpp"
#include "scratch_directory.hpp"

using namespace latent;

using latent::testing::ScratchDirectory;

TEST_CASE("user settings: every choice survives a save and a load, and nothing else is left behind") {
  ScratchDirectory dir;
  UserSettings s;
  s.ui_scale = 2.0f;
  s.theme = plot::Theme::HighContrast;
  s.palette = plot::Palette::OkabeIto;
  s.custom_layout = true;
  s.show_controls = false;
  s.checkpoint_folder = "/tmp/models";
  s.export_folder = "/tmp/slides";
  save_user_settings(dir.path().string(), s);
  const UserSettings r = load_user_settings(dir.path().string());
  CHECK(r.ui_scale == 2.0f);
  CHECK(r.theme == plot::Theme::HighContrast);
  CHECK(r.palette == plot::Palette::OkabeIto);
  CHECK(r.custom_layout);
  CHECK_FALSE(r.show_controls);
  CHECK(r.checkpoint_folder == "/tmp/models");
  CHECK(r.export_folder == "/tmp/slides");
  CHECK(dir.entries() == std::set<std::string>{"settings.json"});  // the atomic write's temporary is gone
}

TEST_CASE("user settings: a file from before the theme menu keeps its dark theme") {
  ScratchDirectory dir;
  dir.write("settings.json", R"({"ui_scale": 1.5, "dark_theme": true})");
  const UserSettings r = load_user_settings(dir.path().string());
  CHECK(r.theme == plot::Theme::Dark);
  CHECK(r.palette == plot::Palette::Tableau10);
  CHECK(r.ui_scale == 1.5f);
}

TEST_CASE("user settings: unknown names keep the defaults; a damaged file gives all defaults") {
  ScratchDirectory dir;
  dir.write("settings.json", R"({"theme": "neon", "palette": "rainbow", "ui_scale": 2})");
  UserSettings r = load_user_settings(dir.path().string());
  CHECK(r.theme == plot::Theme::Light);
  CHECK(r.palette == plot::Palette::Tableau10);
  CHECK(r.ui_scale == 2.0f);
  dir.write("settings.json", R"({"theme": "dark", "ui_scale": )");
  r = load_user_settings(dir.path().string());
  CHECK(r.theme == plot::Theme::Light);
  CHECK(r.ui_scale == 0.0f);
}
