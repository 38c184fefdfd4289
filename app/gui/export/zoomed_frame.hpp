// The window drawn offscreen at a multiple of its resolution, for pictures
// on slides: sharp text and lines rather than an enlarged screenshot.
#pragma once
#include <functional>

#include <imgui.h>

#include "gui/shell/screenshot.hpp"

namespace latent {

class ImGuiRuntime;

// What the loop lends a zoomed frame: how it restyles and builds a frame.
struct ZoomedFrameParts {
  std::function<void(float ui_scale)> restyle;  // rebuilds the fonts and sizes at this UI scale (between frames)
  std::function<void()> build;                  // every window of one frame, as the loop builds them
  float ui_scale = 1.0f;                        // the screen's
  ImVec4 clear{0, 0, 0, 1};                     // the background behind the panels
  int framebuffer_width = 0, framebuffer_height = 0;  // the screen's, in pixels
};

// Renders the window at `zoom` times its framebuffer's size: fonts rebuilt
// at `zoom` times the UI scale, every window's place, size and scroll
// scaled by `zoom` (the layouts are proportional to the display and the
// font, so the default and lesson layouts place the same panels the same
// way), two frames (what sizes itself from the last frame settles in the
// first), rendered into a framebuffer, read back. Then everything is put
// back and one unseen frame at the screen's size settles it again.
// Call between frames. Throws std::runtime_error if the driver cannot make
// a picture that large.
RgbImage render_zoomed(ImGuiRuntime& imgui, float zoom, const ZoomedFrameParts& parts);

}  // namespace latent
