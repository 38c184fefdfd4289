// Command-line options that choose the data set, the model and the training
// settings; shared by `latentlab train` and the desktop app.
#pragma once
#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>

#include "core/train/settings.hpp"

namespace latent {

struct RunOptions {
  ModelSettings model;
  TrainSettings training;
  std::string kind = "vae";  // --model: a ModelKind's name
  // Raw architecture strings; empty means the data set's default.
  std::string encoder_hidden, decoder_hidden, activation, likelihood;
  std::string latent_type = "gaussian";  // --latent-type: gaussian, or categorical (--model vae becomes categorical)
  std::string estimator;  // empty: the latent type's default (reparameterization, or enumerate)
  std::string prior = "standard-normal";
  std::string mixture_fit = "em";
  std::string codebook_update = "moving-average";  // --codebook-update: a CodebookUpdate's name
};

// The option's text -> its value by parse, or a std::invalid_argument whose
// message names the option: "--estimator: unknown estimator ...".
template <class Parse>
auto parsed(const char* option, const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--") + option + ": " + e.what());
  }
}

// --model --components --gmm-fit --prior --dataset --latent --latent-type --groups --categories --encoder
// --decoder --activation --likelihood --seed --lr --beta --batch --samples --estimator --temperature
void add_run_options(CLI::App& app, RunOptions& options);

// Fills the model's kind and architecture overrides from the raw strings (after parsing).
// Throws std::invalid_argument with a message for the user.
void finish_run_options(RunOptions& options);

}  // namespace latent
