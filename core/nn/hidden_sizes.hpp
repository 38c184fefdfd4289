// Hidden-layer widths as people type them ("512-256": the command line, the
// app's fields) and as checkpoints keep them (a JSON list): one rule and one
// wording for all of them.
#pragma once
#include <string>
#include <vector>

#include "core/nn/size_limits.hpp"

namespace latent {

// "512-256" (or "512,256") -> {512, 256}: one to kMaxHiddenLayers widths, each
// a whole number from 1 to kMaxHiddenWidth. Throws std::invalid_argument with one
// line that quotes the text, says what is wrong and how to write it.
std::vector<int> parse_hidden_sizes(const std::string& text);

// {512, 256} -> "512-256", what parse_hidden_sizes reads back.
std::string hidden_sizes_text(const std::vector<int>& sizes);

// "784-512-256": a network's input width and then its hidden widths, as the
// configs' one-line descriptions show them.
std::string widths_text(int input, const std::vector<int>& hidden);

// The rule for widths that come as numbers (checkpoints): each one from 1
// to kMaxHiddenWidth, at most kMaxHiddenLayers of them; no hidden layer at all is allowed. Throws
// std::invalid_argument naming the first bad width.
void check_hidden_sizes(const std::vector<int>& sizes);

}  // namespace latent
