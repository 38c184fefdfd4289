// Checkpoint encoding and validated decoding (format documented in
// checkpoint.hpp); every rejection is one line naming the file and the fix.
#include "core/io/checkpoint.hpp"

#include <zlib.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace latent {
namespace {

constexpr size_t kMagicBytes = sizeof kCheckpointMagic;
constexpr size_t kFixedHeaderBytes = kMagicBytes + 4 + 4;  // magic, version, header length
constexpr size_t kChecksumBytes = 4;
constexpr size_t kMinimumFileBytes = kFixedHeaderBytes + kChecksumBytes;

constexpr const char* kRetrainHint = "retrain with `latentlab train ... --save`";

// ---- little-endian primitives

void append_u32_le(std::string& out, uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

uint32_t read_u32_le(std::string_view bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  return value;
}

void append_floats_le(std::string& out, const FloatBuffer& values) {
  const size_t start = out.size();
  out.resize(start + values.size() * sizeof(float));
  if constexpr (std::endian::native == std::endian::little) {
    if (!values.empty()) std::memcpy(out.data() + start, values.data(), values.size() * sizeof(float));
  } else {
    for (size_t i = 0; i < values.size(); ++i) {
      const uint32_t bits = std::bit_cast<uint32_t>(values[i]);
      for (int b = 0; b < 4; ++b) out[start + 4 * i + b] = static_cast<char>((bits >> (8 * b)) & 0xFF);
    }
  }
}

FloatBuffer read_floats_le(std::string_view bytes, size_t offset, size_t count) {
  FloatBuffer values(count);
  if constexpr (std::endian::native == std::endian::little) {
    if (count > 0) std::memcpy(values.data(), bytes.data() + offset, count * sizeof(float));
  } else {
    for (size_t i = 0; i < count; ++i) values[i] = std::bit_cast<float>(read_u32_le(bytes, offset + 4 * i));
  }
  return values;
}

uint32_t crc32_of(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes 32-bit lengths; feed large buffers in pieces.
  constexpr size_t kPiece = 1u << 30;
  for (size_t done = 0; done < bytes.size(); done += kPiece) {
    const size_t piece = std::min(kPiece, bytes.size() - done);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), static_cast<uInt>(piece));
  }
  return static_cast<uint32_t>(crc);
}

// ---- content checks shared by save and load, so what saves always loads

struct ContentProblem {
  std::string description;
  bool non_finite = false;  // a diverged run, rather than a malformed checkpoint
};

std::optional<ContentProblem> find_non_finite(const char* name, const FloatBuffer& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      const char* kind = std::isnan(values[i]) ? "NaN" : "Inf";
      return ContentProblem{std::string(name) + " hold " + kind + " at index " + std::to_string(i), true};
    }
  }
  return std::nullopt;
}

std::optional<ContentProblem> find_content_problem(const Checkpoint& checkpoint) {
  if (checkpoint.step < 0 || checkpoint.step > kMaxCheckpointStep)
    return ContentProblem{"\"step\" is " + std::to_string(checkpoint.step) + ", not from 0 to " +
                          std::to_string(kMaxCheckpointStep)};
  const size_t params = checkpoint.params.size();
  for (const auto& [name, moment] : {std::pair{"adam_m", &checkpoint.adam_m}, std::pair{"adam_v", &checkpoint.adam_v}}) {
    if (!moment->empty() && moment->size() != params) {
      return ContentProblem{std::string(name) + " has " + std::to_string(moment->size()) + " values but params has " +
                            std::to_string(params) + " (it must have 0 or as many)"};
    }
  }
  if (auto problem = find_non_finite("params", checkpoint.params)) return problem;
  if (auto problem = find_non_finite("adam_m", checkpoint.adam_m)) return problem;
  return find_non_finite("adam_v", checkpoint.adam_v);
}

std::string encode(const Checkpoint& checkpoint) {
  const nlohmann::json header = {
      {"model_kind", checkpoint.model_kind},
      {"architecture", checkpoint.architecture},
      {"step", checkpoint.step},
      {"lengths",
       {{"params", checkpoint.params.size()}, {"adam_m", checkpoint.adam_m.size()}, {"adam_v", checkpoint.adam_v.size()}}},
  };
  // ASCII only: a header cut short is then recognisable as text (see diagnose_broken_file).
  const std::string header_text = header.dump(-1, ' ', /*ensure_ascii=*/true);
  if (header_text.size() > std::numeric_limits<uint32_t>::max()) throw std::length_error("header over 4 GiB");

  std::string bytes(kCheckpointMagic, kMagicBytes);
  append_u32_le(bytes, kCheckpointVersion);
  append_u32_le(bytes, static_cast<uint32_t>(header_text.size()));
  bytes += header_text;
  append_floats_le(bytes, checkpoint.params);
  append_floats_le(bytes, checkpoint.adam_m);
  append_floats_le(bytes, checkpoint.adam_v);
  append_u32_le(bytes, crc32_of(bytes));
  return bytes;
}

