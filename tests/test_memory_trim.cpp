// The window's memory trim: its once-an-interval rule, and that a trim gives
// freed heap pages back to the system (resident memory, read from /proc).
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "live/stats/memory_trim.hpp"

namespace latent {

TEST_CASE("memory trim: at most once an interval, the first after one interval") {
  MemoryTrimmer trimmer(60.0);
  CHECK_FALSE(trimmer.tick(0.0));
  CHECK_FALSE(trimmer.tick(59.9));
  CHECK(trimmer.tick(60.0));
  CHECK_FALSE(trimmer.tick(100.0));
  CHECK_FALSE(trimmer.tick(119.9));
  CHECK(trimmer.tick(200.0));  // a late tick trims once, then counts from then
  CHECK_FALSE(trimmer.tick(259.0));
  CHECK(trimmer.tick(260.0));
}

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && \
    !(defined(__has_feature) && (__has_feature(address_sanitizer) || __has_feature(thread_sanitizer)))
namespace {

double resident_megabytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return -1.0;
}

}  // namespace

TEST_CASE("memory trim: freed heap blocks below the top go back to the system") {
  // 1,600 blocks of 64 KiB (under malloc's mmap threshold, so on the heap),
  // touched so they are resident; all but the last freed: the last one pins
  // the heap's top, so only a trim of free pages inside the heap helps.
  constexpr size_t kBlocks = 1600, kBytes = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks;
  for (size_t i = 0; i < kBlocks; ++i) {
    blocks.emplace_back(new char[kBytes]);
    for (size_t j = 0; j < kBytes; j += 4096) blocks.back()[j] = char(i + j);
  }
  for (size_t i = 0; i + 1 < kBlocks; ++i) blocks[i].reset();
  const double before = resident_megabytes();
  return_free_memory_to_system();
  const double after = resident_megabytes();
  INFO("resident before " << before << " MB, after " << after << " MB");
  CHECK(before - after > 50.0);  // of the ~100 MB freed
}
#endif

}  // namespace latent
