// What a VAE is made of: sizes, activation, likelihood. Saved in
// checkpoints and chosen on the command line and in the app.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/nn/activation.hpp"

namespace latent {

enum class Likelihood { Bernoulli, Gaussian };

std::string to_string(Likelihood l);
Likelihood likelihood_from_string(const std::string& name);  // throws std::invalid_argument

struct VaeConfig {
  int input_dim = 784;
  int latent_dim = 2;
  std::vector<int> encoder_hidden{512, 256};
  std::vector<int> decoder_hidden{256, 512};
  Activation activation = Activation::Relu;
  Likelihood likelihood = Likelihood::Bernoulli;
  // Gaussian likelihood only: learn one log sigma per data dimension, or
  // keep every sigma at fixed_sigma.
  bool learn_sigma = true;
  float fixed_sigma = 0.1f;

  // The teaching default for 2-D toy data: small MLPs, Gaussian decoder.
  static VaeConfig for_points(int dim);
  // The reference model of references.md for 28x28 images.
  static VaeConfig for_images(int dim);

  nlohmann::json to_json() const;
  static VaeConfig from_json(const nlohmann::json& j);  // throws std::invalid_argument
  std::string describe() const;  // "784-512-256 > 2 > 256-512-784, relu, bernoulli"
};

}  // namespace latent
