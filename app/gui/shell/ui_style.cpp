// Font loading (with the glyphs the formulas need) and the theme colours.
#include "gui/shell/ui_style.hpp"
#include "live/text/glyph_ranges.hpp"

#include <GL/glcorearb.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace latent {

namespace {

// Latin-1, Greek (mu, sigma, beta, phi), punctuation (the norm bars of KL),
// sub/superscripts, arrows, maths operators (minus, approx), geometric shapes (play/pause).
static_assert(sizeof(ImWchar) == sizeof(kGlyphRanges[0]), "the glyph ranges are ImWchar pairs");

std::string find_font(const char* file) {
  // Where the system keeps DejaVu: fonts-dejavu-core on Debian (a dependency of the package), then other distributions.
  const std::string candidates[] = {std::string("/usr/share/fonts/truetype/dejavu/") + file,
                                    std::string("/usr/share/fonts/dejavu/") + file};
  std::error_code ec;
  for (const auto& path : candidates)
    if (std::filesystem::is_regular_file(path, ec)) return path;
  return {};
}

// Colours a theme sets over ImGui's own light or dark ones.
struct ColorSetting {
  ImGuiCol item;
  ImVec4 color;
};

// Projectors wash out pale greys: keep text black and frames visible.
const ColorSetting kLight[] = {
    {ImGuiCol_Text, {0.08f, 0.08f, 0.10f, 1.0f}},      {ImGuiCol_TextDisabled, {0.42f, 0.42f, 0.46f, 1.0f}},
    {ImGuiCol_WindowBg, {0.955f, 0.955f, 0.965f, 1.0f}}, {ImGuiCol_ChildBg, {0, 0, 0, 0}},
    {ImGuiCol_PopupBg, {1.0f, 1.0f, 1.0f, 0.98f}},      {ImGuiCol_Border, {0.70f, 0.70f, 0.74f, 0.8f}},
    {ImGuiCol_FrameBg, {1.0f, 1.0f, 1.0f, 1.0f}},       {ImGuiCol_TitleBg, {0.84f, 0.86f, 0.90f, 1.0f}},
    {ImGuiCol_TitleBgActive, {0.84f, 0.86f, 0.90f, 1.0f}}, {ImGuiCol_TitleBgCollapsed, {0.84f, 0.86f, 0.90f, 0.8f}},
    {ImGuiCol_MenuBarBg, {0.90f, 0.91f, 0.93f, 1.0f}},  {ImGuiCol_Header, {0.80f, 0.85f, 0.93f, 1.0f}},
};
// Over the light theme, pushed to the ends: black text on white, black borders,
// greyed text still dark, and title bars that stay distinct when washed out.
const ColorSetting kHighContrast[] = {
    {ImGuiCol_Text, {0, 0, 0, 1}},           {ImGuiCol_TextDisabled, {0.25f, 0.25f, 0.28f, 1.0f}},
    {ImGuiCol_WindowBg, {1, 1, 1, 1}},       {ImGuiCol_Border, {0, 0, 0, 1}},
    {ImGuiCol_Separator, {0, 0, 0, 1}},      {ImGuiCol_TitleBg, {0.72f, 0.76f, 0.84f, 1.0f}},
    {ImGuiCol_TitleBgActive, {0.72f, 0.76f, 0.84f, 1.0f}}, {ImGuiCol_MenuBarBg, {0.84f, 0.86f, 0.90f, 1.0f}},
    {ImGuiCol_CheckMark, {0, 0, 0, 1}},      {ImGuiCol_SliderGrab, {0.0f, 0.20f, 0.55f, 1.0f}},
    {ImGuiCol_SliderGrabActive, {0.0f, 0.20f, 0.55f, 1.0f}}, {ImGuiCol_Button, {0.78f, 0.84f, 0.94f, 1.0f}},
    {ImGuiCol_Header, {0.70f, 0.78f, 0.92f, 1.0f}},
};
const ColorSetting kDark[] = {
    {ImGuiCol_WindowBg, {0.11f, 0.12f, 0.14f, 1.0f}},      {ImGuiCol_TitleBg, {0.16f, 0.18f, 0.22f, 1.0f}},
    {ImGuiCol_TitleBgActive, {0.16f, 0.18f, 0.22f, 1.0f}}, {ImGuiCol_TitleBgCollapsed, {0.16f, 0.18f, 0.22f, 0.8f}},
    {ImGuiCol_MenuBarBg, {0.14f, 0.15f, 0.18f, 1.0f}},
};

template <size_t N>
void set(ImGuiStyle& style, const ColorSetting (&settings)[N]) {
  for (const ColorSetting& c : settings) style.Colors[c.item] = c.color;
}

void set_colors(ImGuiStyle& style, plot::Theme theme) {
  switch (theme) {
    case plot::Theme::Dark:
      ImGui::StyleColorsDark(&style);
      set(style, kDark);
      return;
    case plot::Theme::HighContrast:
      ImGui::StyleColorsLight(&style);
      set(style, kLight);
      set(style, kHighContrast);
      return;
    case plot::Theme::Light: break;
  }
  ImGui::StyleColorsLight(&style);
  set(style, kLight);
}

}  // namespace

