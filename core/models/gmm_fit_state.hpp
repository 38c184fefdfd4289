// What a view of the mixture needs beyond its parameters: the q(z|x) that
// EM holds for the training points, and which half-step came last.
#pragma once
#include <Eigen/Core>
#include <memory>
#include <optional>

#include "core/models/gmm_config.hpp"
#include "core/models/gmm_em.hpp"

namespace latent {

struct MixtureFitState {
  GmmConfig config;
  // (K, N train): EM's current q(z|x), set by the last E-step (after an
  // M-step it is the old posterior, which is why the gap opens). Null
  // before the first E-step and when fitted by gradient, where q is p(z|x).
  std::shared_ptr<const Eigen::MatrixXd> q;
  std::optional<EmHalf> last;  // null: no half-step yet (or fitted by gradient)
};

}  // namespace latent
