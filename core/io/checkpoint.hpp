// Saving and loading a trained model: its kind, configuration, step count,
// flat parameter buffer and optimizer moments, in one checksummed file.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/io/atomic_file.hpp"
#include "core/nn/tensor.hpp"

namespace latent {

// A checkpoint file could not be loaded. what() is one line starting with the
// path, saying what is wrong and what to do about it.
struct CheckpointError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// File format, all integers and floats little endian:
//
//   offset        size  content
//   0             8     magic "LATLAB\x01\x00"
//   8             4     uint32 format version (kCheckpointVersion)
//   12            4     uint32 H, length of the JSON header in bytes
//   16            H     JSON header, ASCII (ensure_ascii), one object:
//                         {"model_kind": string, "architecture": any JSON,
//                          "step": integer from 0 to kMaxCheckpointStep,
//                          "lengths": {"params": P, "adam_m": M, "adam_v": V}}
//   16+H          4P    params, IEEE-754 float32
//   ...           4M    adam_m, float32
//   ...           4V    adam_v, float32
//   size-4        4     uint32 CRC-32 (zlib crc32) of every byte before it
//
// Every future version keeps the magic, the version at offset 8 and the
// trailing CRC-32 of everything before it, so a damaged file is reported as
// damaged and an intact newer file as "different version", never mixed up.
// M and V are each either 0 or P.
inline constexpr uint32_t kCheckpointVersion = 1;
// The largest step a checkpoint may hold: the curves keep steps as doubles
// (exact up to 2^53), and a step near 2^63 would overflow as training goes on.
inline constexpr int64_t kMaxCheckpointStep = int64_t{1} << 53;
inline constexpr char kCheckpointMagic[8] = {'L', 'A', 'T', 'L', 'A', 'B', '\x01', '\x00'};

struct Checkpoint {
  std::string model_kind;       // a ModelKind's name: "vae", "conditional" (read also as "mdn")
  nlohmann::json architecture;  // model config: layer sizes, latent size, likelihood, dataset name, training settings
  int64_t step = 0;             // optimizer steps taken
  FloatBuffer params;           // the flat parameter buffer
  FloatBuffer adam_m, adam_v;   // optimizer moments (may be empty)
};

// Writes the checkpoint atomically (see write_file_atomically). Refuses, before
// touching the disk, a checkpoint that would not load back (NaN/Inf values, a
// step outside 0..kMaxCheckpointStep, moments whose length is neither 0 nor params.size()), so a
// diverged run never overwrites the last good save. Throws IoError.
void save_checkpoint(const std::string& path, const Checkpoint& checkpoint);

// Reads and validates a checkpoint: magic, checksum, format version, header,
// array lengths against the file size, finite values. Never writes, renames or
// deletes anything. Throws CheckpointError.
Checkpoint load_checkpoint(const std::string& path);

}  // namespace latent
