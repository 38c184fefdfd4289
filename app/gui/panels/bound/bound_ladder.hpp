// The bound ladder chart: ELBO <= IWAE_k <= log p(x) for one x on one axis
// in nats, one row each, and a bar for KL(q || p(z|x)) = log p(x) - ELBO that
// per-point VI splits into the amortization and approximation gaps.
#pragma once
#include <imgui.h>

#include <string>

#include "live/workers/bound_worker.hpp"

namespace latent {

// Colours shared by the ladder and the posterior plot, so q* looks the same in both.
struct BoundColors {
  ImU32 encoder;       // the encoder's q(z|x) and its ELBO / IWAE rows
  ImU32 optimized;     // per-point q*(z) and its ELBO
  ImU32 marginal;      // log p(x)
  ImU32 amortization;  // the amortization gap bar
  ImU32 approximation; // the approximation gap bar
};
const BoundColors& bound_colors();

// Rows needed by draw_bound_ladder (to size it): IWAE k > 1, ELBO, log p(x), q*, the gap bar.
int bound_ladder_rows(const BoundFigures& figures, const ViProgress* vi);

// Draws at the cursor with the given size (height <= 0: what remains). `vi`
// only if finished and computed under the figures' parameters. `title` goes in the plot's corner.
void draw_bound_ladder(const BoundFigures& figures, const ViProgress* vi, ImVec2 size, const std::string& title = "");

// "−245.31": two decimals and a real minus sign, as on the chart.
std::string nats_text(double value);

}  // namespace latent
