// The desktop front end's entry point: options (window, scripting, UI scale)
// and run_desktop_app(), which opens the window, trains in the background
// and draws every panel until closed or for --frames frames.
#pragma once
#include "gui/shell/desktop_options.hpp"

namespace latent {

// Returns the process exit code: 0, 1 (a failure, already explained on
// stderr), or 2 (no display or bad options; the message says what to do).
int run_desktop_app(const DesktopOptions& options);

}  // namespace latent
