// `latentlab lessons`: the built-in lessons, one per line (name, title,
// step count), or with --check FILE, whether a lecturer's own lesson file reads.
#pragma once
#include <CLI/CLI.hpp>

namespace latent {

// Registers the subcommand; returns it so main can tell whether it ran.
CLI::App* add_lessons_command(CLI::App& app);
int run_lessons_command();

}  // namespace latent
