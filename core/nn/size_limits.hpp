// The largest model a run may have, one rule for the command line, lessons,
// the window and checkpoints: a file cannot make a lecture machine allocate
// gigabytes before it is refused.
#pragma once

namespace latent {

inline constexpr int kMaxHiddenWidth = 8192;
inline constexpr int kMaxHiddenLayers = 32;
inline constexpr int kMaxLatentDim = 64;
inline constexpr int kMaxComponents = 64;    // an MDN's mixture components
inline constexpr int kMaxDataDim = 1 << 20;  // numbers per example: a 1024x1024 grey image

// Throws std::invalid_argument `"name" is VALUE; use a whole number from 1 to MAX`
// unless 1 <= value <= max.
void check_size(const char* name, int value, int max);

}  // namespace latent
