// The safetensors format PyTorch users share weights in: an 8-byte
// little-endian header length N, N bytes of JSON naming each tensor's dtype,
// shape and byte range, then the raw bytes. Float32 tensors only.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace latent {

// A safetensors file could not be read or written. what() is one line: the
// path, the tensor or field, what is wrong and what to do about it.
struct SafetensorsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct NamedTensor {
  std::vector<int64_t> shape;  // row-major, as PyTorch stores it
  std::vector<float> values;   // product(shape) values
};

struct SafetensorsFile {
  std::map<std::string, NamedTensor> tensors;
  std::map<std::string, std::string> metadata;  // the header's "__metadata__": strings only, per the format
};

// Reads and checks the whole file before anything is returned: the header's
// length against the file's size, its JSON, every tensor's dtype (F32 only),
// shape and byte range (inside the data, matching the shape, not overlapping).
// Throws SafetensorsError.
SafetensorsFile read_safetensors(const std::string& path);

// Writes atomically (see write_file_atomically). Throws IoError.
void write_safetensors(const std::string& path, const SafetensorsFile& file);

}  // namespace latent
