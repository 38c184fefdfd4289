// Which characters the window can draw, and a UTF-8 walk to find one it cannot.
#include "live/text/glyph_ranges.hpp"

namespace latent {

bool drawable(char32_t c) {
  for (const std::uint16_t* r = kGlyphRanges; r[0] != 0; r += 2)
    if (c >= r[0] && c <= r[1]) return true;
  return false;
}

std::optional<char32_t> first_undrawable(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    // The sequence's length from its first byte; continuation bytes carry 6 bits each.
    const int length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + size_t(length) > text.size()) return U'\uFFFD';
    char32_t c = length == 1 ? b : b & (0xFF >> (length + 1));
    for (int k = 1; k < length; ++k) {
      const unsigned char cont = static_cast<unsigned char>(text[i + size_t(k)]);
      if ((cont >> 6) != 0x2) return U'\uFFFD';
      c = (c << 6) | (cont & 0x3F);
    }
    if (c != U'\n' && !drawable(c)) return c;
    i += size_t(length);
  }
  return std::nullopt;
}

}  // namespace latent
