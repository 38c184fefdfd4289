// The characters the window's font is built with (Latin, Greek, math,
// arrows, sub- and superscripts), shared by the font loader and the lesson
// reader, so a lesson that needs a character the window cannot draw is
// refused by name instead of showing "?" to a class.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace latent {

// Pairs of first and last code points, then 0, as ImGui's AddFontFromFileTTF takes them.
inline constexpr std::uint16_t kGlyphRanges[] = {0x0020, 0x00FF,   // Basic Latin, Latin-1
                                                 0x0100, 0x017F,   // Latin Extended-A (ĝ)
                                                 0x0370, 0x03FF,   // Greek
                                                 0x2010, 0x205E,   // punctuation: dashes, ‖, ′, ·
                                                 0x2070, 0x209F,   // superscripts and subscripts
                                                 0x2190, 0x21FF,   // arrows
                                                 0x2200, 0x22FF,   // mathematical operators
                                                 0x25A0, 0x25FF,   // geometric shapes (▶ ◀)
                                                 0};

bool drawable(char32_t code_point);

// The first character of UTF-8 `text` the window cannot draw (a code point
// outside kGlyphRanges other than a newline), or nothing. Malformed UTF-8
// counts as undrawable (U+FFFD).
std::optional<char32_t> first_undrawable(std::string_view text);

}  // namespace latent
