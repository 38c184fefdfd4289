// What a view of the mixture needs beyond its parameters: the q(z|x) that
// EM holds for the training points, which half-step came last, and the
// amortized q(z|x) trained beside it.
#pragma once
#include <Eigen/Core>
#include <memory>
#include <optional>

#include "core/models/gmm_amortized_q.hpp"
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
  // Its parameters start at amortized_offset in the flat buffer; null when
  // the run has none (a checkpoint from before it).
  std::shared_ptr<const GmmAmortizedQ> amortized;
  size_t amortized_offset = 0;
};

}  // namespace latent
