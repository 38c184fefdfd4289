// Parsing of the shared run options.
#include "options/run_options.hpp"

#include <sstream>
#include <stdexcept>

namespace latent {

namespace {
std::vector<int> parse_sizes(const std::string& text, const char* what) {
  std::vector<int> sizes;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, '-')) {
    try {
      size_t used = 0;
      const int v = std::stoi(part, &used);
      if (used != part.size() || v <= 0) throw std::invalid_argument(part);
      sizes.push_back(v);
    } catch (const std::exception&) {
      throw std::invalid_argument(std::string("--") + what + " '" + text +
                                  "': expected hidden sizes like 512-256");
    }
  }
  return sizes;
}
}  // namespace

void add_run_options(CLI::App& app, RunOptions& o) {
  app.add_option("--model", o.model.model,
                 "vae, or mdn: a mixture density network beside a least-squares regressor and a conditional VAE "
                 "(data: bishop, bishop-inverse, sinusoid, sinusoid-inverse, csv:<file>; try --batch 1000 --lr 3e-3)")
      ->capture_default_str()
      ->check(CLI::IsMember({"vae", "mdn"}));
  app.add_option("--components", o.model.components, "MDN mixture components K (default: 3 for Bishop's toys, else 5)")
      ->check(CLI::Range(1, 64));
  app.add_option("--dataset", o.model.dataset,
                 "data set: sprites, fashion-mnist, moons, rings, pinwheel, gaussians, spirals, idx:<dir>; "
                 "for --model mdn: bishop, bishop-inverse, sinusoid, sinusoid-inverse, csv:<file>")
      ->capture_default_str();
  app.add_option("--prior", o.prior, "--model mdn: the conditional VAE's prior, standard-normal or conditional (p(z|x))")
      ->capture_default_str();
  app.add_option("--latent", o.model.latent_dim, "latent dimensions (also the conditional VAE's)")->capture_default_str()->check(CLI::Range(1, 64));
  app.add_option("--encoder", o.encoder_hidden, "encoder hidden sizes, e.g. 512-256 (default: per data set)");
  app.add_option("--decoder", o.decoder_hidden, "decoder hidden sizes, e.g. 256-512 (default: per data set)");
  app.add_option("--activation", o.activation, "relu, tanh or softplus (default: per data set)");
  app.add_option("--likelihood", o.likelihood, "bernoulli or gaussian (default: per data set)");
  app.add_option("--seed", o.model.seed, "random seed: same seed, same run")->capture_default_str();
  app.add_option("--lr", o.training.learning_rate, "Adam learning rate")->capture_default_str();
  app.add_option("--beta", o.training.beta, "weight on the KL term")->capture_default_str();
  app.add_option("--batch", o.training.batch_size, "minibatch size")->capture_default_str()->check(CLI::Range(1, 4096));
  app.add_option("--samples", o.training.mc_samples, "Monte Carlo samples M per example")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app.add_option("--estimator", o.estimator,
                 "encoder gradient: reparameterization, score-function, score-function-running-mean, "
                 "score-function-leave-one-out")
      ->capture_default_str();
}

void finish_run_options(RunOptions& o) {
  ModelSettings& m = o.model;
  if (!o.encoder_hidden.empty()) m.encoder_hidden = parse_sizes(o.encoder_hidden, "encoder");
  if (!o.decoder_hidden.empty()) m.decoder_hidden = parse_sizes(o.decoder_hidden, "decoder");
  if (!o.activation.empty()) m.activation = activation_from_string(o.activation);
  if (!o.likelihood.empty()) m.likelihood = likelihood_from_string(o.likelihood);
  o.training.estimator = encoder_gradient_from_string(o.estimator);
  m.cvae_prior = cvae_prior_from_string(o.prior);
}

}  // namespace latent
