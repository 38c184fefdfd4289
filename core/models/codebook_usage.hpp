// How a set of examples spreads over a codebook of K entries: counts per
// entry, the perplexity of that spread and the dead entries.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace latent {

struct CodebookUsage {
  std::vector<int64_t> counts;  // (K): examples whose nearest entry is k

  explicit CodebookUsage(int entries = 0) : counts(size_t(entries), 0) {}
  void add(const std::vector<int>& codes);  // one count per index in [0, K)

  int64_t total() const;
  // exp(H(p)) with p the empirical frequencies (0 log 0 = 0): the number of
  // equally used entries that would give the same entropy; m for uniform use
  // of m entries, 1 when one entry takes everything, 0 with no examples.
  double perplexity() const;
  int dead() const;  // entries no example uses
};

}  // namespace latent
