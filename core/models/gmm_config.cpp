// The mixture's fit names, check and one-line description.
#include "core/models/gmm_config.hpp"

namespace latent {

EnumNames<MixtureFit> enum_names(MixtureFit) {
  static constexpr EnumName<MixtureFit> names[] = {{MixtureFit::Em, "em"}, {MixtureFit::Gradient, "gradient"}};
  return {"mixture fit", names};
}

void GmmConfig::check() const {
  if (components < 1)
    throw std::invalid_argument("mixture of Gaussians: components is " + std::to_string(components) +
                                "; it needs at least 1");
}

std::string GmmConfig::describe() const {
  return std::to_string(components) + " full-covariance Gaussians in 2-D, fitted by " +
         (fit == MixtureFit::Em ? "EM" : "gradient ascent on log p(x)");
}

}  // namespace latent
