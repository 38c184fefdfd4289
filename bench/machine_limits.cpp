// FMA peak, cached read and in-place update bandwidth: tight loops with enough independent
// accumulators to hide the FMA latency (4 cycles, 2 ports: 8 chains in flight).
#include "bench/machine_limits.hpp"

#if defined(__AVX512F__) || defined(__FMA__)
#include <immintrin.h>
#endif
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

namespace latent::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kChains = 12;  // more than latency x ports on every current x86 core

#if defined(__AVX512F__)
using Vec = __m512;
constexpr int kLanes = 16;
inline Vec splat(float v) { return _mm512_set1_ps(v); }
inline Vec fma(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
inline float lane0(Vec v) { return _mm512_cvtss_f32(v); }
#elif defined(__FMA__)
using Vec = __m256;
constexpr int kLanes = 8;
inline Vec splat(float v) { return _mm256_set1_ps(v); }
inline Vec fma(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
inline float lane0(Vec v) { return _mm256_cvtss_f32(v); }
#else
using Vec = float;
constexpr int kLanes = 1;
inline Vec splat(float v) { return v; }
inline Vec fma(Vec a, Vec b, Vec c) { return a * b + c; }
inline float lane0(Vec v) { return v; }
#endif

// FLOPs done by `iterations` rounds of kChains FMAs; the result is returned
// so the compiler cannot drop the loop.
float fma_rounds(long iterations) {
  Vec acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = splat(1.0f + 0.001f * c);
  const Vec a = splat(0.999999f), b = splat(1e-7f);
  for (long i = 0; i < iterations; ++i)
    for (int c = 0; c < kChains; ++c) acc[c] = fma(acc[c], a, b);
  float sum = 0.0f;
  for (int c = 0; c < kChains; ++c) sum += lane0(acc[c]);
  return sum;
}

void pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu % int(std::max(1u, std::thread::hardware_concurrency())), &set);
  pthread_setaffinity_np(pthread_self(), sizeof(set), &set);  // best effort: a failure only weakens the figure
}

}  // namespace

const char* fma_vector_name() { return kLanes == 16 ? "AVX-512" : kLanes == 8 ? "AVX2+FMA" : "scalar"; }

double fma_peak_gflops(int threads) {
  const long iterations = 50'000'000;
  double best = 0.0;
  for (int repeat = 0; repeat < 7; ++repeat) {  // best of 7: the peak is what the core can do
    std::vector<std::thread> team;
    std::vector<float> sink(threads);
    const auto t0 = Clock::now();
    for (int t = 0; t < threads; ++t)
      team.emplace_back([&, t] {
        pin_to_cpu(t);
        sink[t] = fma_rounds(iterations);
      });
    for (auto& th : team) th.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const double flops = 2.0 * kLanes * kChains * double(iterations) * threads;
    if (sink[0] != 0.0f) best = std::max(best, flops / seconds / 1e9);
  }
  return best;
}

double cached_read_gbps(size_t bytes) {
  std::vector<float> buffer(bytes / sizeof(float), 1.0f);
  const size_t n = buffer.size() / (kChains * kLanes) * (kChains * kLanes);
  auto sweep = [&] {
    Vec acc[kChains];
    for (auto& a : acc) a = splat(0.0f);
    const Vec one = splat(1.0f);
    for (size_t i = 0; i < n; i += kChains * kLanes)
      for (int c = 0; c < kChains; ++c) {
#if defined(__AVX512F__)
        acc[c] = fma(_mm512_loadu_ps(&buffer[i + c * kLanes]), one, acc[c]);
#elif defined(__FMA__)
        acc[c] = fma(_mm256_loadu_ps(&buffer[i + c * kLanes]), one, acc[c]);
#else
        acc[c] = fma(buffer[i + c], one, acc[c]);
#endif
      }
    float sum = 0.0f;
    for (auto& a : acc) sum += lane0(a);
    return sum;
  };
  volatile float sink = sweep();  // bring the buffer into cache
  double best = 0.0;
  for (int repeat = 0; repeat < 200; ++repeat) {
    const auto t0 = Clock::now();
    sink = sweep();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::max(best, double(n * sizeof(float)) / seconds / 1e9);
  }
  (void)sink;
  return best;
}

double in_place_update_gbps(size_t floats) {
  std::vector<float> p(floats, 1.0f), m(floats, 0.5f), v(floats, 0.25f);
  // No dependence between elements: the compiler vectorizes it, and only
  // the memory system limits it.
  auto sweep = [&] {
    float* __restrict pp = p.data();
    float* __restrict mp = m.data();
    float* __restrict vp = v.data();
    for (size_t i = 0; i < floats; ++i) {
      const float mi = 0.9f * mp[i] + 0.01f, vi = 0.999f * vp[i] + 0.001f;
      mp[i] = mi;
      vp[i] = vi;
      pp[i] = pp[i] - 1e-6f * mi * vi;
    }
  };
  sweep();  // bring the buffers into cache
  double best = 0.0;
  for (int repeat = 0; repeat < 50; ++repeat) {
    const auto t0 = Clock::now();
    sweep();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::max(best, 6.0 * sizeof(float) * double(floats) / seconds / 1e9);
  }
  volatile float sink = p[floats / 2];  // the result is used: the loop stays
  (void)sink;
  return best;
}

}  // namespace latent::bench
