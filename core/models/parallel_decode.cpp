// ParallelDecoder: column ranges decoded on a persistent team of threads.
#include "core/models/parallel_decode.hpp"

#include <algorithm>

namespace latent {

ParallelDecoder::ParallelDecoder(int threads)
    : team_(std::max(1, threads)), workspaces_(size_t(team_.size())), z_parts_(workspaces_.size()),
      mean_parts_(workspaces_.size()) {}

void ParallelDecoder::decode(const Vae& vae, const float* params, const Matrix& z, Matrix& mean) {
  const int n = int(z.cols());
  const int parts = std::clamp(n, 1, team_.size());
  mean.resize(vae.input_dim(), n);
  team_.run(parts, [&](int t) {
    const int begin = n * t / parts, end = n * (t + 1) / parts;
    z_parts_[size_t(t)] = z.middleCols(begin, end - begin);  // reuses its storage once sized
    vae.decode(params, z_parts_[size_t(t)], mean_parts_[size_t(t)], workspaces_[size_t(t)]);
    // Each thread writes its own columns of `mean`: no two ranges overlap.
    mean.middleCols(begin, end - begin) = mean_parts_[size_t(t)];
  });
}

}  // namespace latent
