// Tests of the networks' one matrix product (core/nn/gemm): every transpose
// pair against a triple loop in double, on both sides of the size where
// the library changes, into and out of blocks of larger matrices.
#include <doctest/doctest.h>

#include <dirent.h>

#include <thread>

#include "core/nn/gemm.hpp"
#include "gradient_check.hpp"

using namespace latent;

namespace {

using testing::random_matrix;

// op(a) (m, k) * op(b) (k, n), summed in double.
Eigen::MatrixXd reference_product(const Matrix& a, Op op_a, const Matrix& b, Op op_b) {
  const Eigen::MatrixXd da = a.cast<double>(), db = b.cast<double>();
  const Eigen::MatrixXd la = op_a == Op::Transposed ? Eigen::MatrixXd(da.transpose()) : da;
  const Eigen::MatrixXd rb = op_b == Op::Transposed ? Eigen::MatrixXd(db.transpose()) : db;
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(la.rows(), rb.cols());
  for (Eigen::Index i = 0; i < la.rows(); ++i)
    for (Eigen::Index j = 0; j < rb.cols(); ++j)
      for (Eigen::Index p = 0; p < la.cols(); ++p) out(i, j) += la(i, p) * rb(p, j);
  return out;
}

int threads_in_process() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/task")) {
    while (const dirent* entry = readdir(dir))
      if (entry->d_name[0] != '.') ++count;
    closedir(dir);
  }
  return count;
}

}  // namespace

TEST_CASE("gemm: every transpose pair matches a triple loop, below and above the library's threshold") {
  Rng rng(11);
  // (m, n, k): one example, the threshold's two sides (7, 8), odd sizes, a layer.
  const int shapes[][3] = {{1, 1, 1}, {5, 1, 300}, {7, 9, 8}, {8, 8, 8}, {33, 17, 65}, {128, 64, 100}, {512, 32, 784}};
  for (const auto& s : shapes)
    for (Op op_a : {Op::Plain, Op::Transposed})
      for (Op op_b : {Op::Plain, Op::Transposed}) {
        const int m = s[0], n = s[1], k = s[2];
        const Matrix a = op_a == Op::Plain ? random_matrix(m, k, rng) : random_matrix(k, m, rng);
        const Matrix b = op_b == Op::Plain ? random_matrix(k, n, rng) : random_matrix(n, k, rng);
        Matrix out(m, n);
        gemm(a, op_a, b, op_b, out);
        const Eigen::MatrixXd truth = reference_product(a, op_a, b, op_b);
        // float accumulation over k terms of size ~1: error grows like sqrt(k) eps.
        const double scale = std::max(1.0, truth.cwiseAbs().maxCoeff());
        CAPTURE(m); CAPTURE(n); CAPTURE(k); CAPTURE(int(op_a)); CAPTURE(int(op_b));
        CHECK((out.cast<double>() - truth).cwiseAbs().maxCoeff() <= 1e-5 * scale * std::sqrt(double(k)));
      }
}

TEST_CASE("gemm: reads and writes blocks of larger matrices, leaving the rest untouched") {
  Rng rng(12);
  const Matrix big_a = random_matrix(70, 50, rng), big_b = random_matrix(60, 40, rng);
  Matrix big_out = Matrix::Constant(90, 45, 7.0f);
  const Matrix a = big_a.block(3, 2, 40, 30), b = big_b.block(5, 1, 30, 20);  // copies, for the truth
  gemm(big_a.block(3, 2, 40, 30), Op::Plain, big_b.block(5, 1, 30, 20), Op::Plain, big_out.block(10, 4, 40, 20));
  const Eigen::MatrixXd truth = reference_product(a, Op::Plain, b, Op::Plain);
  CHECK((big_out.block(10, 4, 40, 20).cast<double>() - truth).cwiseAbs().maxCoeff() <= 1e-4);
  Matrix outside = big_out;
  outside.block(10, 4, 40, 20).setConstant(7.0f);
  CHECK((outside.array() == 7.0f).all());
}

TEST_CASE("gemm: the same product twice is the same to the bit") {
  Rng rng(13);
  const Matrix a = random_matrix(256, 512, rng), b = random_matrix(512, 128, rng);
  Matrix first(256, 128), second(256, 128);
  gemm(a, Op::Plain, b, Op::Plain, first);
  gemm(a, Op::Plain, b, Op::Plain, second);
  CHECK((first.array() == second.array()).all());
}

TEST_CASE("gemm: a product on a new thread runs on that thread alone") {
  // oneDNN would start an OpenMP team as wide as the machine; the trainer
  // owns one core and the window the other. On a one-core machine this
  // cannot fail; on two or more it does if the team is started.
  Rng rng(14);
  const Matrix a = random_matrix(512, 784, rng), b = random_matrix(784, 128, rng);
  const int before = threads_in_process();
  int during = 0;
  std::thread worker([&] {
    Matrix out(512, 128);
    gemm(a, Op::Plain, b, Op::Plain, out);
    during = threads_in_process();
  });
  worker.join();
  CHECK(during == before + 1);
  INFO("library: " << gemm_library());
}
