// Whole-file reads and crash-safe whole-file writes (temporary file, fsync,
// rename) over POSIX calls, with one-line errors that name the file and the fix.
#include "core/io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>

namespace latent {
namespace {

struct ErrnoAdvice {
  std::string reason;
  std::string fix;
};

// Turns an errno from creating, writing or renaming into words a student can act on.
ErrnoAdvice advice_for_write_errno(int err, const std::string& path, const std::string& directory) {
  switch (err) {
    case ENOENT: {
      // Some directories exist yet refuse new files with ENOENT (/proc, /sys).
      std::error_code ignored;
      if (std::filesystem::is_directory(directory, ignored)) {
        return {"cannot create files in " + directory, "choose another directory"};
      }
      return {"directory " + directory + " does not exist", "create it first or choose another path"};
    }
    case ENOTDIR:
      return {"part of the path is a file, not a directory", "check the path"};
    case EACCES:
    case EPERM:
      return {"permission denied in " + directory, "choose a directory you can write to"};
    case EROFS:
      return {"the file system is read-only", "choose a writable location"};
    case ENOSPC:
    case EDQUOT:
      return {"no space left on the device", "free some disk space and save again"};
    case EISDIR:
      return {"the path is a directory", "give a file name inside it, e.g. " +
                                             (std::filesystem::path(path) / "model.ckpt").lexically_normal().string()};
    case ENAMETOOLONG:
      return {"the file name is too long", "choose a shorter name"};
    default:
      return {std::strerror(err), "check the path and the disk"};
  }
}

[[noreturn]] void throw_write_error(const std::string& path, int err, const std::string& directory) {
  const ErrnoAdvice advice = advice_for_write_errno(err, path, directory);
  throw IoError(path + ": cannot save: " + advice.reason + "; " + advice.fix +
                " (any existing file at this path is unchanged)");
}

[[noreturn]] void throw_read_error(const std::string& path, int err) {
  std::string fix = "check the path";
  if (err == EACCES || err == EPERM) fix = "check the file's permissions";
  if (err == EISDIR) fix = "give the path of a file inside that directory";
  throw IoError(path + ": cannot read: " + std::strerror(err) + "; " + fix);
}

// Owns the temporary while it is being written: closes and deletes it unless
// the rename has already made it the real file.
class TemporaryFile {
 public:
  TemporaryFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!renamed_) ::unlink(path_.c_str());
  }

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

  // Returns 0 or the errno: close() can report a delayed write error (NFS, quota).
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }
  void mark_renamed() { renamed_ = true; }

 private:
  int fd_;
  std::string path_;
  bool renamed_ = false;
};

// Unique within this process; the pid makes it unique across processes.
// Atomic because saves may run on the trainer thread and the UI thread at once.
std::atomic<uint64_t> temporary_counter{0};

// Creates the temporary next to path (same directory, so rename stays on one
// file system and is atomic). O_EXCL: never reuse a file someone else made.
int create_temporary(const std::string& directory, const std::string& file_name, std::string& temp_path) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp_path = directory + "/." + file_name + ".tmp." + std::to_string(::getpid()) + "." +
                std::to_string(temporary_counter.fetch_add(1));
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

// The pid in a name of our temporaries' shape, ".<name>.tmp.<pid>.<n>", or nothing.
std::optional<pid_t> temporary_owner(const std::string& name) {
  const size_t last_dot = name.rfind('.');
  if (name.size() < 2 || name[0] != '.' || last_dot == std::string::npos || last_dot == 0) return std::nullopt;
  const size_t pid_dot = name.rfind('.', last_dot - 1);
  if (pid_dot == std::string::npos || pid_dot < 5 || name.compare(pid_dot - 4, 4, ".tmp") != 0) return std::nullopt;
  const std::string pid = name.substr(pid_dot + 1, last_dot - pid_dot - 1), n = name.substr(last_dot + 1);
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digits(pid) || !digits(n) || std::stoll(pid) > std::numeric_limits<pid_t>::max()) return std::nullopt;
  return pid_t(std::stoll(pid));
}

// A save killed mid-write (kill -9, a power cut) leaves its temporary behind;
// the next save to the same directory removes such leftovers: files of our
// temporaries' shape, owned by this user, whose process is gone or that are
// older than a day (the pid may have been reused). Never anything else.
void remove_stale_temporaries(const std::string& directory) {
  constexpr auto kStaleAge = std::chrono::hours(24);
  std::error_code error;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    const std::optional<pid_t> owner = temporary_owner(name);
    struct stat info {};
    if (!owner || ::lstat(it->path().c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_uid != ::getuid())
      continue;
    const bool gone = *owner > 0 && ::kill(*owner, 0) != 0 && errno == ESRCH;
    const auto age = std::chrono::system_clock::now() - std::chrono::system_clock::from_time_t(info.st_mtime);
    if (gone || age > kStaleAge) ::unlink(it->path().c_str());
  }
}

int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return 0;
}

// After the rename the new file is in place; syncing the directory only makes
// the rename itself survive a power cut. A failure here must not be reported
// as "not saved", so it is ignored.
void sync_directory_best_effort(const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view bytes) {
  const std::filesystem::path target(path);
  const std::string file_name = target.filename().string();
  if (file_name.empty() || file_name == "." || file_name == "..") throw_write_error(path, EISDIR, path);
  const std::string directory = target.has_parent_path() ? target.parent_path().string() : ".";

  remove_stale_temporaries(directory);
  std::string temp_path;
  const int fd = create_temporary(directory, file_name, temp_path);
  if (fd < 0) throw_write_error(path, errno, directory);
  TemporaryFile temporary(fd, temp_path);

  // Keep a private file private: replacing it must not widen its permissions.
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    ::fchmod(temporary.fd(), existing.st_mode & 07777);
  }

  if (const int err = write_all(temporary.fd(), bytes)) throw_write_error(path, err, directory);
  if (::fsync(temporary.fd()) != 0) throw_write_error(path, errno, directory);
  if (const int err = temporary.close()) throw_write_error(path, err, directory);
  if (::rename(temporary.path().c_str(), path.c_str()) != 0) throw_write_error(path, errno, directory);
  temporary.mark_renamed();
  sync_directory_best_effort(directory);
}

std::string read_file_bytes(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_read_error(path, errno);

  std::string bytes;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) bytes.reserve(static_cast<size_t>(info.st_size));

  // Read to end of file rather than trusting st_size: the file may be growing
  // or be a pipe; a directory fails here with EISDIR.
  char chunk[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      throw_read_error(path, err);
    }
    bytes.append(chunk, static_cast<size_t>(got));
  }
  ::close(fd);
  return bytes;
}

}  // namespace latent
