// Chooses the library for each product (see gemm.hpp).
#include "core/nn/gemm.hpp"

#include <algorithm>
#include <cstdio>

#ifdef LATENT_HAVE_ONEDNN
#include <dnnl.h>
#include <omp.h>
#endif

namespace latent {

namespace {

void eigen_gemm(const Eigen::Ref<const Matrix>& a, Op op_a, const Eigen::Ref<const Matrix>& b, Op op_b,
                Eigen::Ref<Matrix>& out) {
  const bool ta = op_a == Op::Transposed, tb = op_b == Op::Transposed;
  if (!ta && !tb) out.noalias() = a * b;
  else if (!ta) out.noalias() = a * b.transpose();
  else if (!tb) out.noalias() = a.transpose() * b;
  else out.noalias() = a.transpose() * b.transpose();
}

#ifdef LATENT_HAVE_ONEDNN
// Measured on the model's shapes, one thread, Xeon (Ice Lake, AVX-512):
// oneDNN's sgemm ran 140-170 GFLOP/s where every side is 32 or more against
// Eigen's 96-131, and also led at batch 8 on the wide layers (118 against 52
// on 512x784); with a side under 8 (the 2-D latent's layers, one example's
// matrix-vector products) its call costs more than the product and Eigen
// is as fast or faster.
constexpr Eigen::Index kOneDnnMinSide = 8;

bool onednn_gemm(const Eigen::Ref<const Matrix>& a, Op op_a, const Eigen::Ref<const Matrix>& b, Op op_b,
                 Eigen::Ref<Matrix>& out, Eigen::Index k) {
  // The library is built on OpenMP; each thread of ours multiplies on its
  // own (training splits a batch across threads itself, and the window's
  // other core is the interface's), so no OpenMP team is ever started.
  thread_local const bool one_thread = (omp_set_num_threads(1), true);
  (void)one_thread;
  // oneDNN's sgemm is row-major: column-major out = A B is row-major
  // out^T = B^T A^T, so the operands swap places.
  const dnnl_status_t status =
      dnnl_sgemm(op_b == Op::Transposed ? 'T' : 'N', op_a == Op::Transposed ? 'T' : 'N', out.cols(), out.rows(), k,
                 1.0f, b.data(), b.outerStride(), a.data(), a.outerStride(), 0.0f, out.data(), out.outerStride());
  return status == dnnl_success;
}
#endif

}  // namespace

void gemm(Eigen::Ref<const Matrix> a, Op op_a, Eigen::Ref<const Matrix> b, Op op_b, Eigen::Ref<Matrix> out) {
#ifdef LATENT_HAVE_ONEDNN
  const Eigen::Index k = op_a == Op::Transposed ? a.rows() : a.cols();  // the inner size
  if (std::min({out.rows(), out.cols(), k}) >= kOneDnnMinSide && onednn_gemm(a, op_a, b, op_b, out, k)) return;
#endif
  eigen_gemm(a, op_a, b, op_b, out);
}

const char* gemm_library() {
#ifdef LATENT_HAVE_ONEDNN
  static char name[32];
  static const bool named = [] {
    const dnnl_version_t* v = dnnl_version();
    std::snprintf(name, sizeof name, "oneDNN %d.%d.%d", v->major, v->minor, v->patch);
    return true;
  }();
  (void)named;
  return name;
#else
  return "Eigen";
#endif
}

}  // namespace latent
