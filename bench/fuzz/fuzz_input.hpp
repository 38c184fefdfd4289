// What every fuzz target shares: the fuzzer's bytes as a file (the parsers
// read paths, as the program does), and the rule each target checks: a
// parser returns, or throws its own error type whose message is one line
// naming the file; anything else (another exception, a crash, a sanitizer
// report) is a finding.
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace latent::fuzz {

// A folder of this process's own under $TMPDIR (/dev/shm when it exists: no disk writes).
inline const std::string& scratch() {
  static const std::string dir = [] {
    const std::string base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path().string();
    const std::string d = base + "/latentlab_fuzz_" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline std::string write_input(const std::string& name, const uint8_t* data, size_t size) {
  const std::string path = scratch() + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
  return path;
}

// The message a parser threw: one line of printable text starting with the
// file's path and a colon ("FILE: ..." or "FILE:LINE: ...").
inline void check_message(const std::string& message, const std::string& path) {
  bool printable = true;
  for (unsigned char c : message) printable = printable && c >= 0x20 && c != 0x7f;
  if (message.rfind(path + ":", 0) != 0 || !printable) {
    std::fprintf(stderr, "bad error message (must be one printable line starting with '%s:'):\n%s\n", path.c_str(),
                 message.c_str());
    std::abort();
  }
}

}  // namespace latent::fuzz
