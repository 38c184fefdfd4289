// `latentlab export`: a saved model in another format, for PyTorch users a
// VAE as .safetensors (see core/models/vae_safetensors.hpp), or a
// .safetensors back as a checkpoint.
#pragma once
#include <CLI/CLI.hpp>

namespace latent {

// Registers the subcommand; returns it so main can tell whether it ran.
CLI::App* add_export_command(CLI::App& app);
int run_export_command();

}  // namespace latent
