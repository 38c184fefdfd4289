// The conditional VAE's prior names and its config's one-line description.
#include "core/models/cvae_config.hpp"

#include "core/nn/hidden_sizes.hpp"

namespace latent {

EnumNames<CvaePrior> enum_names(CvaePrior) {
  static constexpr EnumName<CvaePrior> names[] = {{CvaePrior::StandardNormal, "standard-normal"},
                                                  {CvaePrior::Conditional, "conditional"}};
  return {"prior", names};
}

void CvaeConfig::check() const {
  check_size("input_dim", input_dim, kMaxDataDim);
  check_size("output_dim", output_dim, kMaxDataDim);
  check_size("latent_dim", latent_dim, kMaxLatentDim);
}

std::string CvaeConfig::describe() const {
  return "q(z|x,y) " + widths_text(input_dim + output_dim, hidden) + " > " + std::to_string(latent_dim) +
         ", p(y|x,z) " + widths_text(input_dim + latent_dim, hidden) + " > " + std::to_string(output_dim) +
         ", prior " + (prior == CvaePrior::Conditional ? "p(z|x)" : "N(0, I)") + ", " + to_string(activation);
}

}  // namespace latent
