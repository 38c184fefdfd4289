// InputScaling's fit and map; MdnConfig and RegressorConfig conversions to
// and from JSON and text.
#include "core/models/mdn_config.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

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

nlohmann::json InputScaling::to_json() const { return {{"shift", shift}, {"scale", scale}}; }

InputScaling InputScaling::from_json(const nlohmann::json& j) {
  InputScaling s;
  s.shift = j.at("shift").get<std::vector<float>>();
  s.scale = j.at("scale").get<std::vector<float>>();
  if (s.shift.size() != s.scale.size()) throw std::invalid_argument("input scaling: shift and scale differ in size");
  for (float c : s.scale)
    if (!(c > 0.0f) || !std::isfinite(c)) throw std::invalid_argument("input scaling: scales must be positive");
  return s;
}

namespace {
// The scaling must match the input size (or be the identity).
void check_scaling(const InputScaling& s, int input_dim, const char* model) {
  if (!s.is_identity() && int(s.shift.size()) != input_dim)
    throw std::invalid_argument(std::string("bad ") + model + " architecture: input scaling has " +
                                std::to_string(s.shift.size()) + " dimensions, input_dim is " +
                                std::to_string(input_dim));
}
}  // namespace

nlohmann::json MdnConfig::to_json() const {
  return {{"input_dim", input_dim},
          {"output_dim", output_dim},
          {"components", components},
          {"hidden", hidden},
          {"activation", to_string(activation)},
          {"input_scaling", input_scaling.to_json()}};
}

MdnConfig MdnConfig::from_json(const nlohmann::json& j) {
  try {
    MdnConfig c;
    c.input_dim = j.at("input_dim").get<int>();
    c.output_dim = j.at("output_dim").get<int>();
    c.components = j.at("components").get<int>();
    c.hidden = j.at("hidden").get<std::vector<int>>();
    c.activation = activation_from_string(j.at("activation").get<std::string>());
    if (j.contains("input_scaling")) c.input_scaling = InputScaling::from_json(j.at("input_scaling"));
    check_scaling(c.input_scaling, c.input_dim, "MDN");
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("bad MDN architecture: ") + e.what());
  }
}

std::string MdnConfig::describe() const {
  std::ostringstream s;
  s << input_dim;
  for (int h : hidden) s << "-" << h;
  s << " > " << components << " x N(" << output_dim << "), " << to_string(activation);
  return s.str();
}

nlohmann::json RegressorConfig::to_json() const {
  return {{"input_dim", input_dim},
          {"output_dim", output_dim},
          {"hidden", hidden},
          {"activation", to_string(activation)},
          {"input_scaling", input_scaling.to_json()}};
}

RegressorConfig RegressorConfig::from_json(const nlohmann::json& j) {
  try {
    RegressorConfig c;
    c.input_dim = j.at("input_dim").get<int>();
    c.output_dim = j.at("output_dim").get<int>();
    c.hidden = j.at("hidden").get<std::vector<int>>();
    c.activation = activation_from_string(j.at("activation").get<std::string>());
    if (j.contains("input_scaling")) c.input_scaling = InputScaling::from_json(j.at("input_scaling"));
    check_scaling(c.input_scaling, c.input_dim, "regressor");
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("bad regressor architecture: ") + e.what());
  }
}

std::string RegressorConfig::describe() const {
  std::ostringstream s;
  s << input_dim;
  for (int h : hidden) s << "-" << h;
  s << "-" << output_dim << ", " << to_string(activation);
  return s.str();
}

}  // namespace latent
