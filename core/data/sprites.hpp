// "sprites": procedural 28x28 grayscale shapes (disc, square, triangle, ring,
// plus) at random position, size and brightness; no download, and a small VAE
// learns them in seconds.
#pragma once
#include <cstdint>

#include "core/data/dataset.hpp"
#include "core/math/rng.hpp"

namespace latent {

constexpr int kSpriteSide = 28;
enum class SpriteShape : uint8_t { Disc, Square, Triangle, Ring, Plus };
constexpr int kSpriteShapeCount = 5;

// Where and how one sprite is drawn, in pixel units (pixel (col,row) covers
// [col, col+1) x [row, row+1)); y grows downward as in the image.
struct SpriteParams {
  SpriteShape shape = SpriteShape::Disc;
  double center_x = 14, center_y = 14;
  double extent = 8;        // half the width of the shape's bounding box
  double brightness = 1.0;  // in (0, 1]: the value of fully covered pixels
};

// Renders one sprite into side*side bytes, anti-aliased by supersampled coverage.
void draw_sprite(const SpriteParams& params, uint8_t* image);

// Random shape, position, size and brightness.
SpriteParams random_sprite(Rng& rng);

Dataset make_sprites(int count, Rng& rng);

// Train then test, drawn independently from one Rng seeded with seed.
DataSplit make_sprite_split(uint64_t seed, int train_count = 12000, int test_count = 2000);

}  // namespace latent
