// Toy 2-D point sets (moons, rings, pinwheel, gaussians, spirals) drawn from a
// seed, each scaled to about unit variance per axis so a Gaussian-decoder VAE
// or an MDN can learn them without any preprocessing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/data/dataset.hpp"
#include "core/math/rng.hpp"

namespace latent {

enum class ToyShape { Moons, Rings, Pinwheel, Gaussians, Spirals };

// "moons" -> ToyShape::Moons, ...; nullopt for names that are not toy sets.
std::optional<ToyShape> toy_shape_from_name(const std::string& name);
const char* toy_shape_name(ToyShape shape);

// count points of one shape; labels are the component (moon, ring, arm, ...).
Dataset make_toy_points(ToyShape shape, int count, Rng& rng);

// Train then test, drawn independently from one Rng seeded with seed.
DataSplit make_toy_split(ToyShape shape, uint64_t seed, int train_count = 4000, int test_count = 1000);

}  // namespace latent
