// What a VAE is made of: sizes, activation, likelihood. Saved in
// checkpoints and chosen on the command line and in the app.
#pragma once
#include <string>
#include <vector>

#include "core/io/enum_names.hpp"
#include "core/models/config_json.hpp"
#include "core/nn/activation.hpp"

namespace latent {

enum class Likelihood { Bernoulli, Gaussian };
EnumNames<Likelihood> enum_names(Likelihood);  // "bernoulli", "gaussian"

// A fixed decoder sigma outside this range makes log p(x|z) overflow a float
// on data of any sensible scale.
inline constexpr float kMinFixedSigma = 1e-4f, kMaxFixedSigma = 1e4f;

struct VaeConfig {
  static constexpr const char* kName = "VAE";
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

  // What a checkpoint keeps (see config_json.hpp).
  template <class Self, class Visit>
  static void fields(Self& c, Visit& visit) {
    visit("input_dim", c.input_dim);
    visit("latent_dim", c.latent_dim);
    visit("encoder_hidden", c.encoder_hidden);
    visit("decoder_hidden", c.decoder_hidden);
    visit("activation", c.activation);
    visit("likelihood", c.likelihood);
    visit("learn_sigma", c.learn_sigma, Presence::Optional);
    visit("fixed_sigma", c.fixed_sigma, Presence::Optional);
  }
  // Sizes within size_limits.hpp, fixed_sigma from kMinFixedSigma to kMaxFixedSigma.
  void check() const;
  std::string describe() const;  // "784-512-256 > 2 > 256-512-784, relu, bernoulli"
};

// The fields a VAE's networks are made of (input size, hidden sizes,
// activation, likelihood and its sigma) copied into another model's config
// with the same fields: the categorical VAE and the VQ-VAE reuse a data
// set's VAE defaults.
template <class Config>
void copy_networks(const VaeConfig& vae, Config& to) {
  to.input_dim = vae.input_dim;
  to.encoder_hidden = vae.encoder_hidden;
  to.decoder_hidden = vae.decoder_hidden;
  to.activation = vae.activation;
  to.likelihood = vae.likelihood;
  to.learn_sigma = vae.learn_sigma;
  to.fixed_sigma = vae.fixed_sigma;
}

}  // namespace latent
