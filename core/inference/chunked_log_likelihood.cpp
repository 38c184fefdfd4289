// Splits a large set of latent points into decoder-sized chunks.
#include "core/inference/chunked_log_likelihood.hpp"

#include <algorithm>
#include <stdexcept>

namespace latent {

void chunked_log_likelihood(const Vae& vae, const float* params, const Matrix& x, const Matrix& z,
                            Eigen::VectorXd& out, Vae::Workspace& ws, int chunk) {
  // x: (D, 1); z: (L, K)
  if (x.cols() != 1) throw std::invalid_argument("chunked_log_likelihood: x must be one column (D, 1)");
  if (chunk < 1) throw std::invalid_argument("chunked_log_likelihood: chunk must be positive");
  const Eigen::Index K = z.cols();
  out.resize(K);
  Matrix z_chunk;  // (L, <= chunk)
  Vector ll;       // (<= chunk)
  for (Eigen::Index start = 0; start < K; start += chunk) {
    const Eigen::Index n = std::min<Eigen::Index>(chunk, K - start);
    z_chunk = z.middleCols(start, n);
    vae.log_likelihood(params, x, z_chunk, ll, ws);
    out.segment(start, n) = ll.cast<double>();
  }
}

}  // namespace latent
