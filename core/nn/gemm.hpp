// The one matrix product of the networks: out = op(a) * op(b) over
// column-major float matrices, run by oneDNN's sgemm where the build has it
// and the shape pays for it, by Eigen otherwise.
#pragma once
#include "core/nn/tensor.hpp"

namespace latent {

enum class Op { Plain, Transposed };

// out (m, n) = op_a(a) (m, k) * op_b(b) (k, n), overwritten. `out` must
// already have that shape and share no memory with a or b. Runs on the
// calling thread only.
void gemm(Eigen::Ref<const Matrix> a, Op op_a, Eigen::Ref<const Matrix> b, Op op_b, Eigen::Ref<Matrix> out);

// "oneDNN <version>" or "Eigen": what multiplies the large shapes.
const char* gemm_library();

}  // namespace latent
