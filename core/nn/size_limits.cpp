// The one wording for a size out of its range.
#include "core/nn/size_limits.hpp"

#include <stdexcept>
#include <string>

namespace latent {

void check_size(const char* name, int value, int max) {
  if (value < 1 || value > max)
    throw std::invalid_argument("\"" + std::string(name) + "\" is " + std::to_string(value) +
                                "; use a whole number from 1 to " + std::to_string(max));
}

}  // namespace latent
