// Flushes denormal floats to zero on this thread for the lifetime of the
// object. Adam's moments of parameters that never get a gradient (weights
// of always-black pixels) decay geometrically into the denormal range,
// where x86 arithmetic is up to 100x slower; a training step that met them
// ran 4x slower after a few thousand steps.
#pragma once
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace latent {

class FlushDenormalsScope {
 public:
  FlushDenormalsScope() {
#if defined(__SSE__)
    saved_ = _mm_getcsr();
    _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero);
#endif
  }
  ~FlushDenormalsScope() {
#if defined(__SSE__)
    _mm_setcsr(saved_);
#endif
  }
  FlushDenormalsScope(const FlushDenormalsScope&) = delete;
  FlushDenormalsScope& operator=(const FlushDenormalsScope&) = delete;

 private:
  static constexpr unsigned kFlushToZero = 0x8000;      // MXCSR.FTZ
  static constexpr unsigned kDenormalsAreZero = 0x0040;  // MXCSR.DAZ
  unsigned saved_ = 0;
};

}  // namespace latent
