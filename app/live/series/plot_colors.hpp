// The plots' colours without ImGui, so tests can check them: packed RGBA
// arithmetic, the categorical palettes, and each theme's plot colours.
#pragma once
#include <cstdint>
#include <span>

#include "core/io/enum_names.hpp"

namespace latent::plot {

// Colours are packed as ImGui packs them (IM_COL32): red in the lowest byte,
// alpha in the highest, so they go to ImDrawList unchanged.
constexpr std::uint32_t rgba(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
  return (a & 0xFFu) << 24 | (b & 0xFFu) << 16 | (g & 0xFFu) << 8 | (r & 0xFFu);
}
// The colour with its alpha multiplied by `alpha` (clamped to [0, 1]).
std::uint32_t with_alpha(std::uint32_t color, float alpha);

// What the frames and the recurring series are drawn in, per theme.
struct Colors {
  std::uint32_t plot_background, grid, axis_text, frame;
  std::uint32_t train, test, accent, prior;
};
enum class Theme {
  Light,
  Dark,
  HighContrast,  // black on white, dark series, strong frames: for washed-out projectors
};
inline constexpr Theme kThemes[] = {Theme::Light, Theme::Dark, Theme::HighContrast};  // all of them, for menus and tests
const Colors& theme_colors(Theme theme);
// "light", "dark", "high-contrast": the settings file's and the command line's names.
EnumNames<Theme> enum_names(Theme);

// Colours for categories (classes, mixture components, estimators).
enum class Palette {
  Tableau10,  // ten hues: distinguishable, printable, and kind to the common colour-vision deficiencies
  OkabeIto,   // eight hues that stay apart under every common colour-vision deficiency (ten classes repeat two)
};
inline constexpr Palette kPalettes[] = {Palette::Tableau10, Palette::OkabeIto};  // all of them
std::span<const std::uint32_t> palette_colors(Palette palette);
// "tableau10", "okabe-ito": the settings file's and the command line's names.
EnumNames<Palette> enum_names(Palette);
// Entry `index` of the palette, wrapping around (negative indices too), at `alpha`.
std::uint32_t palette_color(Palette palette, int index, float alpha = 1.0f);

}  // namespace latent::plot
