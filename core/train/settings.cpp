// Resolving model settings against a data set's defaults.
#include "core/train/settings.hpp"

#include "core/data/catalog.hpp"
#include "core/data/dataset.hpp"

namespace latent {

VaeConfig ModelSettings::resolve(const Dataset& train) const {
  VaeConfig c = train.is_image() ? VaeConfig::for_images(train.dim) : VaeConfig::for_points(train.dim);
  c.latent_dim = latent_dim;
  if (encoder_hidden) c.encoder_hidden = *encoder_hidden;
  if (decoder_hidden) c.decoder_hidden = *decoder_hidden;
  if (activation) c.activation = *activation;
  if (likelihood) c.likelihood = *likelihood;
  return c;
}

void ModelSettings::set_architecture(const VaeConfig& v) {
  latent_dim = v.latent_dim;
  set_networks(v);
}

int ModelSettings::resolve_components() const {
  if (components > 0) return components;
  return dataset.rfind("bishop", 0) == 0 ? 3 : 5;
}

DataSplit ModelSettings::load_data() const {
  // The conditional models read a CSV file as (x, y) pairs in its own units:
  // their densities are reported per unit of y.
  return load_dataset(dataset, seed, {label_column, kind == ModelKind::Conditional, color});
}

}  // namespace latent