// ---- decoding

[[noreturn]] void reject(const std::string& path, const std::string& problem_and_fix) {
  throw CheckpointError(path + ": " + problem_and_fix);
}

struct ArrayLengths {
  uint64_t params = 0, adam_m = 0, adam_v = 0;
};

std::optional<ArrayLengths> read_lengths(const nlohmann::json& header) {
  if (!header.is_object() || !header.contains("lengths") || !header["lengths"].is_object()) return std::nullopt;
  const nlohmann::json& lengths = header["lengths"];
  ArrayLengths result;
  for (const auto& [name, field] : {std::pair{"params", &result.params}, std::pair{"adam_m", &result.adam_m},
                                    std::pair{"adam_v", &result.adam_v}}) {
    if (!lengths.contains(name) || !lengths[name].is_number_unsigned()) return std::nullopt;
    *field = lengths[name].get<uint64_t>();
  }
  return result;
}

// The file size the header declares, or nothing if it declares none or an
// absurd one (over 2^62 bytes cannot be a real file and would overflow).
std::optional<uint64_t> expected_file_size(uint32_t header_length, const ArrayLengths& lengths) {
  constexpr uint64_t kLimit = uint64_t{1} << 60;
  if (lengths.params > kLimit || lengths.adam_m > kLimit || lengths.adam_v > kLimit) return std::nullopt;
  return kFixedHeaderBytes + header_length + sizeof(float) * (lengths.params + lengths.adam_m + lengths.adam_v) +
         kChecksumBytes;
}

std::optional<nlohmann::json> parse_header_quietly(std::string_view bytes, uint32_t header_length) {
  if (kFixedHeaderBytes + header_length > bytes.size()) return std::nullopt;
  nlohmann::json header = nlohmann::json::parse(bytes.substr(kFixedHeaderBytes, header_length), nullptr, false);
  if (header.is_discarded()) return std::nullopt;
  return header;
}

bool is_printable_ascii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

// The checksum failed. A file cut short (an interrupted copy or download) and a
// file with changed bytes need different words, so tell them apart: a cut file
// is shorter than its intact header declares, or ends inside its ASCII header.
[[noreturn]] void diagnose_broken_file(const std::string& path, std::string_view bytes) {
  const std::string truncated_fix = "the save or copy was cut short: copy it again or " + std::string(kRetrainHint);
  const uint32_t header_length = read_u32_le(bytes, kMagicBytes + 4);
  if (kFixedHeaderBytes + header_length > bytes.size()) {
    if (is_printable_ascii(bytes.substr(kFixedHeaderBytes))) {
      reject(path, "checkpoint is truncated (it ends inside its header, after " + std::to_string(bytes.size()) +
                       " bytes); " + truncated_fix);
    }
  } else if (const auto header = parse_header_quietly(bytes, header_length)) {
    if (const auto lengths = read_lengths(*header)) {
      const auto expected = expected_file_size(header_length, *lengths);
      if (expected && bytes.size() < *expected) {
        reject(path, "checkpoint is truncated (" + std::to_string(bytes.size()) + " of " + std::to_string(*expected) +
                         " bytes); " + truncated_fix);
      }
    }
  }
  reject(path, "checkpoint is damaged (checksum mismatch); restore it from a backup or " + std::string(kRetrainHint));
}

void check_signature_and_checksum(const std::string& path, std::string_view bytes) {
  const std::string_view magic(kCheckpointMagic, kMagicBytes);
  if (bytes.size() < kMagicBytes && magic.starts_with(bytes)) {
    reject(path, "checkpoint is truncated (" +
                     (bytes.empty() ? std::string("the file is empty") : std::to_string(bytes.size()) + " bytes") +
                     "); the save or copy was cut short: copy it again or " + kRetrainHint);
  }
  if (!bytes.starts_with(magic)) {
    reject(path, "not a Latent Lab checkpoint (it does not start with the LATLAB signature); "
                 "choose a file saved by `latentlab train ... --save`");
  }
  if (bytes.size() < kMinimumFileBytes) {
    reject(path, "checkpoint is truncated (only " + std::to_string(bytes.size()) +
                     " bytes); the save or copy was cut short: copy it again or " + kRetrainHint);
  }
  const size_t body_size = bytes.size() - kChecksumBytes;
  if (crc32_of(bytes.substr(0, body_size)) != read_u32_le(bytes, body_size)) diagnose_broken_file(path, bytes);
}

