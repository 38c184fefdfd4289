// Cropping the zoomed frame to the window or a panel, and writing the PNGs.
#include "gui/export/picture_export.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "gui/shell/layout.hpp"
#include "live/lessons/lesson.hpp"

namespace latent {

namespace {

constexpr int kZoom = 2;

struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
};

// Where the picture's panel is on screen, in framebuffer pixels; nullopt if it is not drawn.
std::optional<PixelRect> screen_rect(const PictureExport& p, const Layout& layout, int width, int height) {
  const ImVec2 pixels = ImGui::GetIO().DisplayFramebufferScale;
  ImVec2 min(0, 0), max(float(width) / pixels.x, float(height) / pixels.y);
  if (p.panel != "window") {
    const std::optional<LessonPanel> panel = lesson_panel_from_string(p.panel);
    if (!panel || !layout.drawn_rect(panel_id(*panel), min, max)) return std::nullopt;
  }
  // A panel dragged partly off the window is cut at its edges.
  const int x0 = std::clamp(int(std::lround(min.x * pixels.x)), 0, width);
  const int y0 = std::clamp(int(std::lround(min.y * pixels.y)), 0, height);
  const int x1 = std::clamp(int(std::lround(max.x * pixels.x)), 0, width);
  const int y1 = std::clamp(int(std::lround(max.y * pixels.y)), 0, height);
  if (x1 <= x0 || y1 <= y0) return std::nullopt;
  return PixelRect{x0, y0, x1 - x0, y1 - y0};
}

}  // namespace

std::vector<PictureOutcome> write_pictures(ImGuiRuntime& imgui, const std::vector<PictureExport>& pictures,
                                           const Layout& layout, const ZoomedFrameParts& parts) {
  // The rectangles of the frame just shown, before the zoomed frames draw the panels again.
  std::vector<std::optional<PixelRect>> rects;
  for (const PictureExport& p : pictures)
    rects.push_back(screen_rect(p, layout, parts.framebuffer_width, parts.framebuffer_height));
  std::vector<PictureOutcome> outcomes(pictures.size());
  RgbImage zoomed;
  const auto start = std::chrono::steady_clock::now();
  try {
    zoomed = render_zoomed(imgui, float(kZoom), parts);
  } catch (const std::exception& e) {
    for (size_t i = 0; i < pictures.size(); ++i) outcomes[i] = {pictures[i].path + ": " + e.what(), true, nullptr};
    return outcomes;
  }
  const double render_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  for (size_t i = 0; i < pictures.size(); ++i) {
    const PictureExport& p = pictures[i];
    PictureOutcome& o = outcomes[i];
    if (!rects[i]) {
      o = {p.path + ": the " + p.panel + " panel is not on screen; show it first (View menu, --open, or a lesson step)",
           true, nullptr};
      continue;
    }
    const PixelRect& r = *rects[i];
    try {
      write_png(p.path, crop(zoomed, kZoom * r.x, kZoom * r.y, kZoom * r.width, kZoom * r.height));
      char size[96];
      std::snprintf(size, sizeof size, " (%dx%d, twice its %dx%d on screen)", kZoom * r.width, kZoom * r.height,
                    r.width, r.height);
      o.line = "exported " + (p.panel == "window" ? std::string("the window") : "the " + p.panel + " panel") + " to " +
               p.path + size;
      o.record = {{"panel", p.panel}, {"path", p.path}, {"zoom", kZoom}, {"x", r.x},
                  {"y", r.y},         {"width", r.width}, {"height", r.height},
                  {"zoomed_frames_ms", render_ms}};
    } catch (const std::exception& e) {
      o = {e.what(), true, nullptr};
    }
  }
  return outcomes;
}

}  // namespace latent
