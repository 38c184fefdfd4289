// A history that grows with the run (the gradient lab's probes), kept in
// bounded memory: past its limit, every other entry of the older half goes,
// so it still spans the whole run, sparser further back.
#pragma once
#include <cstddef>
#include <vector>

namespace latent {

// Appends `value`; if the history then holds more than `limit` (>= 4)
// entries, drops every second entry of its older half, keeping the first.
template <typename T>
void push_bounded(std::vector<T>& history, T value, size_t limit) {
  history.push_back(std::move(value));
  if (history.size() <= limit) return;
  const size_t older = history.size() / 2;
  size_t kept = 0;
  for (size_t i = 0; i < history.size(); ++i)
    if (i >= older || i % 2 == 0) history[kept++] = std::move(history[i]);
  history.resize(kept);
}

}  // namespace latent
