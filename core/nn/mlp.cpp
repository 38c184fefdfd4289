// Forward and backward passes of the MLP over the shared GEMM (core/nn/gemm).
#include "core/nn/mlp.hpp"

#include <cmath>
#include <stdexcept>

#include "core/nn/gemm.hpp"

namespace latent {

Mlp::Mlp(const std::vector<int>& sizes, Activation hidden, Activation output, ParamLayout& layout)
    : sizes_(sizes), hidden_(hidden), output_(output) {
  if (sizes.size() < 2) throw std::invalid_argument("an MLP needs at least an input and an output size");
  for (int s : sizes)
    if (s <= 0) throw std::invalid_argument("MLP layer sizes must be positive");
  for (size_t l = 0; l + 1 < sizes.size(); ++l) {
    weights_.push_back(layout.add(sizes[l + 1], sizes[l]));
    biases_.push_back(layout.add(sizes[l + 1], 1));
  }
}

void Mlp::init(float* params, Rng& rng) const {
  for (size_t l = 0; l < weights_.size(); ++l) {
    const double bound = 1.0 / std::sqrt(double(weights_[l].cols));
    for (ParamBlock block : {weights_[l], biases_[l]}) {
      float* p = params + block.offset;
      for (size_t i = 0; i < block.size(); ++i) p[i] = float(rng.uniform(-bound, bound));
    }
  }
}

const Matrix& Mlp::forward(const float* params, const Matrix& x, Workspace& ws) const {
  // x: (in, B)
  ws.input = &x;
  ws.outputs.resize(weights_.size());
  const Matrix* a = &x;
  for (size_t l = 0; l < weights_.size(); ++l) {
    Matrix& y = ws.outputs[l];  // (out_l, B)
    const ConstMatrixMap w = view(params, weights_[l]);  // (out_l, in_l)
    y.resize(w.rows(), a->cols());
    gemm(w, Op::Plain, *a, Op::Plain, y);
    y.colwise() += view(params, biases_[l]).col(0);
    apply_activation(activation_for_layer(l), y);
    a = &y;
  }
  return ws.outputs.back();
}

void Mlp::partial_preactivation(const float* params, size_t l, const Matrix& a_in, int begin, int count,
                                Matrix& out) const {
  out.resize(sizes_[l + 1], a_in.cols());
  gemm(view(params, weights_[l]).middleCols(begin, count), Op::Plain, a_in.middleRows(begin, count), Op::Plain, out);
}

void Mlp::finish_layer(const float* params, size_t l, Matrix& preactivation) const {
  preactivation.colwise() += view(params, biases_[l]).col(0);
  apply_activation(activation_for_layer(l), preactivation);
}

void Mlp::write_weight_gradients(size_t l, const Matrix& a_in, const Matrix& delta, float* grads,
                                 RankOneGradients* deferred) const {
  // a_in: (in_l, B), delta: (out_l, B)
  MatrixMap dw = view(grads, weights_[l]);
  if (delta.cols() == 1 && deferred && deferred->enabled()) {
    deferred->add(weights_[l], delta.data(), a_in.data());
  } else if (delta.cols() == 1) {
    // One example: an outer product written column by column. A GEMM with
    // inner size 1 would first zero the whole gradient block and then pack
    // both operands, which costs more than the product itself.
    const auto d = delta.col(0);
    for (Eigen::Index j = 0; j < dw.cols(); ++j) dw.col(j) = a_in(j, 0) * d;
  } else {
    gemm(delta, Op::Plain, a_in, Op::Transposed, dw);
  }
  view(grads, biases_[l]).col(0) = delta.rowwise().sum();
}

void Mlp::backward(const float* params, float* grads, Workspace& ws, Matrix& dy, Matrix* dx) const {
  // dy: (out, B); outputs[l]: (sizes[l+1], B)
  ws.delta.swap(dy);
  for (size_t l = weights_.size(); l-- > 0;) {
    multiply_by_derivative(activation_for_layer(l), ws.outputs[l], ws.delta);
    const Matrix& a_in = l == 0 ? *ws.input : ws.outputs[l - 1];  // (in_l, B)
    if (grads) write_weight_gradients(l, a_in, ws.delta, grads, ws.deferred);
    if (l > 0) {
      ws.delta_next.resize(sizes_[l], ws.delta.cols());
      gemm(view(params, weights_[l]), Op::Transposed, ws.delta, Op::Plain, ws.delta_next);
      ws.delta.swap(ws.delta_next);
    } else if (dx) {
      dx->resize(sizes_[l], ws.delta.cols());
      gemm(view(params, weights_[l]), Op::Transposed, ws.delta, Op::Plain, *dx);
    }
  }
  dy.swap(ws.delta);  // hand the buffer back so the caller's allocation is reused
}

}  // namespace latent
