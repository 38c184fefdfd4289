// A tiny categorical VAE and data for its tests: small enough that every
// joint code can be summed by hand and finite differences are cheap.
#pragma once
#include "core/models/categorical_enumeration.hpp"

namespace latent::testing {

inline CategoricalVaeConfig tiny_categorical(Likelihood likelihood, int groups = 2, int categories = 3) {
  CategoricalVaeConfig c;
  c.input_dim = 6;
  c.groups = groups;
  c.categories = categories;
  c.encoder_hidden = {7};
  c.decoder_hidden = {5};
  c.activation = Activation::Tanh;  // smooth, for finite differences
  c.likelihood = likelihood;
  return c;
}

// Gray values in [0, 1] for Bernoulli, standard normals for Gaussian: (6, B).
inline Matrix tiny_data(Likelihood likelihood, int B, Rng& rng) {
  Matrix x(6, B);
  for (Eigen::Index i = 0; i < x.size(); ++i)
    x.data()[i] = likelihood == Likelihood::Bernoulli ? float(rng.uniform()) : float(rng.normal());
  return x;
}

// Parameters drawn by init, with the encoder's output layer scaled up so q
// is far from uniform and the KL and the gap are not both near zero.
inline FloatBuffer tiny_params(const CategoricalVae& vae, Rng& rng) {
  FloatBuffer params(vae.param_count(), 0.0f);
  vae.init(params.data(), rng);
  const size_t last = vae.encoder().layer_count() - 1;
  for (const ParamBlock& block : {vae.encoder().weight_block(last), vae.encoder().bias_block(last)})
    view(params.data(), block) *= 3.0f;
  return params;
}

// A tiny model, its parameters from `seed` and a batch of data.
struct TinyProblem {
  CategoricalVae vae;
  FloatBuffer params;
  Matrix x;  // (6, batch)
  TinyProblem(Likelihood likelihood, uint64_t seed, int batch, int groups = 2, int categories = 3)
      : vae(tiny_categorical(likelihood, groups, categories)) {
    Rng rng(seed);
    params = tiny_params(vae, rng);
    x = tiny_data(likelihood, batch, rng);
  }
  // The exact bound of the batch; e keeps the enumeration it came from.
  CategoricalBound bound(CategoricalEnumeration& e) const {
    CategoricalVae::Workspace ws;
    enumerate_codes(vae, params.data(), x, e, ws);
    return exact_bound(e, vae.config().groups, vae.config().categories);
  }
};

}  // namespace latent::testing
