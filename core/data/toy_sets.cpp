// The five toy 2-D generators. Each draws a component label, then a point on
// that component, then applies a fixed affine map to about unit variance (the
// constants are the shapes' exact or measured moments, not per-sample
// statistics, so train and test share one map and do not depend on each other).
#include "core/data/toy_sets.hpp"

#include <cmath>
#include <numbers>

namespace latent {
namespace {

struct Point {
  double x, y;
};

// Two interleaved half-circles (as sklearn's make_moons), noise 0.1.
Point moon_point(int label, Rng& rng) {
  const double t = rng.uniform(0.0, std::numbers::pi);
  double x = label == 0 ? std::cos(t) : 1.0 - std::cos(t);
  double y = label == 0 ? std::sin(t) : 0.5 - std::sin(t);
  x += 0.1 * rng.normal();
  y += 0.1 * rng.normal();
  // Exact moments of the mixture: mean (0.5, 0.25); var x = 1/2 + 1/4 + 0.01,
  // var y = (1/2 - 4/pi^2) + ((2/pi + 2/pi - 0.5)/2)^2 + 0.01.
  const double sd_x = std::sqrt(0.76);
  const double m = 2.0 / std::numbers::pi;
  const double sd_y = std::sqrt(0.5 - m * m + std::pow((2.0 * m - 0.5) / 2.0, 2) + 0.01);
  return {(x - 0.5) / sd_x, (y - 0.25) / sd_y};
}

// Three concentric circles of radius 1, 2, 3, each picked in proportion to its
// circumference so the density along every ring is the same.
int ring_label(Rng& rng) {
  const double u = rng.uniform(0.0, 6.0);
  return u < 1.0 ? 0 : u < 3.0 ? 1 : 2;
}
Point ring_point(int label, Rng& rng) {
  const double angle = rng.uniform(0.0, 2.0 * std::numbers::pi);
  const double radius = (label + 1) + 0.1 * rng.normal();
  // E[r^2] = (1 + 8 + 27)/6 + 0.01, split evenly over the two axes.
  const double scale = 1.0 / std::sqrt((6.0 + 0.01) / 2.0);
  return {scale * radius * std::cos(angle), scale * radius * std::sin(angle)};
}

// Johnson et al. 2016 (SVAE) pinwheel: 5 arms, radial sd 0.3, tangential sd
// 0.05, rate 0.25; each point rotated further the farther out it lies.
Point pinwheel_point(int label, Rng& rng) {
  const double radial = 1.0 + 0.3 * rng.normal();
  const double tangential = 0.05 * rng.normal();
  const double angle = 2.0 * std::numbers::pi * label / 5.0 + 0.25 * std::exp(radial);
  const double c = std::cos(angle), s = std::sin(angle);
  // 0.739: per-axis sd measured on 400k points (the mean is 0 by symmetry).
  const double scale = 1.0 / 0.739;
  return {scale * (radial * c + tangential * s), scale * (-radial * s + tangential * c)};
}

// Eight Gaussians (sd 0.12) on a ring whose radius makes the per-axis
// variance exactly R^2/2 + sd^2 = 1.
Point gaussian_point(int label, Rng& rng) {
  const double sd = 0.12;
  const double radius = std::sqrt(2.0 * (1.0 - sd * sd));
  const double angle = 2.0 * std::numbers::pi * label / 8.0;
  return {radius * std::cos(angle) + sd * rng.normal(), radius * std::sin(angle) + sd * rng.normal()};
}

// Two interleaved spirals of 1.5 turns; sqrt(u) spreads points evenly along arc length.
Point spiral_point(int label, Rng& rng) {
  const double turns_length = 3.0 * std::numbers::pi;
  const double n = std::sqrt(rng.uniform()) * turns_length;
  const double sign = label == 0 ? 1.0 : -1.0;
  const double noise = 0.4;
  const double x = sign * -std::cos(n) * n + noise * rng.normal();
  const double y = sign * std::sin(n) * n + noise * rng.normal();
  // E[n^2]/2 + noise^2 = L^2/4 + noise^2 per axis (the cos^2/sin^2 split is near even).
  const double scale = 1.0 / std::sqrt(turns_length * turns_length / 4.0 + noise * noise);
  return {scale * x, scale * y};
}

struct ShapeSpec {
  ToyShape shape;
  const char* name;
  const char* class_prefix;
  int classes;
};

constexpr ShapeSpec kShapes[] = {
    {ToyShape::Moons, "moons", "moon", 2},
    {ToyShape::Rings, "rings", "ring", 3},
    {ToyShape::Pinwheel, "pinwheel", "arm", 5},
    {ToyShape::Gaussians, "gaussians", "gaussian", 8},
    {ToyShape::Spirals, "spirals", "spiral", 2},
};

const ShapeSpec& spec_of(ToyShape shape) { return kShapes[int(shape)]; }

}  // namespace

std::optional<ToyShape> toy_shape_from_name(const std::string& name) {
  for (const ShapeSpec& spec : kShapes)
    if (name == spec.name) return spec.shape;
  return std::nullopt;
}

const char* toy_shape_name(ToyShape shape) { return spec_of(shape).name; }

Dataset make_toy_points(ToyShape shape, int count, Rng& rng) {
  const ShapeSpec& spec = spec_of(shape);
  Dataset set;
  set.name = spec.name;
  set.kind = DataKind::Points;
  set.dim = 2;
  set.points.resize(size_t(count) * 2);
  set.labels.resize(size_t(count));
  for (int c = 0; c < spec.classes; ++c)
    set.class_names.push_back(std::string(spec.class_prefix) + " " + std::to_string(c + 1));

  for (int i = 0; i < count; ++i) {
    const int label = shape == ToyShape::Rings ? ring_label(rng) : int(rng.below(uint64_t(spec.classes)));
    Point p{};
    switch (shape) {
      case ToyShape::Moons: p = moon_point(label, rng); break;
      case ToyShape::Rings: p = ring_point(label, rng); break;
      case ToyShape::Pinwheel: p = pinwheel_point(label, rng); break;
      case ToyShape::Gaussians: p = gaussian_point(label, rng); break;
      case ToyShape::Spirals: p = spiral_point(label, rng); break;
    }
    set.points[2 * size_t(i)] = float(p.x);
    set.points[2 * size_t(i) + 1] = float(p.y);
    set.labels[size_t(i)] = uint8_t(label);
  }
  return set;
}

DataSplit make_toy_split(ToyShape shape, uint64_t seed, int train_count, int test_count) {
  Rng rng(seed);
  DataSplit split;
  split.train = make_toy_points(shape, train_count, rng);
  split.test = make_toy_points(shape, test_count, rng);
  return split;
}

}  // namespace latent