void UiStyle::apply(float scale, plot::Theme theme, bool renderer_ready) {
  // Up to twice the largest UI scale: exports render at 2x (gui/export/zoomed_frame).
  scale_ = std::clamp(scale, 0.5f, 8.0f);
  theme_ = theme;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  font_file_ = find_font("DejaVuSans.ttf");
  const std::string bold = find_font("DejaVuSans-Bold.ttf");
  ImFontConfig config;
  config.OversampleH = 2;  // sharp enough at these sizes, and a smaller atlas to rebuild
  config.OversampleV = 1;
  ImFont* regular = nullptr;
  if (!font_file_.empty())
    regular = io.Fonts->AddFontFromFileTTF(font_file_.c_str(), std::round(kFontPixels * scale_), &config, reinterpret_cast<const ImWchar*>(kGlyphRanges));
  if (!regular) {
    static bool warned = false;
    if (!warned)
      std::fprintf(stderr,
                   "latentlab: DejaVuSans.ttf not found; install fonts-dejavu-core for readable scaled text "
                   "(using ImGui's small bitmap font)\n");
    warned = true;
    font_file_.clear();
    ImFontConfig fallback;
    fallback.SizePixels = std::round(13.0f * scale_);
    regular = io.Fonts->AddFontDefault(&fallback);
  }
  large_ = nullptr;
  const std::string& large_file = bold.empty() ? font_file_ : bold;
  if (!large_file.empty())
    large_ = io.Fonts->AddFontFromFileTTF(large_file.c_str(), std::round(kLargeFontPixels * scale_), &config, reinterpret_cast<const ImWchar*>(kGlyphRanges));
  if (!large_) large_ = regular;
  io.FontDefault = regular;
  plot_.reserve_sprites(*io.Fonts);
  io.Fonts->Build();
  plot_.paint_sprites(*io.Fonts);
  if (renderer_ready) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  ImGuiStyle style;  // fresh, so repeated scaling does not compound
  set_colors(style, theme_);
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.WindowPadding = ImVec2(10, 8);
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  // Outlined fields and checkboxes: on a light theme, white boxes on a pale panel vanish on a projector.
  style.FrameBorderSize = theme_ == plot::Theme::Dark ? 0.0f : 1.0f;
  if (theme_ == plot::Theme::HighContrast) style.WindowBorderSize = style.FrameBorderSize = 2.0f;
  style.ScaleAllSizes(scale_);
  window_background_ = style.Colors[ImGuiCol_WindowBg];
  ImGui::GetStyle() = style;
  plot_.set_theme(theme_);
}

float automatic_ui_scale(GLFWwindow* window) {
  float sx = 1.0f, sy = 1.0f;
  glfwGetWindowContentScale(window, &sx, &sy);
  return std::clamp(std::max(sx, sy), 1.0f, 3.0f);
}

}  // namespace latent
