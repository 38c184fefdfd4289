// Finite-difference gradient checking shared by the test suites: central
// differences of a scalar loss over every coordinate of a flat buffer; and
// the random inputs those checks feed on.
#pragma once
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>

#include "core/math/rng.hpp"
#include "core/nn/tensor.hpp"

namespace latent::testing {

// (rows, cols) of independent N(0, scale^2) entries.
inline Matrix random_matrix(int rows, int cols, Rng& rng, double scale = 1.0) {
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(scale * rng.normal());
  return m;
}

// Compares analytic[i] with (loss(p + h e_i) - loss(p - h e_i)) / 2h for
// every i; |fd - analytic| must be within atol + rtol * |fd|. Returns the
// number of coordinates checked.
inline int check_gradient(FloatBuffer& params, const FloatBuffer& analytic,
                          const std::function<double(const FloatBuffer&)>& loss, double h, double atol,
                          double rtol, const std::string& what) {
  int checked = 0, failures = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    const float saved = params[i];
    params[i] = saved + float(h);
    const double up = loss(params);
    params[i] = saved - float(h);
    const double down = loss(params);
    params[i] = saved;
    const double fd = (up - down) / (double(saved + float(h)) - double(saved - float(h)));
    const double err = std::abs(fd - double(analytic[i]));
    if (err > atol + rtol * std::abs(fd) && ++failures <= 5)
      FAIL_CHECK(what << ": coordinate " << i << " analytic " << analytic[i] << " vs finite difference " << fd);
    ++checked;
  }
  CHECK_MESSAGE(failures == 0, what << ": " << failures << " of " << checked << " coordinates disagree");
  return checked;
}

}  // namespace latent::testing
