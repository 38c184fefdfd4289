// `latentlab train`: headless training with a progress bar, per-epoch
// held-out metrics, a CSV of the curves and an atomically written checkpoint.
#pragma once
#include <CLI/CLI.hpp>

namespace latent {

// Registers the subcommand; returns it so main can tell whether it ran.
CLI::App* add_train_command(CLI::App& app);
int run_train_command();

}  // namespace latent
