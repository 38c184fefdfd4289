// The plots' colours: alpha arithmetic, palette lookup, the Okabe-Ito values
// against the published ones, and the themes' contrast by the WCAG formula.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "live/series/plot_colors.hpp"

using namespace latent::plot;

namespace {

unsigned channel(std::uint32_t c, int byte) { return (c >> (8 * byte)) & 0xFFu; }

// WCAG 2 relative luminance of an sRGB colour.
double luminance(std::uint32_t c) {
  double sum = 0.0;
  const double weights[3] = {0.2126, 0.7152, 0.0722};
  for (int i = 0; i < 3; ++i) {
    const double v = channel(c, i) / 255.0;
    sum += weights[i] * (v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4));
  }
  return sum;
}

double contrast(std::uint32_t a, std::uint32_t b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::uint32_t from_hex(const std::string& hex) {  // "#RRGGBB", as colour tables print them
  const unsigned long v = std::strtoul(hex.c_str() + 1, nullptr, 16);
  return rgba((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
}

}  // namespace

TEST_CASE("plot colours: packed as ImGui packs them, red in the lowest byte") {
  CHECK(rgba(0x12, 0x34, 0x56, 0x78) == 0x78563412u);
  CHECK(channel(rgba(1, 2, 3), 3) == 255u);  // opaque unless told
}

TEST_CASE("plot colours: with_alpha scales the alpha, clamps it, and keeps the hue") {
  CHECK(channel(with_alpha(rgba(10, 20, 30), 0.5f), 3) == 128);  // 127.5 rounds up
  CHECK(channel(with_alpha(rgba(10, 20, 30, 100), 0.5f), 3) == 50);
  CHECK(channel(with_alpha(rgba(10, 20, 30, 100), 2.0f), 3) == 100);
  CHECK(channel(with_alpha(rgba(10, 20, 30), -1.0f), 3) == 0);
  CHECK((with_alpha(rgba(10, 20, 30), 0.3f) & 0x00FFFFFFu) == (rgba(10, 20, 30) & 0x00FFFFFFu));
}

TEST_CASE("plot colours: palette lookup wraps around in both directions") {
  for (Palette p : kPalettes) {
    const auto colors = palette_colors(p);
    const int n = int(colors.size());
    CHECK(palette_color(p, 0) == colors[0]);
    CHECK(palette_color(p, n) == colors[0]);
    CHECK(palette_color(p, n + 2) == colors[2]);
    CHECK(palette_color(p, -1) == colors[size_t(n - 1)]);
    CHECK(palette_color(p, -n) == colors[0]);
    CHECK(palette_color(p, 1, 0.5f) == with_alpha(colors[1], 0.5f));
  }
}

TEST_CASE("plot colours: every palette entry is opaque and differs from the others") {
  for (Palette p : kPalettes) {
    const auto colors = palette_colors(p);
    for (size_t i = 0; i < colors.size(); ++i) {
      CHECK(channel(colors[i], 3) == 255);
      for (size_t j = 0; j < i; ++j) CHECK(colors[i] != colors[j]);
    }
  }
}

TEST_CASE("plot colours: Okabe-Ito is the published colour-blind-safe set, black left out") {
  // Okabe & Ito (2008), as R's palette.colors("Okabe-Ito") lists them after black.
  const char* published[] = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"};
  const auto colors = palette_colors(Palette::OkabeIto);
  REQUIRE(colors.size() == 8);
  for (size_t i = 0; i < colors.size(); ++i) CHECK(colors[i] == from_hex(published[i]));
}

TEST_CASE("plot colours: each theme's text and series stand out from its plot background") {
  CHECK(contrast(rgba(0, 0, 0), rgba(255, 255, 255)) == doctest::Approx(21.0));  // the formula's own end points
  for (Theme t : kThemes) {
    const Colors& c = theme_colors(t);
    CHECK(contrast(c.axis_text, c.plot_background) >= 7.0);  // WCAG AAA for text
    CHECK(contrast(c.frame, c.plot_background) >= 2.0);
    CHECK(contrast(c.grid, c.plot_background) >= 1.2);  // visible, yet fainter than the frame
    CHECK(contrast(c.grid, c.plot_background) < contrast(c.frame, c.plot_background));
    for (std::uint32_t series : {c.train, c.test, c.accent, c.prior})
      CHECK(contrast(series, c.plot_background) >= 3.0);  // WCAG's minimum for graphics
  }
  CHECK(theme_colors(Theme::Light).plot_background != theme_colors(Theme::Dark).plot_background);
}

TEST_CASE("plot colours: the high-contrast theme beats the light one everywhere a projector washes out") {
  const Colors &light = theme_colors(Theme::Light), &high = theme_colors(Theme::HighContrast);
  CHECK(contrast(high.axis_text, high.plot_background) >= contrast(light.axis_text, light.plot_background));
  CHECK(contrast(high.frame, high.plot_background) >= 7.0);
  CHECK(contrast(high.grid, high.plot_background) > contrast(light.grid, light.plot_background));
  for (std::uint32_t series : {high.train, high.test, high.accent, high.prior})
    CHECK(contrast(series, high.plot_background) >= 4.5);  // text's minimum, not just graphics'
}

TEST_CASE("plot colours: themes and palettes go by one name each, both ways") {
  for (Theme t : kThemes) CHECK(latent::find_enum<Theme>(latent::to_string(t)) == t);
  for (Palette p : kPalettes) CHECK(latent::find_enum<Palette>(latent::to_string(p)) == p);
  CHECK(latent::to_string(Theme::HighContrast) == "high-contrast");
  CHECK(latent::to_string(Palette::OkabeIto) == "okabe-ito");
  CHECK_FALSE(latent::find_enum<Theme>("Dark"));
  CHECK_FALSE(latent::find_enum<Palette>(""));
}
