// What a training run is: the model to build (changing it means a new
// model) and the settings that apply live between steps.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/models/cvae_config.hpp"
#include "core/models/gmm_config.hpp"
#include "core/models/vae.hpp"
#include "core/models/vq_vae.hpp"
#include "core/train/kinds/model_kind.hpp"

namespace latent {

struct Dataset;
struct DataSplit;

// Changing any of these rebuilds the model from scratch. Unset fields take
// the data set's default (the reference model for 28x28 images, a small
// Gaussian-decoder VAE for 2-D points).
struct ModelSettings {
  ModelKind kind = ModelKind::Vae;
  int components = 0;  // the MDN's or the mixture's components K; 0 = the default (MDN: 3 for Bishop's, else 5; mixture: 8)
  std::string dataset = "sprites";
  std::string label_column;  // csv: data: the label column's header name or 1-based number ("" = none)
  bool color = false;        // images: data: RGB at 32x32 rather than grey at 28x28
  uint64_t seed = 1;
  int latent_dim = 2;  // also the conditional VAE's
  int groups = 2, categories = 10;  // categorical: D latents of K values each
  int codebook = 16;                // vq: K entries, each of latent_dim numbers
  // vq: moving averages by default: under the gradient, Adam moves an entry
  // about one learning rate a step while z_e runs ahead, and most entries die.
  CodebookUpdate codebook_update = CodebookUpdate::MovingAverage;
  CvaePrior cvae_prior = CvaePrior::StandardNormal;  // conditional: the conditional VAE's prior
  MixtureFit mixture_fit = MixtureFit::Em;           // mixture: EM or gradient ascent on log p(x)
  // mixture: an amortized q(z|x) = softmax(MLP(x)) trained beside it (checkpoints from before it have none)
  bool amortized_q = true;
  std::optional<std::vector<int>> encoder_hidden, decoder_hidden;
  std::optional<Activation> activation;
  std::optional<Likelihood> likelihood;

  // Pins every architecture field to those of `vae`.
  void set_architecture(const VaeConfig& vae);
  // Pins the networks' fields (hidden sizes, activation, likelihood) to
  // those of any model's config that has them (categorical VAE, VQ-VAE).
  template <class Config>
  void set_networks(const Config& c) {
    encoder_hidden = c.encoder_hidden;
    decoder_hidden = c.decoder_hidden;
    activation = c.activation;
    likelihood = c.likelihood;
  }
  VaeConfig resolve(const Dataset& train) const;
  int resolve_components() const;
  // The data this model trains on: load_dataset with the options its kind and label column imply.
  DataSplit load_data() const;
  // Whether other's data is read the same way (the seed aside: a reseeded run keeps its data).
  bool same_data(const ModelSettings& other) const {
    return dataset == other.dataset && label_column == other.label_column && color == other.color &&
           (kind == ModelKind::Conditional) == (other.kind == ModelKind::Conditional);
  }
  bool operator==(const ModelSettings&) const = default;  // the same model would be built
};

// The ranges the settings below keep wherever they come from (command line,
// lessons, checkpoints): a negative rate or beta trains away from the data,
// and batches or samples beyond these are more memory than a step should take.
inline constexpr double kMinLearningRate = 1e-7, kMaxLearningRate = 1.0, kMaxBeta = 100.0;
inline constexpr int kMaxBatchSize = 4096, kMaxMcSamples = 256;

// These apply at the next step boundary.
struct TrainSettings {
  float learning_rate = 1e-3f;
  float beta = 1.0f;
  int batch_size = 128;
  int mc_samples = 1;
  // One of estimators_for(the model's latent type); a run of the other type
  // reads it through estimator_for (a pathwise choice means enumeration there).
  EncoderGradient estimator = EncoderGradient::Reparameterization;
  double temperature = 0.5;  // categorical: tau of the Gumbel-softmax relaxations
  // A pace a class can follow; 0 = as fast as possible. At full speed a
  // 1,000-point toy runs ~10k steps/s: the fit is over in a second, and a
  // minute later the MDN has overfitted its training points. The app's
  // default is default_pace().
  int max_steps_per_second = 0;
  // The leave-one-out baseline needs two samples per example.
  int effective_samples() const {
    return estimator == EncoderGradient::ScoreFunctionLeaveOneOut ? std::max(2, mc_samples) : std::max(1, mc_samples);
  }
};

}  // namespace latent
