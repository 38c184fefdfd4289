// Atomic file writes (core/io/atomic_file): a replaced file is whole, old or
// new, whatever fails halfway, and no temporary is ever left behind.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/io/atomic_file.hpp"
#include "scratch_directory.hpp"

namespace fs = std::filesystem;
using namespace latent;
using latent::testing::is_one_line_about;
using latent::testing::ScratchDirectory;
using latent::testing::slurp;

TEST_CASE("atomic: writing over an existing file replaces it and leaves no temporary") {
  ScratchDirectory dir;
  const std::string path = dir.file("settings.json");
  write_file_atomically(path, "old contents, longer than the new ones");
  write_file_atomically(path, "new");
  CHECK(slurp(path) == "new");
  CHECK(read_file_bytes(path) == "new");
  write_file_atomically(path, "");
  CHECK(read_file_bytes(path).empty());
  CHECK(dir.entries() == std::set<std::string>{"settings.json"});
}

TEST_CASE("atomic: a reader that opened the old file keeps reading the old file") {
  // The old file is replaced, not rewritten in place: its inode is untouched.
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  write_file_atomically(path, "old bytes");
  std::ifstream reader(path, std::ios::binary);
  write_file_atomically(path, "new bytes");
  std::string seen;
  std::getline(reader, seen);
  CHECK(seen == "old bytes");
  CHECK(slurp(path) == "new bytes");
}

// Makes writes past max_bytes fail with EFBIG for its lifetime: a disk that
// fills up halfway through a save, without needing a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t max_bytes) {
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    ::getrlimit(RLIMIT_FSIZE, &old_limit_);
    rlimit limited = old_limit_;
    limited.rlim_cur = max_bytes;
    ::setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old_limit_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit old_limit_{};
  void (*old_handler_)(int) = nullptr;
};

TEST_CASE("atomic: a write that fails halfway leaves the old file and no temporary") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  write_file_atomically(path, "the last good save");
  const std::string too_big(256 * 1024, 'x');
  std::string message;
  {
    FileSizeLimit limit(64 * 1024);
    try {
      write_file_atomically(path, too_big);
    } catch (const IoError& error) {
      message = error.what();
    }
  }
  CAPTURE(message);
  CHECK(is_one_line_about(message, path));
  CHECK(slurp(path) == "the last good save");
  CHECK(dir.entries() == std::set<std::string>{"model.ckpt"});
}

TEST_CASE("atomic: replacing a file keeps its permission bits") {
  ScratchDirectory dir;
  const std::string path = dir.file("private.ckpt");
  write_file_atomically(path, "first");
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  write_file_atomically(path, "second");
  CHECK(fs::status(path).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("atomic: writing into a missing directory throws and touches nothing else") {
  ScratchDirectory dir;
  const std::string bystander = dir.file("keep.txt");
  write_file_atomically(bystander, "keep me");
  const std::string path = dir.file("no_such_dir/out.bin");

  std::string message;
  try {
    write_file_atomically(path, "bytes");
  } catch (const IoError& error) {
    message = error.what();
  }
  CAPTURE(message);
  CHECK(is_one_line_about(message, path));
  CHECK(message.find("does not exist") != std::string::npos);
  CHECK(slurp(bystander) == "keep me");
  CHECK(dir.entries() == std::set<std::string>{"keep.txt"});
}

TEST_CASE("atomic: reading a missing file names it") {
  ScratchDirectory dir;
  const std::string path = dir.file("absent.bin");
  std::string message;
  try {
    read_file_bytes(path);
  } catch (const IoError& error) {
    message = error.what();
  }
  CAPTURE(message);
  CHECK(is_one_line_about(message, path));
}
