// Gives memory the allocator keeps but no one uses back to the system, once a
// minute: the window's frames free buffers of many sizes, and glibc's malloc
// keeps the freed pages in its arenas (the one-hour Fashion-MNIST soak grew
// by 17 MB in steps of free chunks, not of data in use).
#pragma once

namespace latent {

class MemoryTrimmer {
 public:
  explicit MemoryTrimmer(double interval_seconds = 60.0) : interval_(interval_seconds) {}
  // Called every frame with the window's clock (seconds); trims when an
  // interval has passed since the last trim (the first one after an interval
  // from 0). Returns whether it trimmed.
  bool tick(double now);

 private:
  double interval_;
  double last_ = 0.0;
};

// malloc_trim(0) where the C library has it (glibc: every arena, free pages
// inside the heap too); nothing elsewhere. Returns whether memory went back.
bool return_free_memory_to_system();

}  // namespace latent
