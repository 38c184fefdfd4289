// MemoryTrimmer: a clock rule and glibc's malloc_trim.
#include "live/stats/memory_trim.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace latent {

bool MemoryTrimmer::tick(double now) {
  if (now - last_ < interval_) return false;
  last_ = now;
  return_free_memory_to_system();
  return true;
}

bool return_free_memory_to_system() {
#if defined(__GLIBC__)
  return malloc_trim(0) != 0;
#else
  return false;
#endif
}

}  // namespace latent
