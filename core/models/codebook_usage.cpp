// Counts, perplexity and dead entries of a codebook's usage.
#include "core/models/codebook_usage.hpp"

#include <cmath>
#include <stdexcept>

namespace latent {

void CodebookUsage::add(const std::vector<int>& codes) {
  for (int k : codes) {
    if (k < 0 || size_t(k) >= counts.size()) throw std::out_of_range("codebook usage: index outside the codebook");
    ++counts[size_t(k)];
  }
}

int64_t CodebookUsage::total() const {
  int64_t n = 0;
  for (int64_t c : counts) n += c;
  return n;
}

double CodebookUsage::perplexity() const {
  const int64_t n = total();
  if (n == 0) return 0.0;
  double entropy = 0.0;
  for (int64_t c : counts)
    if (c > 0) {
      const double p = double(c) / double(n);
      entropy -= p * std::log(p);
    }
  return std::exp(entropy);
}

int CodebookUsage::dead() const {
  int d = 0;
  for (int64_t c : counts) d += c == 0;
  return d;
}

}  // namespace latent
