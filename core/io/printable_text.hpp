// User text quoted in an error message, made safe to print on one line:
// control characters and bytes that are not UTF-8 text become \xNN, and a
// long excerpt is cut with "...". Found needed by fuzzing the file parsers.
#pragma once
#include <cstdio>
#include <string>
#include <string_view>

namespace latent {

inline std::string printable_excerpt(std::string_view text, size_t max_bytes = 40) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", c);
      out += escaped;
    }
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

}  // namespace latent
