// Opening a checkpoint to train or study it, the one way every command does
// it (`train --load`, `bound --load`, the window's --load and File > Open):
// every field of its header is range-checked, and the parameter count its
// architecture declares is matched against the file, before any data set is
// read or any model is built or allocated.
#pragma once
#include <cstdint>
#include <string>

#include "core/io/checkpoint.hpp"
#include "core/train/settings.hpp"

namespace latent {

struct OpenedCheckpoint {
  Checkpoint checkpoint;
  ModelSettings model;  // kind, data set, seed, architecture: what to build for it
};

// load_model_file (a checkpoint or .safetensors), then model_settings_from_checkpoint. Throws CheckpointError:
// one line naming the file, the field, its value and the fix; never a
// library's own text.
OpenedCheckpoint open_checkpoint(const std::string& path, uint64_t seed);

// The model settings a checkpoint was trained with (kind, data set,
// architecture), every field checked; `seed` when it names none. Throws
// std::invalid_argument naming the field.
ModelSettings model_settings_from_checkpoint(const Checkpoint& checkpoint, uint64_t seed);

// The checkpoint's model kind. Throws std::invalid_argument for a kind this build does not know.
ModelKind checkpoint_kind(const Checkpoint& checkpoint);

// Training examples seen when it was saved (0 when it does not say), from 0
// to 2^62 (room to count on). Throws std::invalid_argument.
int64_t checkpoint_samples_seen(const Checkpoint& checkpoint);

}  // namespace latent
