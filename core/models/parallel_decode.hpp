// Decoding a large batch of latent points on several threads at once, each
// with its own workspace: a 20x20 manifold grid is ~430 MFLOP, more than one
// core's GEMM rate delivers within a few milliseconds.
#pragma once
#include "core/models/vae.hpp"

namespace latent {

// z: (L, N) -> mean: (D, N), split into `threads` column ranges.
void decode_in_parallel(const Vae& vae, const float* params, const Matrix& z, Matrix& mean, int threads);

}  // namespace latent
