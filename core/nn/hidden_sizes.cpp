// Reading, writing and checking hidden-layer widths.
#include "core/nn/hidden_sizes.hpp"

#include <algorithm>
#include <stdexcept>

namespace latent {

namespace {

constexpr const char* kHowToWrite = "write them like 512-256";

std::string width_problem(const std::string& width) {
  return width + " is not a width from 1 to " + std::to_string(kMaxHiddenWidth);
}

std::string layers_problem(size_t count) {
  return std::to_string(count) + " hidden layers are more than " + std::to_string(kMaxHiddenLayers);
}

std::string trimmed(const std::string& s) {
  const size_t first = s.find_first_not_of(' ');
  return first == std::string::npos ? "" : s.substr(first, s.find_last_not_of(' ') - first + 1);
}

}  // namespace

std::vector<int> parse_hidden_sizes(const std::string& text) {
  auto fail = [&](const std::string& problem) {
    throw std::invalid_argument("hidden sizes '" + text + "': " + problem + "; " + kHowToWrite);
  };
  if (trimmed(text).empty()) fail("no widths given");
  std::vector<int> sizes;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find_first_of("-,", start), text.size());
    const std::string part = trimmed(text.substr(start, end - start));
    if (part.empty()) fail("a width is missing (a separator at an end, or two in a row)");
    if (!std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
      fail("'" + part + "' is not a whole number");
    // More digits than any allowed width has: out of range, and maybe too long for stoi.
    const int width = part.size() > 5 ? kMaxHiddenWidth + 1 : std::stoi(part);
    if (width < 1 || width > kMaxHiddenWidth) fail(width_problem(part));
    sizes.push_back(width);
    start = end + 1;
  }
  if (sizes.size() > size_t(kMaxHiddenLayers)) fail(layers_problem(sizes.size()));
  return sizes;
}

std::string hidden_sizes_text(const std::vector<int>& sizes) {
  std::string text;
  for (int width : sizes) {
    if (!text.empty()) text += '-';
    text += std::to_string(width);
  }
  return text;
}

std::string widths_text(int input, const std::vector<int>& hidden) {
  return std::to_string(input) + (hidden.empty() ? "" : "-") + hidden_sizes_text(hidden);
}

void check_hidden_sizes(const std::vector<int>& sizes) {
  if (sizes.size() > size_t(kMaxHiddenLayers)) throw std::invalid_argument(layers_problem(sizes.size()));
  for (int width : sizes)
    if (width < 1 || width > kMaxHiddenWidth) throw std::invalid_argument(width_problem(std::to_string(width)));
}

}  // namespace latent
