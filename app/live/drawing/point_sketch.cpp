// Brush, eraser and the CSV file of a hand-drawn data set.
#include "live/drawing/point_sketch.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/data/csv_table.hpp"
#include "core/data/dataset.hpp"
#include "core/io/atomic_file.hpp"

namespace latent {

int PointSketch::paint(double x, double y, double radius, int count, int label, Rng& rng) {
  int added = 0;
  for (; added < count && points_.size() < kMaxPoints; ++added) {
    // Uniform in the disc: the radius goes as the square root of a uniform draw.
    const double r = radius * std::sqrt(rng.uniform()), angle = 2.0 * M_PI * rng.uniform();
    points_.push_back({float(x + r * std::cos(angle)), float(y + r * std::sin(angle)), label});
  }
  return added;
}

int PointSketch::erase(double x, double y, double radius) {
  const size_t before = points_.size();
  std::erase_if(points_, [&](const Point& p) {
    const double dx = p.x - x, dy = p.y - y;
    return dx * dx + dy * dy <= radius * radius;
  });
  return int(before - points_.size());
}

bool PointSketch::trainable(std::string* why) const {
  if (points_.size() >= size_t(kMinCsvRows)) return true;
  if (why)
    *why = "draw at least " + std::to_string(kMinCsvRows) + " points first (" + std::to_string(points_.size()) +
           " so far)";
  return false;
}

std::string PointSketch::csv() const {
  std::string text = "x,y,class\n";
  char row[64];
  for (const Point& p : points_) {
    std::snprintf(row, sizeof row, "%.6g,%.6g,%d\n", double(p.x), double(p.y), p.label + 1);
    text += row;
  }
  return text;
}

void PointSketch::save(const std::string& path) const { write_file_atomically(path, csv()); }

PointSketch PointSketch::load(const std::string& path) {
  CsvRequest request;
  request.label_column = "class";
  request.numeric_columns = 2;
  request.column_meaning = "(x,y,class)";
  request.example_row = "0.5,1.25,1";
  const CsvTable table = read_csv_table(path, request);
  PointSketch sketch;
  for (size_t i = 0; i < table.rows(); ++i) {
    const std::string& text = table.labels[i];
    char* end = nullptr;
    const long label = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || label < 1 || label > kMaxClasses)
      throw DataError(path + ": data row " + std::to_string(i + 1) + " has class '" + text + "'; a drawn set's classes are 1 to " +
                      std::to_string(kMaxClasses) + " (train on other files with --dataset csv:FILE --label-column class)");
    sketch.points_.push_back({table.values[2 * i], table.values[2 * i + 1], int(label) - 1});
  }
  return sketch;
}

std::string drawings_directory() {
  namespace fs = std::filesystem;
  const char* data_home = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  fs::path dir;
  if (data_home && *data_home) dir = fs::path(data_home) / "latentlab" / "drawings";
  else if (home && *home) dir = fs::path(home) / ".local" / "share" / "latentlab" / "drawings";
  else throw IoError("no place for drawn data sets: neither XDG_DATA_HOME nor HOME is set; save the drawing with Save… instead");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw IoError(dir.string() + ": cannot create (" + ec.message() + "); check the permissions of that folder");
  return dir.string();
}

}  // namespace latent
