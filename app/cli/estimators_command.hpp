// `latentlab estimators`: the 1-D Gaussian gradient lab headless, as a table of exact and
// sampled gradients and variances per estimator, and a CSV sweep over k.
#pragma once
#include <CLI/CLI.hpp>

namespace latent {

// Registers the subcommand; returns it so main can tell whether it ran.
CLI::App* add_estimators_command(CLI::App& app);
int run_estimators_command();

}  // namespace latent
