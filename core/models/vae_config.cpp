// VaeConfig conversions to and from JSON and text.
#include "core/models/vae_config.hpp"

#include <sstream>
#include <stdexcept>

namespace latent {

std::string to_string(Likelihood l) { return l == Likelihood::Bernoulli ? "bernoulli" : "gaussian"; }

Likelihood likelihood_from_string(const std::string& name) {
  if (name == "bernoulli") return Likelihood::Bernoulli;
  if (name == "gaussian") return Likelihood::Gaussian;
  throw std::invalid_argument("unknown likelihood '" + name + "' (use bernoulli or gaussian)");
}

VaeConfig VaeConfig::for_points(int dim) {
  VaeConfig c;
  c.input_dim = dim;
  c.encoder_hidden = {64, 64};
  c.decoder_hidden = {64, 64};
  c.activation = Activation::Tanh;
  c.likelihood = Likelihood::Gaussian;
  c.learn_sigma = true;
  return c;
}

VaeConfig VaeConfig::for_images(int dim) {
  VaeConfig c;
  c.input_dim = dim;
  return c;
}

nlohmann::json VaeConfig::to_json() const {
  return {{"input_dim", input_dim},         {"latent_dim", latent_dim},
          {"encoder_hidden", encoder_hidden}, {"decoder_hidden", decoder_hidden},
          {"activation", to_string(activation)}, {"likelihood", to_string(likelihood)},
          {"learn_sigma", learn_sigma},     {"fixed_sigma", fixed_sigma}};
}

VaeConfig VaeConfig::from_json(const nlohmann::json& j) {
  try {
    VaeConfig c;
    c.input_dim = j.at("input_dim").get<int>();
    c.latent_dim = j.at("latent_dim").get<int>();
    c.encoder_hidden = j.at("encoder_hidden").get<std::vector<int>>();
    c.decoder_hidden = j.at("decoder_hidden").get<std::vector<int>>();
    c.activation = activation_from_string(j.at("activation").get<std::string>());
    c.likelihood = likelihood_from_string(j.at("likelihood").get<std::string>());
    c.learn_sigma = j.value("learn_sigma", true);
    c.fixed_sigma = j.value("fixed_sigma", 0.1f);
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("bad VAE architecture: ") + e.what());
  }
}

std::string VaeConfig::describe() const {
  std::ostringstream s;
  s << input_dim;
  for (int h : encoder_hidden) s << "-" << h;
  s << " > " << latent_dim << " > ";
  for (int h : decoder_hidden) s << h << "-";
  s << input_dim << ", " << to_string(activation) << ", " << to_string(likelihood);
  if (likelihood == Likelihood::Gaussian) s << (learn_sigma ? " (learned sigma)" : " (fixed sigma)");
  return s.str();
}

}  // namespace latent
