// log p(x|z_k) for many latent points at once, fed to the decoder in column
// chunks so its activations stay bounded in memory however many z there are.
#pragma once
#include <Eigen/Core>

#include "core/models/vae.hpp"

namespace latent {

// Columns per decoder call: large enough that the GEMMs run at full speed,
// small enough that the (D, chunk) activations stay in cache-friendly sizes.
inline constexpr int kLogLikelihoodChunk = 256;

// x: (D, 1), z: (L, K) -> out (K) with out(k) = log p(x|z_k), in double.
void chunked_log_likelihood(const Vae& vae, const float* params, const Matrix& x, const Matrix& z,
                            Eigen::VectorXd& out, Vae::Workspace& ws, int chunk = kLogLikelihoodChunk);

}  // namespace latent
