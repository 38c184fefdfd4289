// Checkpoint save and load, including every way a checkpoint file can be
// broken and the message each one gets.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

#include "core/io/atomic_file.hpp"
#include "core/io/checkpoint.hpp"
#include "scratch_directory.hpp"

namespace fs = std::filesystem;
using namespace latent;
using latent::testing::is_one_line_about;
using latent::testing::ScratchDirectory;
using latent::testing::slurp;
using latent::testing::spill;

namespace {

uint32_t crc_of(const std::string& bytes) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

void put_u32(std::string& bytes, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::string u32_bytes(uint32_t value) {
  std::string bytes(4, '\0');
  put_u32(bytes, 0, value);
  return bytes;
}

// Recomputes the trailing CRC, so a test can change one thing and only that thing.
std::string reseal(std::string bytes) {
  put_u32(bytes, bytes.size() - 4, crc_of(bytes.substr(0, bytes.size() - 4)));
  return bytes;
}

// A checkpoint file built by hand, with a correct checksum.
std::string assemble(uint32_t version, const std::string& header, const std::string& float_bytes) {
  std::string bytes(kCheckpointMagic, 8);
  bytes += u32_bytes(version) + u32_bytes(static_cast<uint32_t>(header.size())) + header + float_bytes;
  return bytes + u32_bytes(crc_of(bytes));
}

FloatBuffer counting_floats(size_t count, float scale) {
  FloatBuffer values(count);
  for (size_t i = 0; i < count; ++i) values[i] = scale * (0.1f + static_cast<float>(i)) * (i % 2 ? -1.f : 1.f);
  return values;
}

Checkpoint sample_checkpoint() {
  Checkpoint checkpoint;
  checkpoint.model_kind = "vae";
  checkpoint.architecture = {{"layers", {784, 64, 2}},
                             {"latent_size", 2},
                             {"likelihood", "bernoulli"},
                             {"dataset", "fashion-mnist"},
                             {"training", {{"learning_rate", 1e-3}, {"batch_size", 128}}}};
  checkpoint.step = 123456789012;
  checkpoint.params = counting_floats(40, 0.37f);
  // Values that a lossy text or rounding path would change.
  checkpoint.params[0] = -0.0f;
  checkpoint.params[1] = std::numeric_limits<float>::denorm_min();
  checkpoint.params[2] = std::numeric_limits<float>::max();
  checkpoint.params[3] = std::nextafter(1.0f, 2.0f);
  checkpoint.adam_m = counting_floats(40, 1e-3f);
  checkpoint.adam_v = counting_floats(40, 1e-6f);
  for (float& v : checkpoint.adam_v) v = std::abs(v);
  return checkpoint;
}

bool same_bits(const FloatBuffer& a, const FloatBuffer& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

void check_equal(const Checkpoint& loaded, const Checkpoint& saved) {
  CHECK(loaded.model_kind == saved.model_kind);
  CHECK(loaded.architecture == saved.architecture);
  CHECK(loaded.step == saved.step);
  CHECK(same_bits(loaded.params, saved.params));
  CHECK(same_bits(loaded.adam_m, saved.adam_m));
  CHECK(same_bits(loaded.adam_v, saved.adam_v));
}

// The message load_checkpoint gives, or "" if it (wrongly) succeeded.
std::string load_error(const std::string& path) {
  try {
    load_checkpoint(path);
  } catch (const CheckpointError& error) {
    return error.what();
  }
  return "";
}

size_t header_length_of(const std::string& bytes) {
  size_t length = 0;
  for (int i = 3; i >= 0; --i) length = (length << 8) | static_cast<unsigned char>(bytes[12 + i]);
  return length;
}

}  // namespace

TEST_CASE("checkpoint: round trip keeps every field bit for bit") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  const Checkpoint saved = sample_checkpoint();
  save_checkpoint(path, saved);
  check_equal(load_checkpoint(path), saved);
  CHECK(slurp(path).substr(0, 8) == std::string(kCheckpointMagic, 8));

  SUBCASE("without optimizer moments") {
    Checkpoint bare = saved;
    bare.adam_m.clear();
    bare.adam_v.clear();
    save_checkpoint(path, bare);
    check_equal(load_checkpoint(path), bare);
  }
  SUBCASE("an empty checkpoint") {
    save_checkpoint(path, Checkpoint{});
    check_equal(load_checkpoint(path), Checkpoint{});
  }
}

TEST_CASE("checkpoint: a flipped byte anywhere is reported and the file is left as it was") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  save_checkpoint(path, sample_checkpoint());
  const std::string intact = slurp(path);

