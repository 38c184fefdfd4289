// Keeping the smallest plot height per window, frame by frame.
#include "live/stats/plot_heights.hpp"

#include <algorithm>

namespace latent {

void PlotHeights::add(int64_t frame, bool settled, const std::string& window, const std::vector<float>& heights) {
  if (heights.empty()) return;
  Window& w = windows_[window];
  if (w.frame != frame) w = Window{frame};
  for (float h : heights) {
    w.min_px = std::min(w.min_px, h);
    if (settled) settled_min_px_ = std::min(settled_min_px_, h);
  }
  w.plots += int(heights.size());
  last_frame_ = std::max(last_frame_, frame);
}

nlohmann::json PlotHeights::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  float min_px = std::numeric_limits<float>::infinity();
  int plots = 0;
  for (const auto& [name, w] : windows_) {
    if (w.frame != last_frame_) continue;  // not drawn in the last frame: not on the screen it left
    j["windows"][name] = {{"min_px", w.min_px}, {"plots", w.plots}};
    min_px = std::min(min_px, w.min_px);
    plots += w.plots;
  }
  if (plots == 0) return j;
  j["frame"] = last_frame_;
  j["min_px"] = min_px;
  j["plots"] = plots;
  if (settled_min_px_ < std::numeric_limits<float>::infinity()) j["min_px_settled"] = settled_min_px_;
  return j;
}

}  // namespace latent
