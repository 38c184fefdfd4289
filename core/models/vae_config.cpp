// VaeConfig's defaults and its one-line description.
#include "core/models/vae_config.hpp"

#include <stdexcept>

#include "core/nn/hidden_sizes.hpp"

namespace latent {

EnumNames<Likelihood> enum_names(Likelihood) {
  static constexpr EnumName<Likelihood> names[] = {{Likelihood::Bernoulli, "bernoulli"},
                                                   {Likelihood::Gaussian, "gaussian"}};
  return {"likelihood", names};
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

void VaeConfig::check() const {
  check_size("input_dim", input_dim, kMaxDataDim);
  check_size("latent_dim", latent_dim, kMaxLatentDim);
  if (!(fixed_sigma >= kMinFixedSigma && fixed_sigma <= kMaxFixedSigma))
    throw std::invalid_argument("\"fixed_sigma\" is " + std::to_string(fixed_sigma) + "; use a number from 1e-4 to 1e4");
}

std::string VaeConfig::describe() const {
  std::vector<int> decoder = decoder_hidden;
  decoder.push_back(input_dim);
  std::string s = widths_text(input_dim, encoder_hidden) + " > " + std::to_string(latent_dim) + " > " +
                  hidden_sizes_text(decoder) + ", " + to_string(activation) + ", " + to_string(likelihood);
  if (likelihood == Likelihood::Gaussian) s += learn_sigma ? " (learned sigma)" : " (fixed sigma)";
  return s;
}

}  // namespace latent
