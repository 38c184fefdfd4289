// Numbers in one-line messages: three significant digits ("0.001", "3e+06").
#pragma once
#include <cstdio>
#include <string>

namespace latent {

inline std::string number_text(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}

}  // namespace latent