  // Patch the one byte in place: truncating and rewriting the whole file each
  // time makes ext4 flush it to disk, which is slow on a busy machine.
  std::fstream patcher(path, std::ios::binary | std::ios::in | std::ios::out);
  for (size_t position = 0; position < intact.size(); ++position) {
    std::string damaged = intact;
    damaged[position] = static_cast<char>(damaged[position] ^ 0xFF);
    patcher.seekp(static_cast<std::streamoff>(position));
    patcher.put(damaged[position]).flush();
    const std::string message = load_error(path);
    CAPTURE(position);
    CAPTURE(message);
    CHECK(is_one_line_about(message, path));
    if (position < 8) {
      CHECK(message.find("not a Latent Lab checkpoint") != std::string::npos);
    } else {
      CHECK(message.find("checkpoint is damaged (checksum mismatch)") != std::string::npos);
    }
    REQUIRE(slurp(path) == damaged);
    patcher.seekp(static_cast<std::streamoff>(position));
    patcher.put(intact[position]).flush();
  }
}

TEST_CASE("checkpoint: a truncated file is reported as truncated") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  save_checkpoint(path, sample_checkpoint());
  const std::string intact = slurp(path);
  const size_t header_end = 16 + header_length_of(intact);

  for (const size_t length : {size_t{0}, size_t{3}, size_t{8}, size_t{12}, size_t{19}, size_t{20}, header_end - 10,
                              header_end, header_end + 2, header_end + 80, intact.size() - 4, intact.size() - 1}) {
    const std::string cut = intact.substr(0, length);
    spill(path, cut);
    const std::string message = load_error(path);
    CAPTURE(length);
    CAPTURE(message);
    CHECK(is_one_line_about(message, path));
    CHECK(message.find("checkpoint is truncated") != std::string::npos);
    CHECK(slurp(path) == cut);
  }
}

TEST_CASE("checkpoint: a file that is not a checkpoint is rejected") {
  ScratchDirectory dir;
  const std::string path = dir.file("notes.txt");
  for (const std::string& content : {std::string("these are lecture notes, not a model\n"),
                                    std::string("\x00\x00\x08\x03\x00\x00\xea\x60", 8) + std::string(64, '\x7f')}) {
    spill(path, content);
    const std::string message = load_error(path);
    CAPTURE(message);
    CHECK(is_one_line_about(message, path));
    CHECK(message.find("not a Latent Lab checkpoint") != std::string::npos);
  }
}

TEST_CASE("checkpoint: a different format version names both versions") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  save_checkpoint(path, sample_checkpoint());
  std::string newer = slurp(path);
  put_u32(newer, 8, 2);
  spill(path, reseal(newer));
  const std::string message = load_error(path);
  CAPTURE(message);
  CHECK(is_one_line_about(message, path));
  CHECK(message.find("checkpoint format version 2, this build reads version 1") != std::string::npos);
  CHECK(message.find("latentlab train") != std::string::npos);
}

TEST_CASE("checkpoint: NaN or Inf in the arrays is rejected on load") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  save_checkpoint(path, sample_checkpoint());
  const std::string intact = slurp(path);
  const size_t params_start = 16 + header_length_of(intact);

  std::string with_nan = intact;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(with_nan.data() + params_start + 5 * sizeof(float), &nan, sizeof nan);
  spill(path, reseal(with_nan));
  std::string message = load_error(path);
  CAPTURE(message);
  CHECK(is_one_line_about(message, path));
  CHECK(message.find("params hold NaN at index 5") != std::string::npos);

  std::string with_inf = intact;
  const float inf = std::numeric_limits<float>::infinity();
  const size_t last_adam_v = intact.size() - 4 - sizeof(float);
  std::memcpy(with_inf.data() + last_adam_v, &inf, sizeof inf);
  spill(path, reseal(with_inf));
  message = load_error(path);
  CHECK(message.find("adam_v hold Inf at index 39") != std::string::npos);
}

