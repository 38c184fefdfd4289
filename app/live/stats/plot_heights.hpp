// How tall the plots were drawn: the smallest plotting area per window in the
// last frame (what a screenshot shows) and over every frame after the first
// few, for --stats and the check that a lesson's plots keep their height.
#pragma once
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace latent {

class PlotHeights {
 public:
  // The visible plotting-area heights (px) of the plots `window` drew in frame
  // `frame`; `settled`: past the first frames, whose layout may still move.
  void add(int64_t frame, bool settled, const std::string& window, const std::vector<float>& heights);
  // {"min_px", "plots", "windows": {name: {"min_px", "plots"}}} for the last frame
  // with plots, and "min_px_settled" over the settled frames (absent: no plots drawn).
  nlohmann::json to_json() const;

 private:
  struct Window {
    int64_t frame = -1;
    float min_px = std::numeric_limits<float>::infinity();
    int plots = 0;
  };
  std::map<std::string, Window> windows_;
  int64_t last_frame_ = -1;
  float settled_min_px_ = std::numeric_limits<float>::infinity();
};

}  // namespace latent
