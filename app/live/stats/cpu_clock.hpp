// CPU time of this thread and of the whole process, in seconds: what the
// frame statistics and the per-panel costs are measured in (wall time on a
// busy two-core machine also counts waiting for a core).
#pragma once
#include <time.h>

namespace latent {

inline double cpu_seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}
inline double thread_cpu_seconds() { return cpu_seconds(CLOCK_THREAD_CPUTIME_ID); }
inline double process_cpu_seconds() { return cpu_seconds(CLOCK_PROCESS_CPUTIME_ID); }

}  // namespace latent
