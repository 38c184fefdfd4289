// A 2-D data set drawn by hand in the window: points with a class each, added
// by a brush and removed by an eraser, saved and loaded as CSV ("x,y,class").
// Free of ImGui, so the editing is tested without a window.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/math/rng.hpp"

namespace latent {

class PointSketch {
 public:
  struct Point {
    float x = 0, y = 0;
    int label = 0;  // 0-based class; written 1-based in the file
  };
  // More points than a brush needs for any lesson; the brush stops there.
  static constexpr size_t kMaxPoints = 20000;
  static constexpr int kMaxClasses = 8;

  // `count` points of class `label`, uniform in the disc of `radius` about
  // (x, y), up to kMaxPoints in all. Returns how many were added.
  int paint(double x, double y, double radius, int count, int label, Rng& rng);
  // Removes the points within `radius` of (x, y); returns how many.
  int erase(double x, double y, double radius);
  void clear() { points_.clear(); }

  const std::vector<Point>& points() const { return points_; }
  size_t size() const { return points_.size(); }
  // Whether a model can train on it; if not, why (for the button's tooltip).
  bool trainable(std::string* why = nullptr) const;

  // "x,y,class" and a row per point (class 1-based).
  std::string csv() const;
  // Written atomically. Throws IoError naming the file.
  void save(const std::string& path) const;
  // A file save() wrote, or any CSV of two numeric columns and a "class" column
  // of integers 1..kMaxClasses. Throws DataError naming the file, the line and the fix.
  static PointSketch load(const std::string& path);

 private:
  std::vector<Point> points_;
};

// Where drawn sets are kept to train on: $XDG_DATA_HOME/latentlab/drawings,
// else ~/.local/share/latentlab/drawings; created if missing. Throws IoError.
std::string drawings_directory();

}  // namespace latent