TEST_CASE("checkpoint: a header that is not usable JSON is rejected") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  spill(path, assemble(1, "{\"model_kind\": \"vae\", oops", ""));
  std::string message = load_error(path);
  CAPTURE(message);
  CHECK(is_one_line_about(message, path));
  CHECK(message.find("header is not valid JSON") != std::string::npos);

  spill(path, assemble(1, R"({"model_kind": "vae", "architecture": {}, "lengths": {"params": 0, "adam_m": 0, "adam_v": 0}})", ""));
  message = load_error(path);
  CHECK(message.find("has no \"step\"") != std::string::npos);
}

TEST_CASE("checkpoint: array lengths that disagree with the file size are rejected") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  const std::string nine_floats(9 * sizeof(float), '\0');
  for (const std::string params : {"10", "8", "18446744073709551615"}) {
    const std::string header = R"({"model_kind":"vae","architecture":{},"step":3,"lengths":{"params":)" + params +
                               R"(,"adam_m":0,"adam_v":0}})";
    spill(path, assemble(1, header, nine_floats));
    const std::string message = load_error(path);
    CAPTURE(message);
    CHECK(is_one_line_about(message, path));
    CHECK(message.find("do not match the file size") != std::string::npos);
  }
}

TEST_CASE("checkpoint: a step beyond 2^53 (2^63-1 would overflow at the next step) is refused, naming the value") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  for (const std::string step : {"9223372036854775807", "9007199254740993"}) {
    spill(path, assemble(1, R"({"model_kind":"vae","architecture":{},"step":)" + step +
                                R"(,"lengths":{"params":0,"adam_m":0,"adam_v":0}})", ""));
    const std::string message = load_error(path);
    CAPTURE(message);
    CHECK(is_one_line_about(message, path));
    CHECK(message.find("\"step\" is " + step) != std::string::npos);
  }
  Checkpoint huge = sample_checkpoint();
  huge.step = INT64_MAX;
  CHECK_THROWS_AS(save_checkpoint(path, huge), IoError);
}

TEST_CASE("checkpoint: a missing file is reported with its path") {
  ScratchDirectory dir;
  const std::string path = dir.file("never_saved.ckpt");
  const std::string message = load_error(path);
  CAPTURE(message);
  CHECK(is_one_line_about(message, path));
  CHECK(dir.entries().empty());
}

TEST_CASE("checkpoint: a diverged or malformed checkpoint is refused on save and the old file stays") {
  ScratchDirectory dir;
  const std::string path = dir.file("model.ckpt");
  save_checkpoint(path, sample_checkpoint());
  const std::string good = slurp(path);

  Checkpoint diverged = sample_checkpoint();
  diverged.params[7] = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(save_checkpoint(path, diverged), IoError);

  Checkpoint mismatched = sample_checkpoint();
  mismatched.adam_m.pop_back();
  CHECK_THROWS_AS(save_checkpoint(path, mismatched), IoError);

  CHECK(slurp(path) == good);
  CHECK(dir.entries() == std::set<std::string>{"model.ckpt"});
}

TEST_CASE("checkpoint: a failed save (path is a directory) leaves the old checkpoint intact") {
  ScratchDirectory dir;
  fs::create_directories(dir.path() / "runs");
  const std::string old_path = dir.file("runs/model.ckpt");
  const Checkpoint old = sample_checkpoint();
  save_checkpoint(old_path, old);
  const std::string old_bytes = slurp(old_path);

  for (const std::string& target : {dir.file("runs"), dir.file("runs") + "/"}) {
    std::string message;
    try {
      save_checkpoint(target, Checkpoint{});
    } catch (const IoError& error) {
      message = error.what();
    }
    CAPTURE(message);
    CHECK(is_one_line_about(message, target));
    CHECK(message.find("directory") != std::string::npos);
  }
  CHECK(slurp(old_path) == old_bytes);
  check_equal(load_checkpoint(old_path), old);
  CHECK(dir.entries() == std::set<std::string>{"runs"});
  CHECK(std::distance(fs::directory_iterator(dir.path() / "runs"), fs::directory_iterator()) == 1);
}
