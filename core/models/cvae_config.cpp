// CvaeConfig conversions to and from JSON and text.
#include "core/models/cvae_config.hpp"

#include <sstream>
#include <stdexcept>

namespace latent {

std::string to_string(CvaePrior p) { return p == CvaePrior::Conditional ? "conditional" : "standard-normal"; }

CvaePrior cvae_prior_from_string(const std::string& name) {
  if (name == "standard-normal") return CvaePrior::StandardNormal;
  if (name == "conditional") return CvaePrior::Conditional;
  throw std::invalid_argument("unknown prior '" + name + "' (use standard-normal or conditional)");
}

nlohmann::json CvaeConfig::to_json() const {
  return {{"input_dim", input_dim},
          {"output_dim", output_dim},
          {"latent_dim", latent_dim},
          {"hidden", hidden},
          {"activation", to_string(activation)},
          {"prior", to_string(prior)},
          {"x_scaling", x_scaling.to_json()},
          {"y_scaling", y_scaling.to_json()}};
}

CvaeConfig CvaeConfig::from_json(const nlohmann::json& j) {
  try {
    CvaeConfig c;
    c.input_dim = j.at("input_dim").get<int>();
    c.output_dim = j.at("output_dim").get<int>();
    c.latent_dim = j.at("latent_dim").get<int>();
    c.hidden = j.at("hidden").get<std::vector<int>>();
    c.activation = activation_from_string(j.at("activation").get<std::string>());
    c.prior = cvae_prior_from_string(j.at("prior").get<std::string>());
    c.x_scaling = InputScaling::from_json(j.at("x_scaling"));
    c.y_scaling = InputScaling::from_json(j.at("y_scaling"));
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("bad conditional VAE architecture: ") + e.what());
  }
}

std::string CvaeConfig::describe() const {
  std::ostringstream s;
  auto widths = [&](int first) {
    s << first;
    for (int h : hidden) s << "-" << h;
  };
  s << "q(z|x,y) ";
  widths(input_dim + output_dim);
  s << " > " << latent_dim << ", p(y|x,z) ";
  widths(input_dim + latent_dim);
  s << " > " << output_dim << ", prior " << (prior == CvaePrior::Conditional ? "p(z|x)" : "N(0, I)") << ", "
    << to_string(activation);
  return s.str();
}

}  // namespace latent
