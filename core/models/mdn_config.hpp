// What a mixture density network is made of: input and output sizes, the
// number of mixture components, the trunk's hidden layers. Saved in checkpoints.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/nn/activation.hpp"

namespace latent {

struct MdnConfig {
  int input_dim = 1;    // Din
  int output_dim = 1;   // Dout
  int components = 5;   // K
  std::vector<int> hidden{32};
  Activation activation = Activation::Tanh;

  // Rows of the trunk's output per example: K logits, K*Dout means, K*Dout log sigmas.
  int head_size() const { return components * (1 + 2 * output_dim); }

  nlohmann::json to_json() const;
  static MdnConfig from_json(const nlohmann::json& j);  // throws std::invalid_argument
  std::string describe() const;  // "1-32 > 5 x N(1), tanh"
};

}  // namespace latent
