// ParallelDecoder: column ranges, or each layer's input ranges, decoded on a persistent team of threads.
#include "core/models/parallel_decode.hpp"

#include <algorithm>

namespace latent {

ParallelDecoder::ParallelDecoder(int threads)
    : team_(std::max(1, threads)), workspaces_(size_t(team_.size())), z_parts_(workspaces_.size()),
      mean_parts_(workspaces_.size()) {}

void ParallelDecoder::decode(const Vae& vae, const float* params, const Matrix& z, Matrix& mean) {
  const int n = int(z.cols());
  mean.resize(vae.input_dim(), n);
  if (team_.size() > 1 && n >= 1 && n <= kInputSplitMaxPoints) {
    if (team_.polling()) return decode_by_inputs(vae, params, z, mean);
    // Waking a sleeping thread would cost more than this decode: decode
    // alone, and have the team poll in case more decodes follow.
    team_.wake_to_poll();
    vae.decode(params, z, mean, workspaces_[0]);
  } else {
    decode_by_columns(vae, params, z, mean, std::clamp(n, 1, team_.size()));
  }
}

void ParallelDecoder::decode_by_columns(const Vae& vae, const float* params, const Matrix& z, Matrix& mean,
                                        int parts) {
  const int n = int(z.cols());
  team_.run(parts, [&](int t) {
    const Share cols = share_of(n, parts, t);
    z_parts_[size_t(t)] = z.middleCols(cols.begin, cols.count);  // reuses its storage once sized
    vae.decode(params, z_parts_[size_t(t)], mean_parts_[size_t(t)], workspaces_[size_t(t)]);
    // Each thread writes its own columns of `mean`: no two ranges overlap.
    mean.middleCols(cols.begin, cols.count) = mean_parts_[size_t(t)];
  });
}

void ParallelDecoder::decode_by_inputs(const Vae& vae, const float* params, const Matrix& z, Matrix& mean) {
  const int parts = team_.size();
  const Mlp& decoder = vae.decoder();
  const size_t layers = decoder.layer_count();
  whole_layers_.resize(size_t(parts));
  for (std::vector<Matrix>& own : whole_layers_) own.resize(layers);
  for (std::vector<Matrix>& set : partials_) set.resize(size_t(parts));
  // The parts of the layer before `first`, summed in part order (the same
  // numbers on every thread), then biased and activated.
  auto sum_of_parts = [&](const std::vector<Matrix>& parts_of_layer, size_t l, Matrix& out) {
    out = parts_of_layer[0];
    for (int p = 1; p < parts; ++p) out += parts_of_layer[size_t(p)];
    decoder.finish_layer(params, l, out);
  };
  int round = 0;
  for (size_t first = 0; first < layers; ++round) {
    // A round ends with a layer split by inputs, since each layer needs the
    // whole of the one before it. Small layers before it (the 2-D latent's
    // first, 256x2) are computed whole by every thread, which costs less
    // than a round of their own.
    size_t split = first;
    while (split + 1 < layers && decoder.weight_block(split).size() <= kWholeLayerMaxWeights) ++split;
    const std::vector<Matrix>& previous = partials_[size_t(round + 1) % 2];
    std::vector<Matrix>& current = partials_[size_t(round) % 2];
    const size_t inputs = size_t(decoder.sizes()[split]);
    team_.run(parts, [&](int t) {
      std::vector<Matrix>& own = whole_layers_[size_t(t)];
      const Matrix* a = &z;  // (sizes[l], N): the input of layer l
      if (first > 0) {
        sum_of_parts(previous, first - 1, own[first - 1]);
        a = &own[first - 1];
      }
      for (size_t l = first; l < split; ++l) {
        decoder.partial_preactivation(params, l, *a, 0, decoder.sizes()[l], own[l]);
        decoder.finish_layer(params, l, own[l]);
        a = &own[l];
      }
      // Whole 16-float blocks: each thread's columns start on a cache line.
      const Range range = block_share_of(inputs, 16, parts, t);
      decoder.partial_preactivation(params, split, *a, int(range.begin), int(range.count), current[size_t(t)]);
    });
    first = split + 1;
  }
  sum_of_parts(partials_[size_t(round + 1) % 2], layers - 1, mean);
  vae.output_to_mean(mean);
}

}  // namespace latent
