// Parsing of the shared run options.
#include "options/run_options.hpp"

#include <stdexcept>

#include "core/nn/hidden_sizes.hpp"
#include "core/nn/size_limits.hpp"

namespace latent {

void add_run_options(CLI::App& app, RunOptions& o) {
  app.add_option("--model", o.kind,
                 "vae, or conditional (also spelled mdn): a mixture density network beside a least-squares "
                 "regressor and a conditional VAE (data: bishop, bishop-inverse, sinusoid, sinusoid-inverse, "
                 "csv:<file>; try --batch 1000 --lr 3e-3), or gmm: a mixture of Gaussians of 2-D points")
      ->capture_default_str();
  app.add_option("--components", o.model.components,
                 "mixture components K: the MDN's (default 3 for Bishop's toys, else 5) or --model gmm's (default 8)")
      ->check(CLI::Range(1, kMaxComponents));
  app.add_option("--gmm-fit", o.mixture_fit, "--model gmm: em (closed-form half-steps) or gradient (Adam on -log p(x))")
      ->capture_default_str();
  app.add_option("--dataset", o.model.dataset,
                 "data set: sprites, fashion-mnist, moons, rings, pinwheel, gaussians, spirals, idx:<dir> (MNIST files), "
                 "images:<dir> (PNG/JPEG, one subfolder per class), csv:<file> (points: 2 or more numeric columns, "
                 "standardized); for --model conditional: bishop, bishop-inverse, sinusoid, sinusoid-inverse, "
                 "csv:<file> (x,y rows in their own units)")
      ->capture_default_str();
  app.add_flag("--color", o.model.color,
               "images:<dir> data: keep the pictures' colour, 32x32 RGB (one Bernoulli per channel, or a Gaussian), "
               "rather than 28x28 grey");
  app.add_option("--label-column", o.model.label_column,
                 "csv: data: the column holding each row's class (its header name or its number, from 1); "
                 "integers or text, used to colour the points");
  app.add_option("--prior", o.prior, "--model conditional: the conditional VAE's prior, standard-normal or conditional (p(z|x))")
      ->capture_default_str();
  app.add_option("--latent", o.model.latent_dim, "latent dimensions (also the conditional VAE's)")->capture_default_str()->check(CLI::Range(1, kMaxLatentDim));
  app.add_option("--latent-type", o.latent_type,
                 "gaussian; categorical: D categorical latents of K values, a uniform prior, the decoder reading "
                 "their one-hot codes (exact log p(x) while K^D <= 1000); or vq: a VQ-VAE, the encoder's --latent "
                 "numbers snapped to the nearest of --codebook entries")
      ->capture_default_str();
  app.add_option("--codebook", o.model.codebook, "--latent-type vq: K codebook entries")
      ->capture_default_str()
      ->check(CLI::Range(2, 4096));
  app.add_option("--codebook-update", o.codebook_update,
                 "--latent-type vq: moving-average (the paper's appendix) or gradient (of the codebook loss, its main "
                 "text; most entries die on Fashion-MNIST)")
      ->capture_default_str();
  app.add_option("--groups", o.model.groups, "--latent-type categorical: D categorical latents")
      ->capture_default_str()
      ->check(CLI::Range(1, kMaxLatentDim));
  app.add_option("--categories", o.model.categories, "--latent-type categorical: K values each")
      ->capture_default_str()
      ->check(CLI::Range(2, kMaxLatentDim));
  app.add_option("--encoder", o.encoder_hidden, "encoder hidden sizes, e.g. 512-256 (default: per data set)");
  app.add_option("--decoder", o.decoder_hidden, "decoder hidden sizes, e.g. 256-512 (default: per data set)");
  app.add_option("--activation", o.activation, "relu, tanh or softplus (default: per data set)");
  app.add_option("--likelihood", o.likelihood, "bernoulli or gaussian (default: per data set)");
  app.add_option("--seed", o.model.seed, "random seed: same seed, same run")->capture_default_str();
  app.add_option("--lr", o.training.learning_rate, "Adam learning rate")
      ->capture_default_str()
      ->check(CLI::Range(kMinLearningRate, kMaxLearningRate));
  app.add_option("--beta", o.training.beta, "weight on the KL term")->capture_default_str()->check(CLI::Range(0.0, kMaxBeta));
  app.add_option("--batch", o.training.batch_size, "minibatch size")
      ->capture_default_str()
      ->check(CLI::Range(1, kMaxBatchSize));
  app.add_option("--samples", o.training.mc_samples, "Monte Carlo samples M per example")
      ->capture_default_str()
      ->check(CLI::Range(1, kMaxMcSamples));
  app.add_option("--estimator", o.estimator,
                 "encoder gradient: reparameterization (the default), score-function, score-function-running-mean, "
                 "score-function-leave-one-out; a categorical latent: enumerate (the default), reinforce, "
                 "reinforce-mean, reinforce-loo, gumbel, straight-through");
  app.add_option("--temperature", o.training.temperature, "tau of the gumbel and straight-through estimators")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 100.0));
}

void finish_run_options(RunOptions& o) {
  ModelSettings& m = o.model;
  m.kind = parsed("model", o.kind, from_string<ModelKind>);
  if (!o.encoder_hidden.empty()) m.encoder_hidden = parsed("encoder", o.encoder_hidden, parse_hidden_sizes);
  if (!o.decoder_hidden.empty()) m.decoder_hidden = parsed("decoder", o.decoder_hidden, parse_hidden_sizes);
  if (!o.activation.empty()) m.activation = parsed("activation", o.activation, from_string<Activation>);
  if (!o.likelihood.empty()) m.likelihood = parsed("likelihood", o.likelihood, from_string<Likelihood>);
  if (o.latent_type == "categorical" || o.latent_type == "vq") {
    const ModelKind kind = o.latent_type == "vq" ? ModelKind::Vq : ModelKind::Categorical;
    if (m.kind != ModelKind::Vae && m.kind != kind)
      throw std::invalid_argument("--latent-type " + o.latent_type + ": only a VAE's latent can be " +
                                  (kind == ModelKind::Vq ? "vector-quantized" : "categorical") + " (use --model vae)");
    m.kind = kind;
  } else if (o.latent_type != "gaussian") {
    throw std::invalid_argument("--latent-type: unknown latent type '" + o.latent_type +
                                "' (use gaussian, categorical or vq)");
  }
  const LatentType type = latent_type(m.kind);
  o.training.estimator = o.estimator.empty() ? default_estimator(type)
                                             : parsed("estimator", o.estimator, from_string<EncoderGradient>);
  if (!estimator_applies(o.training.estimator, type))
    throw std::invalid_argument("--estimator " + o.estimator + ": not for " + model_kind_noun(m.kind) +
                                (type == LatentType::Categorical
                                     ? "; use enumerate, reinforce, reinforce-mean, reinforce-loo, gumbel or straight-through"
                                     : "; use reparameterization, score-function, score-function-running-mean or "
                                       "score-function-leave-one-out"));
  m.cvae_prior = parsed("prior", o.prior, from_string<CvaePrior>);
  m.mixture_fit = parsed("gmm-fit", o.mixture_fit, from_string<MixtureFit>);
  m.codebook_update = parsed("codebook-update", o.codebook_update, from_string<CodebookUpdate>);
}

}  // namespace latent
