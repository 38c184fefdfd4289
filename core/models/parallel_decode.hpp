// Decoding a large batch of latent points on several threads at once: a
// 20x20 manifold grid is ~430 MFLOP, more than one core's GEMM rate delivers
// within a few milliseconds. The threads and each one's workspace live as
// long as the decoder, so a call starts no thread and allocates nothing new.
#pragma once
#include <vector>

#include "core/models/vae.hpp"
#include "core/threads/step_threads.hpp"

namespace latent {

class ParallelDecoder {
 public:
  // `threads` in all, counting the caller of decode().
  explicit ParallelDecoder(int threads);

  // z: (L, N) -> mean: (D, N), the columns split into one range per thread.
  void decode(const Vae& vae, const float* params, const Matrix& z, Matrix& mean);


 private:
  StepThreads team_;
  std::vector<Vae::Workspace> workspaces_;  // one per thread
  std::vector<Matrix> z_parts_, mean_parts_;  // (L, n_t) and (D, n_t) per thread
};

}  // namespace latent
