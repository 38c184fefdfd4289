// Tensor types shared by the whole core: column-major float matrices whose
// columns are observations, and 64-byte aligned flat float buffers.
#pragma once
#include <Eigen/Core>
#include <vector>

namespace latent {

// (features, batch): one column per observation.
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using Vector = Eigen::Matrix<float, Eigen::Dynamic, 1>;
using MatrixMap = Eigen::Map<Matrix, Eigen::Aligned64>;
using ConstMatrixMap = Eigen::Map<const Matrix, Eigen::Aligned64>;
using VectorMap = Eigen::Map<Vector, Eigen::Aligned64>;
using ConstVectorMap = Eigen::Map<const Vector, Eigen::Aligned64>;

// Parameters, gradients and optimizer moments: one flat buffer each, so a
// snapshot is one copy and the optimizer is one loop.
using FloatBuffer = std::vector<float, Eigen::aligned_allocator<float>>;

}  // namespace latent