[[noreturn]] void reject_header(const std::string& path, const std::string& problem) {
  reject(path, "checkpoint header " + problem + "; the file was written by a faulty tool: restore a backup or " +
                   kRetrainHint);
}

}  // namespace

void save_checkpoint(const std::string& path, const Checkpoint& checkpoint) {
  if (const auto problem = find_content_problem(checkpoint)) {
    const std::string fix = problem->non_finite
                                ? "the run has diverged: lower the learning rate and resume from the last good checkpoint"
                                : "this is a bug in the caller: report it";
    throw IoError(path + ": refusing to save: " + problem->description + "; " + fix +
                  " (any existing file at this path is unchanged)");
  }
  std::string bytes;
  try {
    bytes = encode(checkpoint);
  } catch (const nlohmann::json::exception&) {
    // dump() throws only on strings that are not valid UTF-8.
    throw IoError(path + ": refusing to save: model_kind or architecture holds text that is not valid UTF-8; "
                         "fix the names in the model configuration (any existing file at this path is unchanged)");
  } catch (const std::length_error&) {
    throw IoError(path + ": refusing to save: the architecture description is over 4 GiB; "
                         "keep only the model configuration in it (any existing file at this path is unchanged)");
  }
  write_file_atomically(path, bytes);
}

Checkpoint load_checkpoint(const std::string& path) {
  std::string file;
  try {
    file = read_file_bytes(path);
  } catch (const IoError& error) {
    throw CheckpointError(error.what());
  }
  const std::string_view bytes(file);
  check_signature_and_checksum(path, bytes);

  const uint32_t version = read_u32_le(bytes, kMagicBytes);
  if (version != kCheckpointVersion) {
    reject(path, "checkpoint format version " + std::to_string(version) + ", this build reads version " +
                     std::to_string(kCheckpointVersion) + "; " + kRetrainHint +
                     " or open it with the version of Latent Lab that wrote it");
  }

  // The checksum matched, so anything wrong from here on was written that way.
  const uint32_t header_length = read_u32_le(bytes, kMagicBytes + 4);
  if (kFixedHeaderBytes + header_length + kChecksumBytes > bytes.size()) {
    reject_header(path, "length (" + std::to_string(header_length) + " bytes) runs past the end of the file (" +
                            std::to_string(bytes.size()) + " bytes)");
  }
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.substr(kFixedHeaderBytes, header_length));
  } catch (const nlohmann::json::parse_error& error) {
    reject_header(path, "is not valid JSON (error at byte " + std::to_string(error.byte) + " of the header)");
  }
  if (!header.is_object()) reject_header(path, "is not a JSON object");

  Checkpoint checkpoint;
  if (!header.contains("model_kind") || !header["model_kind"].is_string()) reject_header(path, "has no \"model_kind\" string");
  checkpoint.model_kind = header["model_kind"].get<std::string>();
  if (!header.contains("architecture")) reject_header(path, "has no \"architecture\"");
  checkpoint.architecture = header["architecture"];
  const nlohmann::json& step = header.contains("step") ? header["step"] : nlohmann::json();
  if (!step.is_number_integer() || (step.is_number_unsigned() && step.get<uint64_t>() > INT64_MAX)) {
    reject_header(path, "has no \"step\" integer");
  }
  checkpoint.step = step.get<int64_t>();

  const auto lengths = read_lengths(header);
  if (!lengths) reject_header(path, "has no \"lengths\" object with unsigned \"params\", \"adam_m\", \"adam_v\"");
  const auto expected = expected_file_size(header_length, *lengths);
  if (!expected || *expected != bytes.size()) {
    reject_header(path, "array lengths (" + std::to_string(lengths->params) + " + " + std::to_string(lengths->adam_m) +
                            " + " + std::to_string(lengths->adam_v) + " floats) do not match the file size (" +
                            std::to_string(bytes.size()) + " bytes)");
  }

  size_t offset = kFixedHeaderBytes + header_length;
  checkpoint.params = read_floats_le(bytes, offset, lengths->params);
  offset += sizeof(float) * lengths->params;
  checkpoint.adam_m = read_floats_le(bytes, offset, lengths->adam_m);
  offset += sizeof(float) * lengths->adam_m;
  checkpoint.adam_v = read_floats_le(bytes, offset, lengths->adam_v);

  if (const auto problem = find_content_problem(checkpoint)) {
    if (problem->non_finite) {
      reject(path, "checkpoint " + problem->description +
                       "; the run had diverged when it was saved: load an earlier checkpoint or retrain with a lower "
                       "learning rate");
    }
    reject_header(path, "is inconsistent: " + problem->description);
  }
  return checkpoint;
}

}  // namespace latent
