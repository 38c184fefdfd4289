// InputScaling's fit, map and checks; the MDN's and the regressor's
// config checks and one-line descriptions.
#include "core/models/mdn_config.hpp"

#include <cmath>
#include <stdexcept>

#include "core/nn/hidden_sizes.hpp"

namespace latent {

InputScaling InputScaling::fit(const Matrix& x) {
  // x: (Din, N)
  InputScaling s;
  if (x.cols() == 0) throw std::invalid_argument("InputScaling::fit needs at least one example");
  for (Eigen::Index d = 0; d < x.rows(); ++d) {
    const Eigen::ArrayXd row = x.row(d).transpose().cast<double>().array();
    const double mean = row.mean();
    const double sd = std::sqrt((row - mean).square().mean());
    s.shift.push_back(float(mean));
    s.scale.push_back(sd > 1e-12 ? float(sd) : 1.0f);
  }
  return s;
}

const Matrix& InputScaling::apply(const Matrix& x, Matrix& storage) const {
  // x: (Din, B) -> (Din, B)
  if (is_identity()) return x;
  if (x.rows() != Eigen::Index(shift.size()))
    throw std::invalid_argument("input scaling was fit to " + std::to_string(shift.size()) +
                                " input dimensions, the input has " + std::to_string(x.rows()));
  const Eigen::Map<const Eigen::ArrayXf> s(shift.data(), Eigen::Index(shift.size()));
  const Eigen::Map<const Eigen::ArrayXf> c(scale.data(), Eigen::Index(scale.size()));
  storage = ((x.array().colwise() - s).colwise() / c).matrix();
  return storage;
}

void InputScaling::check() const {
  if (shift.size() != scale.size()) throw std::invalid_argument("shift and scale differ in size");
  for (float c : scale)
    if (!(c > 0.0f) || !std::isfinite(c)) throw std::invalid_argument("scales must be positive");
}

void ConditionalNetworkConfig::check() const {
  check_size("input_dim", input_dim, kMaxDataDim);
  check_size("output_dim", output_dim, kMaxDataDim);
  if (!input_scaling.is_identity() && int(input_scaling.shift.size()) != input_dim)
    throw std::invalid_argument("input scaling has " + std::to_string(input_scaling.shift.size()) +
                                " dimensions, input_dim is " + std::to_string(input_dim));
}

void MdnConfig::check() const {
  ConditionalNetworkConfig::check();
  check_size("components", components, kMaxComponents);
}

std::string MdnConfig::describe() const {
  return widths_text(input_dim, hidden) + " > " + std::to_string(components) + " x N(" + std::to_string(output_dim) +
         "), " + to_string(activation);
}

std::string RegressorConfig::describe() const {
  return widths_text(input_dim, hidden) + "-" + std::to_string(output_dim) + ", " + to_string(activation);
}

}  // namespace latent
