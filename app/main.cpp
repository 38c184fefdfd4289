// Entry point of `latentlab`: headless subcommands (train, ...) or, with no
// subcommand, the desktop app.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <vector>

#include "cli/bound_command.hpp"
#include "cli/estimators_command.hpp"
#include "cli/export_command.hpp"
#include "cli/lessons_command.hpp"
#include "cli/train_command.hpp"
#if defined(LATENT_WITH_GUI) && __has_include("gui/shell/desktop_app.hpp")
#include "gui/shell/desktop_app.hpp"
#define LATENT_HAS_DESKTOP 1
#endif

namespace {
struct Subcommand {
  CLI::App* parsed;
  int (*run)();
};
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Latent Lab: watch a variational autoencoder learn, and touch its latent space"};
  app.set_version_flag("--version", "latentlab 0.1");
  // One line per headless command: add_X_command registers it, run_X_command runs it.
  const std::vector<Subcommand> subcommands = {
      {latent::add_train_command(app), latent::run_train_command},
      {latent::add_bound_command(app), latent::run_bound_command},
      {latent::add_estimators_command(app), latent::run_estimators_command},
      {latent::add_lessons_command(app), latent::run_lessons_command},
      {latent::add_export_command(app), latent::run_export_command},
  };
#ifdef LATENT_HAS_DESKTOP
  latent::DesktopOptions desktop;
  latent::add_desktop_options(app, desktop);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (const Subcommand& s : subcommands)
    if (*s.parsed) return s.run();
#ifdef LATENT_HAS_DESKTOP
  return latent::run_desktop_app(desktop);
#else
  std::fprintf(stderr, "latentlab: this build has no desktop app (configure with -DLATENT_GUI=ON); "
                       "try `latentlab train --help`\n");
  return 2;
#endif
}
