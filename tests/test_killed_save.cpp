// A save killed in the middle (kill -9) keeps the old file, and the next save
// to the same folder removes the temporary it left, and nothing else.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>

#include "core/io/atomic_file.hpp"
#include "scratch_directory.hpp"

using namespace latent;
using latent::testing::ScratchDirectory;
using latent::testing::slurp;

namespace {

// In the child: a write past the size limit raises SIGXFSZ, whose handler
// stops the child right there, inside the save, with part of its temporary written.
void stop_on_file_size_limit(int) { ::raise(SIGSTOP); }

// Forks a child that starts saving `bytes` to `path` and is stopped with
// `limit` bytes of the temporary written; returns its pid, stopped.
pid_t child_stopped_mid_save(const std::string& path, const std::string& bytes, rlim_t limit) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::signal(SIGXFSZ, stop_on_file_size_limit);
    const rlimit small{limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &small);
    try {
      write_file_atomically(path, bytes);
    } catch (...) {
    }
    ::_exit(0);  // only reached if the save was not stopped
  }
  int status = 0;
  ::waitpid(child, &status, WUNTRACED);
  REQUIRE(WIFSTOPPED(status));
  return child;
}

}  // namespace

TEST_CASE("atomic: a save killed mid-write keeps the old file; the next save removes its leftover temporary") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  write_file_atomically(path, "the last good save");
  // Ours, but of a live process (this one): a save may be under way.
  // Appended, not concatenated: GCC 12 warns falsely (-Wrestrict) on const char* + std::string.
  const std::string live = std::string(".other.ckpt.tmp.").append(std::to_string(::getpid())).append(".99");
  dir.write(live, "a save in progress");
  dir.write("notes.tmp.1.2", "someone else's file");

  const pid_t child = child_stopped_mid_save(path, std::string(256 * 1024, 'x'), 4096);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  std::set<std::string> left = dir.entries();
  for (const std::string kept : {"model.ckpt", live.c_str(), "notes.tmp.1.2"}) CHECK(left.erase(kept) == 1);
  REQUIRE(left.size() == 1);
  const std::string leftover = *left.begin();
  CHECK(leftover.rfind(".model.ckpt.tmp." + std::to_string(child) + ".", 0) == 0);
  CHECK(slurp(dir.file(leftover)).size() == 4096);
  CHECK(slurp(path) == "the last good save");

  write_file_atomically(dir.file("another.ckpt"), "the next save, of another file in the folder");
  CHECK(dir.entries() == std::set<std::string>{"model.ckpt", "another.ckpt", live, "notes.tmp.1.2"});
  CHECK(slurp(path) == "the last good save");
}
