// A fresh directory per test under the system temp dir, removed with all it
// holds, and plain stdio reads and writes, so file tests do not trust the code they test.
#pragma once
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

namespace latent::testing {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void spill(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Whether `message` is one line that starts by naming `path`, as every file error must.
inline bool is_one_line_about(const std::string& message, const std::string& path) {
  return message.rfind(path + ": ", 0) == 0 && message.find('\n') == std::string::npos;
}

// The message of the exception E that f throws, or "(no error)".
template <typename E, typename F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

class ScratchDirectory {
 public:
  ScratchDirectory() {
    static std::atomic<int> counter{0};  // atomic: doctest may one day run cases on several threads
    const auto nonce = std::random_device{}();
    path_ = std::filesystem::temp_directory_path() /
            ("latentlab_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
             std::to_string(nonce));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Writes `bytes` to `name` here and returns its path.
  std::string write(const std::string& name, const std::string& bytes) const {
    spill(file(name), bytes);
    return file(name);
  }
  std::set<std::string> entries() const {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) names.insert(entry.path().filename().string());
    return names;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace latent::testing
