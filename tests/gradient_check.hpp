// Finite-difference gradient checking shared by the test suites: central
// differences of a scalar loss over every coordinate of a flat buffer; and
// the random inputs those checks feed on.
#pragma once
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

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

// Per-coordinate mean and variance of one stochastic gradient estimate,
// from `draws` calls of draw(grads), over the first `count` coordinates.
struct GradientMoments {
  std::vector<double> mean, var;
  double total_variance() const {
    double t = 0.0;
    for (double v : var) t += v;
    return t;
  }
};
inline GradientMoments gradient_moments(size_t count, size_t param_count, int draws,
                                        const std::function<void(float* grads)>& draw) {
  std::vector<double> sum(count, 0.0), sum_sq(count, 0.0);
  FloatBuffer grads(param_count, 0.0f);
  for (int i = 0; i < draws; ++i) {
    draw(grads.data());
    for (size_t j = 0; j < count; ++j) {
      sum[j] += grads[j];
      sum_sq[j] += double(grads[j]) * grads[j];
    }
  }
  GradientMoments m;
  m.mean.resize(count);
  m.var.resize(count);
  for (size_t j = 0; j < count; ++j) {
    m.mean[j] = sum[j] / draws;
    m.var[j] = sum_sq[j] / draws - m.mean[j] * m.mean[j];
  }
  return m;
}

// Coordinates whose means differ by more than 5 standard errors of the
// difference (both from `draws` estimates): unbiased estimators give 0.
inline int mean_mismatches(const GradientMoments& a, const GradientMoments& b, int draws) {
  int misses = 0;
  for (size_t j = 0; j < a.mean.size(); ++j) {
    const double se = std::sqrt((a.var[j] + b.var[j]) / draws);
    if (std::abs(a.mean[j] - b.mean[j]) > 5 * se + 1e-7) ++misses;
  }
  return misses;
}

}  // namespace latent::testing
