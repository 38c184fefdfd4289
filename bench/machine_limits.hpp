// The limits a benchmark figure is a fraction of, measured on the machine at
// hand: the FMA peak of its cores, how fast one core reads a buffer that
// stays in its caches, and how fast it updates buffers in place.
#pragma once
#include <cstddef>

namespace latent::bench {

// Single-precision GFLOP/s of back-to-back fused multiply-adds on `threads`
// threads (each pinned to its own core where the OS allows), at the widest
// vector this build targets (AVX-512, else AVX2+FMA, else scalar).
double fma_peak_gflops(int threads);

// The widest vector this build's FMA loop uses, for the report ("AVX-512").
const char* fma_vector_name();

// GB/s at which one thread sums a `bytes`-long float buffer it has just read
// (so it sits in whatever cache level holds that size).
double cached_read_gbps(size_t bytes);

// GB/s (bytes read plus bytes written) at which one thread updates three
// float buffers of `floats` each in place, element by element, as Adam
// updates the parameters and its two moments: read, a few FMAs, write back.
double in_place_update_gbps(size_t floats);

}  // namespace latent::bench
