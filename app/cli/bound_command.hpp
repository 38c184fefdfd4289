// `latentlab bound`: how tight is the ELBO for chosen test points of a saved
// model: log p(x) by quadrature, the IWAE ladder, KL(q || p(z|x)), and the
// amortization and approximation gaps from per-point VI; and, on request,
// amortized against non-amortized training of the same architecture.
#pragma once
#include <CLI/CLI.hpp>

namespace latent {

// Registers the subcommand; returns it so main can tell whether it ran.
CLI::App* add_bound_command(CLI::App& app);
int run_bound_command();

}  // namespace latent
