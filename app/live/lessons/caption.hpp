// A step's formula with the live numbers written in: the template
// "ELBO {elbo} = {reconstruction} − {kl}" becomes "ELBO −251.4 = −244.6 − 6.9".
// The numbers of one caption come from one source each (one held-out
// evaluation, one set of bound figures, one probe), so they add up.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/train/snapshot.hpp"

namespace latent {

struct CaptionNumber {
  std::string name;     // as written in braces
  std::string source;   // where its value comes from; one line's numbers share one (besides "any")
  std::string meaning;  // one line, for the README and error messages
};
// Every name a template may use.
const std::vector<CaptionNumber>& caption_numbers();

// What is wrong with a template, as the end of a one-line message (empty if
// nothing): an unknown name, a bad {name:N}, an open brace, or numbers of
// two sources in one line (they could be of two different models).
std::string check_numbers(const std::string& numbers);

// The values on show now: held-out and training figures from the snapshot,
// the bound panel's and the gradient lab's from `figures` (what the panels
// recorded this frame; see PanelContext::figures_log). Names without a value yet are absent.
std::map<std::string, double> caption_values(const Snapshot& snapshot, const nlohmann::json& figures);

// Writes the values into the template. Nats get one decimal when the
// largest magnitude in the line is 10 or more, two otherwise ({kl:3} asks
// for 3); negative numbers get a real minus sign; a value not known yet is "…".
std::string render_numbers(const std::string& numbers, const std::map<std::string, double>& values);

}  // namespace latent
