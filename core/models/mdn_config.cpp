// MdnConfig conversions to and from JSON and text.
#include "core/models/mdn_config.hpp"

#include <sstream>
#include <stdexcept>

namespace latent {

nlohmann::json MdnConfig::to_json() const {
  return {{"input_dim", input_dim}, {"output_dim", output_dim}, {"components", components},
          {"hidden", hidden},       {"activation", to_string(activation)}};
}

MdnConfig MdnConfig::from_json(const nlohmann::json& j) {
  try {
    MdnConfig c;
    c.input_dim = j.at("input_dim").get<int>();
    c.output_dim = j.at("output_dim").get<int>();
    c.components = j.at("components").get<int>();
    c.hidden = j.at("hidden").get<std::vector<int>>();
    c.activation = activation_from_string(j.at("activation").get<std::string>());
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

}  // namespace latent
