// `latentlab categorical`: trains a categorical VAE (D groups of K
// categories) headless with one gradient estimator and prints, per report,
// the held-out ELBO and the exact log p(x) by enumeration.
#pragma once
#include <CLI/CLI.hpp>

namespace latent {

// Registers the subcommand; returns it so main can tell whether it ran.
CLI::App* add_categorical_command(CLI::App& app);
int run_categorical_command();

}  // namespace latent
