// Decoding latent points on several threads at once. A 20x20 manifold grid
// (~430 MFLOP) is split by columns, each thread decoding its own points. A
// single point (a pin) is split by the layers' inputs: each thread multiplies
// its own contiguous columns of every weight matrix, so each core reads half
// the decoder's 2.1 MB of weights from its own cache instead of one core
// streaming all of it. The threads and their workspaces live as long as the
// decoder: a call starts no thread and, once sized, allocates nothing.
#pragma once
#include <array>
#include <vector>

#include "core/models/vae.hpp"
#include "core/threads/step_threads.hpp"

namespace latent {

class ParallelDecoder {
 public:
  // `threads` in all, counting the caller of decode().
  explicit ParallelDecoder(int threads);

  // z: (L, N) -> mean: (D, N), Vae::decode's numbers (to float rounding
  // when split by inputs, which sums each product in parts).
  void decode(const Vae& vae, const float* params, const Matrix& z, Matrix& mean);

  // Up to this many points are split by inputs, while the team polls
  // (StepThreads::polling): so few columns leave each product bound by
  // reading the weights, which such a split halves. With the team asleep a
  // wake-up costs more than the decode, so decode() works alone.
  static constexpr int kInputSplitMaxPoints = 4;

  // decode() split by inputs across the whole team whether it polls or not.
  void decode_by_inputs(const Vae& vae, const float* params, const Matrix& z, Matrix& mean);

 private:
  void decode_by_columns(const Vae& vae, const float* params, const Matrix& z, Matrix& mean, int parts);

  StepThreads team_;
  std::vector<Vae::Workspace> workspaces_;    // one per thread
  std::vector<Matrix> z_parts_, mean_parts_;  // (L, n_t) and (D, n_t) per thread
  // The input split: per thread, the layers it computes whole (small ones,
  // and the sum of the last split layer's parts); per round parity and
  // thread, that thread's part of the round's split layer (sizes[l+1], N).
  // Two sets, so a round reads the last one's parts while writing its own.
  std::vector<std::vector<Matrix>> whole_layers_;
  std::array<std::vector<Matrix>, 2> partials_;
  static constexpr size_t kWholeLayerMaxWeights = 16 * 1024;
};

}  // namespace latent
