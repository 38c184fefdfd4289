// Sprite drawing: each shape is a signed distance bound (negative inside);
// pixels far from the edge are filled or left black at once, and only edge
// pixels pay for the supersampled coverage that gives the anti-aliasing.
#include "core/data/sprites.hpp"

#include <algorithm>
#include <cmath>

namespace latent {
namespace {

// Coverage samples on a Fibonacci lattice (34 points, step 21): every sample
// has its own row and its own column, so horizontal and vertical edges get 35
// grey levels instead of the 7 a 6x6 grid gives (a grid visibly shrinks
// squares), and slanted edges are sampled evenly too.
constexpr int kSamples = 34;
constexpr int kLatticeStep = 21;

// A distance bound from p (relative to the center) to the shape's edge: its
// sign says inside (<0) or outside, and its magnitude never exceeds the true
// distance, so |bound| > half a pixel diagonal means the pixel is uniform.
double edge_bound(const SpriteParams& s, double x, double y) {
  const double r = s.extent;
  switch (s.shape) {
    case SpriteShape::Disc:
      return std::sqrt(x * x + y * y) - r;
    case SpriteShape::Square: {
      const double half = 0.8 * r;  // smaller than the disc so the areas are alike
      return std::max(std::abs(x), std::abs(y)) - half;
    }
    case SpriteShape::Triangle: {
      // Equilateral, pointing up, circumradius R; the centroid sits R/4 below
      // the center so the shape's bounding box is centered.
      const double big_r = 1.15 * r;
      const double ty = y - big_r / 4.0;
      const double inradius = big_r / 2.0;
      // Outward edge normals: down, and 30 degrees above horizontal either side.
      const double c30 = std::sqrt(3.0) / 2.0;
      const double bottom = ty - inradius;
      const double right = c30 * x - 0.5 * ty - inradius;
      const double left = -c30 * x - 0.5 * ty - inradius;
      return std::max({bottom, right, left});
    }
    case SpriteShape::Ring: {
      const double thickness = std::max(1.8, 0.35 * r);
      return std::abs(std::sqrt(x * x + y * y) - (r - thickness / 2.0)) - thickness / 2.0;
    }
    case SpriteShape::Plus: {
      const double arm = 0.32 * r;  // half the bar width
      const double bar_h = std::max(std::abs(x) - r, std::abs(y) - arm);
      const double bar_v = std::max(std::abs(x) - arm, std::abs(y) - r);
      return std::min(bar_h, bar_v);
    }
  }
  return 1.0;
}

}  // namespace

void draw_sprite(const SpriteParams& params, uint8_t* image) {
  constexpr double kHalfDiagonal = 0.7072;
  std::fill_n(image, kSpriteSide * kSpriteSide, uint8_t(0));
  // Every shape lies inside its extent box, so only pixels touching it are visited.
  auto first = [&](double center) { return std::clamp(int(std::floor(center - params.extent)) - 1, 0, kSpriteSide); };
  auto last = [&](double center) { return std::clamp(int(std::ceil(center + params.extent)) + 1, 0, kSpriteSide); };
  for (int row = first(params.center_y); row < last(params.center_y); ++row) {
    for (int col = first(params.center_x); col < last(params.center_x); ++col) {
      const double x = col + 0.5 - params.center_x;
      const double y = row + 0.5 - params.center_y;
      const double bound = edge_bound(params, x, y);
      double coverage;
      if (bound >= kHalfDiagonal) {
        coverage = 0.0;
      } else if (bound <= -kHalfDiagonal) {
        coverage = 1.0;
      } else {
        int inside = 0;
        for (int k = 0; k < kSamples; ++k) {
          const double dx = (k + 0.5) / kSamples - 0.5;
          const double dy = ((k * kLatticeStep) % kSamples + 0.5) / kSamples - 0.5;
          inside += edge_bound(params, x + dx, y + dy) < 0.0;
        }
        coverage = double(inside) / kSamples;
      }
      image[row * kSpriteSide + col] = uint8_t(std::lround(255.0 * params.brightness * coverage));
    }
  }
}

SpriteParams random_sprite(Rng& rng) {
  SpriteParams s;
  s.shape = SpriteShape(rng.below(kSpriteShapeCount));
  s.extent = rng.uniform(4.5, 10.0);
  // Keep a one-pixel black margin around the bounding box.
  const double lo = 1.0 + s.extent, hi = kSpriteSide - 1.0 - s.extent;
  s.center_x = rng.uniform(lo, hi);
  s.center_y = rng.uniform(lo, hi);
  s.brightness = rng.uniform(0.55, 1.0);
  return s;
}

Dataset make_sprites(int count, Rng& rng) {
  Dataset set;
  set.name = "sprites";
  set.kind = DataKind::Image;
  set.width = set.height = kSpriteSide;
  set.dim = kSpriteSide * kSpriteSide;
  set.class_names = {"disc", "square", "triangle", "ring", "plus"};
  set.pixels.resize(size_t(count) * size_t(set.dim));
  set.labels.resize(size_t(count));
  for (int i = 0; i < count; ++i) {
    const SpriteParams params = random_sprite(rng);
    draw_sprite(params, set.pixels.data() + size_t(i) * size_t(set.dim));
    set.labels[size_t(i)] = uint8_t(params.shape);
  }
  return set;
}

DataSplit make_sprite_split(uint64_t seed, int train_count, int test_count) {
  Rng rng(seed);
  DataSplit split;
  split.train = make_sprites(train_count, rng);
  split.test = make_sprites(test_count, rng);
  return split;
}

}  // namespace latent
