// A multilayer perceptron whose weights are blocks of a shared flat
// parameter buffer; forward and backward written by hand, batched by column.
#pragma once
#include <vector>

#include "core/math/rng.hpp"
#include "core/nn/activation.hpp"
#include "core/nn/param_layout.hpp"
#include "core/nn/rank_one_gradients.hpp"

namespace latent {

// {in, hidden..., out}: the sizes argument of Mlp's constructor.
inline std::vector<int> layer_sizes(int in, const std::vector<int>& hidden, int out) {
  std::vector<int> sizes{in};
  sizes.insert(sizes.end(), hidden.begin(), hidden.end());
  sizes.push_back(out);
  return sizes;
}

class Mlp {
 public:
  Mlp() = default;
  // sizes = {in, hidden..., out}; registers every layer's W (out, in) and
  // b (out, 1) in `layout`. `hidden` follows every layer but the last.
  Mlp(const std::vector<int>& sizes, Activation hidden, Activation output, ParamLayout& layout);

  int input_size() const { return sizes_.front(); }
  int output_size() const { return sizes_.back(); }
  const std::vector<int>& sizes() const { return sizes_; }
  size_t layer_count() const { return weights_.size(); }
  const ParamBlock& weight_block(size_t layer) const { return weights_[layer]; }
  const ParamBlock& bias_block(size_t layer) const { return biases_[layer]; }

  // PyTorch's default: W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  void init(float* params, Rng& rng) const;

  // Per-thread scratch: reused between calls so a step allocates nothing.
  struct Workspace {
    const Matrix* input = nullptr;    // (in, B), owned by the caller
    std::vector<Matrix> outputs;      // outputs[l]: (sizes[l+1], B), after activation
    Matrix delta, delta_next;         // ping-pong gradients in backward
    // If set and enabled, backward on one example records each weight
    // gradient here as its factors and leaves the block in grads unwritten.
    // The blocks' offsets count from `params`, so only a network whose
    // params are the start of the optimizer's buffer may set this.
    RankOneGradients* deferred = nullptr;
  };

  // x: (in, B) -> (out, B). x must outlive the matching backward().
  const Matrix& forward(const float* params, const Matrix& x, Workspace& ws) const;

  // Layer l in parts, for threads that split one layer by its inputs when
  // the batch is too small to split by columns: each part reads only its
  // own contiguous columns of W. partial_preactivation writes
  // W[:, begin:begin+count] a_in[begin:begin+count, :] (sizes[l+1], B) for
  // the layer's input a_in (sizes[l], B); finish_layer turns the parts' sum
  // into the layer's output in place (bias, activation).
  void partial_preactivation(const float* params, size_t l, const Matrix& a_in, int begin, int count,
                             Matrix& out) const;
  void finish_layer(const float* params, size_t l, Matrix& preactivation) const;

  // dy: (out, B), d loss / d output; overwritten. Writes (not adds) this
  // network's weight gradients into `grads` (skipped if grads is null: only
  // the input gradient is wanted; for one example with ws.deferred enabled,
  // the weights' go there as factors and only the biases' into grads). If dx is given, writes
  // d loss / d x (in, B) into it; otherwise the first layer's input
  // gradient is skipped (it is a third of the encoder's cost).
  void backward(const float* params, float* grads, Workspace& ws, Matrix& dy, Matrix* dx) const;

 private:
  void write_weight_gradients(size_t l, const Matrix& a_in, const Matrix& delta, float* grads,
                              RankOneGradients* deferred) const;
  Activation activation_for_layer(size_t l) const { return l + 1 == weights_.size() ? output_ : hidden_; }

  std::vector<int> sizes_;
  Activation hidden_ = Activation::Relu;
  Activation output_ = Activation::Identity;
  std::vector<ParamBlock> weights_, biases_;
};

}  // namespace latent
