// The characters the window can draw: the ranges themselves, the UTF-8 walk
// that finds one it cannot, and a lesson that uses one refused by name.
#include <doctest/doctest.h>

#include <string>

#include "live/lessons/lesson_file.hpp"
#include "live/text/glyph_ranges.hpp"

using namespace latent;

TEST_CASE("glyph ranges: the lecture's symbols are drawable, combining marks and emoji are not") {
  for (char32_t c : {U'a', U'~', U'é', U'ĝ', U'θ', U'Σ', U'‖', U'′', U'⁻', U'₀', U'∇', U'∫', U'≤', U'▶'}) {
    CAPTURE(unsigned(c));
    CHECK(drawable(c));
  }
  for (char32_t c : {U'\u0302', U'\u4E2D', U'\U0001F600', U'\u0007'}) {
    CAPTURE(unsigned(c));
    CHECK_FALSE(drawable(c));
  }
  // The table is pairs of ascending, disjoint ranges.
  for (const std::uint16_t* r = kGlyphRanges; r[0] != 0; r += 2) {
    CHECK(r[0] <= r[1]);
    if (r[2] != 0) CHECK(r[1] < r[2]);
  }
}

TEST_CASE("glyph ranges: the UTF-8 walk finds the first undrawable character, and malformed bytes") {
  CHECK_FALSE(first_undrawable("ELBO = E_q[log p(x|z)] − KL(q ‖ p)\nβ = 4, ∇_φ, z ~ N(0, I)"));
  CHECK(first_undrawable("x\u0302(z) = f(z)") == U'\u0302');  // x̂ as x plus a combining hat
  CHECK(first_undrawable("ok then \U0001F600") == U'\U0001F600');
  CHECK(first_undrawable(std::string("bad \xC3", 5)) == U'\uFFFD');        // cut short
  CHECK(first_undrawable(std::string("bad \xE2\x28\xA1", 7)) == U'\uFFFD');  // not a continuation byte
  CHECK(first_undrawable(std::string("bad \xFF", 5)) == U'\uFFFD');
}

TEST_CASE("glyph ranges: a lesson with a character the window cannot draw is refused, naming the field") {
  const std::string text = R"J({"title": "T", "steps": [{"title": "S", "caption": "C", "formula": "x\u0302 = f(z)"}]})J";
  std::string message;
  try {
    parse_lesson(text, "hat", "/lessons/hat.json");
  } catch (const LessonError& e) {
    message = e.what();
  }
  CAPTURE(message);
  CHECK(message.find("/lessons/hat.json: steps[0].formula: has a character the window's font cannot draw (U+0302)") == 0);
  CHECK(message.find('\n') == std::string::npos);
}
