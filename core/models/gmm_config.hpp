// What a mixture-of-Gaussians run is: its number of components and how it
// is fitted. Saved in checkpoints.
#pragma once
#include <string>

#include "core/models/config_json.hpp"

namespace latent {

// EM (closed-form half-steps, the lecture's identity made visible) or
// gradient ascent on log p(x) with the session's Adam.
enum class MixtureFit { Em, Gradient };
EnumNames<MixtureFit> enum_names(MixtureFit);  // "em", "gradient"

struct GmmConfig {
  static constexpr const char* kName = "mixture of Gaussians";
  int components = 8;  // K
  MixtureFit fit = MixtureFit::Em;

  template <class Self, class Visit>
  static void fields(Self& c, Visit& visit) {
    visit("components", c.components);
    visit("fit", c.fit);
  }
  void check() const;           // K >= 1
  std::string describe() const;  // "8 full-covariance Gaussians in 2-D, fitted by EM"
};

}  // namespace latent
