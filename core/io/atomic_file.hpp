// Whole-file reads and crash-safe whole-file writes: a reader of the path sees
// either the old file or the new one, never half of one.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace latent {

// A file could not be read or written. what() is one line: the path, what went
// wrong, and what to do about it.
struct IoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes bytes to a temporary file in the same directory as path, flushes and
// fsyncs it, then renames it over path, so a reader sees the old file or the
// new one, never half of one. On any failure removes the temporary, leaves any
// existing file at path untouched, and throws IoError with a one-line message
// naming path and the fix.
//
// The new file keeps the permission bits of the file it replaces (a fresh file
// gets 0666 minus the umask). A symlink at path is replaced by a regular file,
// not followed. A process killed mid-write can leave a hidden temporary named
// ".<name>.tmp.<pid>.<n>" next to path; it is never mistaken for path itself,
// and the next save to the same directory removes it once its process is gone
// (only such files of this user, never other files).
void write_file_atomically(const std::string& path, std::string_view bytes);

// The whole content of a file. Throws IoError naming the file.
std::string read_file_bytes(const std::string& path);

}  // namespace latent
