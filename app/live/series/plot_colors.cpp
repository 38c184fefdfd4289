// The palettes and theme colours of plot_colors.hpp, and the alpha arithmetic.
#include "live/series/plot_colors.hpp"

#include <algorithm>

namespace latent::plot {

namespace {

constexpr std::uint32_t kTableau10[] = {rgba(31, 119, 180),  rgba(255, 127, 14), rgba(44, 160, 44),
                                        rgba(214, 39, 40),   rgba(148, 103, 189), rgba(140, 86, 75),
                                        rgba(227, 119, 194), rgba(127, 127, 127), rgba(188, 189, 34),
                                        rgba(23, 190, 207)};

// Okabe & Ito (2008), "Color Universal Design", in the order R's palette.colors() lists them, without
// its first entry, black, which would vanish on the dark theme; its grey comes last.
constexpr std::uint32_t kOkabeIto[] = {rgba(230, 159, 0), rgba(86, 180, 233), rgba(0, 158, 115),
                                       rgba(240, 228, 66), rgba(0, 114, 178), rgba(213, 94, 0),
                                       rgba(204, 121, 167), rgba(153, 153, 153)};

// Fields: plot_background, grid, axis_text, frame, train, test, accent, prior.
constexpr Colors kLight{rgba(255, 255, 255), rgba(222, 222, 226), rgba(30, 30, 36),  rgba(150, 150, 160),
                        rgba(31, 119, 180),  rgba(230, 97, 0),    rgba(200, 30, 90), rgba(90, 110, 150)};
constexpr Colors kDark{rgba(22, 24, 30),   rgba(58, 62, 72),   rgba(225, 225, 232), rgba(95, 98, 110),
                       rgba(86, 166, 230), rgba(255, 150, 60), rgba(255, 90, 150),  rgba(150, 170, 210)};
// A projector lifts the black level and washes out light greys and pastels:
// pure black text and frames, a grid still clearly visible, series dark enough
// to keep WCAG's 4.5:1 (text's contrast) against white.
constexpr Colors kHighContrast{rgba(255, 255, 255), rgba(160, 160, 168), rgba(0, 0, 0),    rgba(0, 0, 0),
                               rgba(0, 80, 170),    rgba(180, 60, 0),    rgba(170, 0, 90), rgba(40, 50, 110)};

}  // namespace

std::uint32_t with_alpha(std::uint32_t color, float alpha) {
  const std::uint32_t a = std::uint32_t(std::clamp(alpha, 0.0f, 1.0f) * float(color >> 24) + 0.5f);
  return (color & 0x00FFFFFFu) | (a << 24);
}

// Switches without a default, so the compiler names a theme or palette added without its colours.
const Colors& theme_colors(Theme theme) {
  switch (theme) {
    case Theme::Dark: return kDark;
    case Theme::HighContrast: return kHighContrast;
    case Theme::Light: break;
  }
  return kLight;
}

EnumNames<Theme> enum_names(Theme) {
  static constexpr EnumName<Theme> names[] = {
      {Theme::Light, "light"}, {Theme::Dark, "dark"}, {Theme::HighContrast, "high-contrast"}};
  return {"theme", names};
}

EnumNames<Palette> enum_names(Palette) {
  static constexpr EnumName<Palette> names[] = {{Palette::Tableau10, "tableau10"}, {Palette::OkabeIto, "okabe-ito"}};
  return {"palette", names};
}

std::span<const std::uint32_t> palette_colors(Palette palette) {
  switch (palette) {
    case Palette::OkabeIto: return kOkabeIto;
    case Palette::Tableau10: break;
  }
  return kTableau10;
}

std::uint32_t palette_color(Palette palette, int index, float alpha) {
  const std::span<const std::uint32_t> colors = palette_colors(palette);
  const int n = int(colors.size());
  return with_alpha(colors[size_t(((index % n) + n) % n)], alpha);
}

}  // namespace latent::plot
