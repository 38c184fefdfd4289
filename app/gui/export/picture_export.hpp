// Pictures of the window, or of one panel, at twice the screen's resolution
// for slides: crops of one zoomed frame (zoomed_frame.hpp), written as PNGs.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/export/zoomed_frame.hpp"

namespace latent {

class Layout;

struct PictureExport {
  std::string panel;  // "window", or a panel's name as lesson files write it ("curves", "latent", ...)
  std::string path;
};

// What became of one picture.
struct PictureOutcome {
  std::string line;       // "exported the curves panel to x.png (1280x864, ...)", or why not (starts with the path)
  bool failed = false;
  nlohmann::json record;  // written: panel, path, zoom and its rectangle on screen in pixels (null if not)
};

// Renders one zoomed frame (twice the screen's size) after the frame just
// shown and writes each picture: the window, or the rectangle where the
// layout drew the panel this frame, scaled by two, so a picture is exactly
// twice the size it has on screen. Call between frames.
std::vector<PictureOutcome> write_pictures(ImGuiRuntime& imgui, const std::vector<PictureExport>& pictures,
                                           const Layout& layout, const ZoomedFrameParts& parts);

}  // namespace latent
