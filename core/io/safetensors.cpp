// Reading and writing safetensors files; every size is checked against the
// file before a tensor is allocated.
#include "core/io/safetensors.hpp"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/io/atomic_file.hpp"
#include "core/io/printable_text.hpp"

namespace latent {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100'000'000;  // the format's own limit on the JSON header

struct Range {
  uint64_t begin, end;
  std::string name;
};

uint64_t read_u64_le(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | uint8_t(p[i]);
  return v;
}

// One tensor's header entry, checked against the data's size; the values
// are copied only after every entry has been checked.
Range check_entry(const std::string& path, const std::string& name, const nlohmann::json& entry,
                  uint64_t data_bytes, std::vector<int64_t>& shape) {
  // The name and the dtype are the file's text: quoted printable (a DEL in a name, found by fuzzing).
  auto fail = [&](const std::string& what) {
    return SafetensorsError(path + ": tensor '" + printable_excerpt(name) + "': " + what);
  };
  if (!entry.is_object()) throw fail("its header entry is not an object; the file is not a safetensors file");
  const auto dtype = entry.find("dtype");
  if (dtype == entry.end() || !dtype->is_string())
    throw fail("no \"dtype\"; the file is damaged or not a safetensors file");
  if (*dtype != "F32")
    throw fail("dtype " + printable_excerpt(dtype->get<std::string>()) +
               ", but only F32 is read; save it as float32 (tensor.float())");
  const auto dims = entry.find("shape");
  const auto offsets = entry.find("data_offsets");
  if (dims == entry.end() || !dims->is_array() || offsets == entry.end() || !offsets->is_array() ||
      offsets->size() != 2)
    throw fail("needs \"shape\" and two \"data_offsets\"; the file is damaged");
  uint64_t count = 1;
  for (const auto& d : *dims) {
    if (!d.is_number_unsigned() || d.get<uint64_t>() > (1ull << 32))
      throw fail("shape entry " + d.dump() + " is not a size; the file is damaged");
    count *= d.get<uint64_t>();
    if (count > data_bytes / 4 + 1) throw fail("its shape holds more values than the file has bytes; the file is damaged");
    shape.push_back(d.get<int64_t>());
  }
  for (const auto& o : *offsets)
    if (!o.is_number_unsigned()) throw fail("data_offsets " + offsets->dump() + " are not byte offsets; the file is damaged");
  const Range r{(*offsets)[0].get<uint64_t>(), (*offsets)[1].get<uint64_t>(), name};
  if (r.begin > r.end || r.end > data_bytes)
    throw fail("data_offsets [" + std::to_string(r.begin) + ", " + std::to_string(r.end) + "] lie outside the " +
               std::to_string(data_bytes) + " data bytes; the file is truncated or damaged");
  if (r.end - r.begin != 4 * count)
    throw fail("its shape needs " + std::to_string(4 * count) + " bytes but data_offsets give " +
               std::to_string(r.end - r.begin) + "; the file is damaged");
  return r;
}

}  // namespace

SafetensorsFile read_safetensors(const std::string& path) {
  std::string bytes;
  try {
    bytes = read_file_bytes(path);
  } catch (const IoError& e) {
    throw SafetensorsError(e.what());
  }
  if (bytes.size() < 8) throw SafetensorsError(path + ": " + std::to_string(bytes.size()) +
                                               " bytes, too short for a safetensors file; choose a .safetensors file");
  const uint64_t header_bytes = read_u64_le(bytes.data());
  if (header_bytes > bytes.size() - 8 || header_bytes > kMaxHeaderBytes)
    throw SafetensorsError(path + ": the header length (" + std::to_string(header_bytes) + " bytes) exceeds the file (" +
                           std::to_string(bytes.size()) + " bytes); the file is truncated or not a safetensors file");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + int64_t(header_bytes));
  } catch (const nlohmann::json::exception&) {
    throw SafetensorsError(path + ": the header is not JSON; the file is damaged or not a safetensors file");
  }
  if (!header.is_object()) throw SafetensorsError(path + ": the header is not a JSON object; not a safetensors file");

  const uint64_t data_bytes = bytes.size() - 8 - header_bytes;
  const char* data = bytes.data() + 8 + header_bytes;
  SafetensorsFile file;
  std::vector<Range> ranges;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) throw SafetensorsError(path + ": __metadata__ is not an object; the file is damaged");
      for (const auto& [key, value] : entry.items()) {
        if (!value.is_string())
          throw SafetensorsError(path + ": __metadata__ \"" + key + "\" is not a string; the format allows strings only");
        file.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    std::vector<int64_t> shape;
    ranges.push_back(check_entry(path, name, entry, data_bytes, shape));
    file.tensors[name].shape = std::move(shape);
  }
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].begin < ranges[i - 1].end)
      throw SafetensorsError(path + ": tensors '" + ranges[i - 1].name + "' and '" + ranges[i].name +
                             "' overlap; the file is damaged");
  for (const Range& r : ranges) {
    auto& values = file.tensors[r.name].values;
    values.resize((r.end - r.begin) / 4);
    std::memcpy(values.data(), data + r.begin, r.end - r.begin);  // little endian on every machine this builds for
  }
  return file;
}

void write_safetensors(const std::string& path, const SafetensorsFile& file) {
  nlohmann::json header = nlohmann::json::object();
  if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : file.tensors) {  // std::map: sorted names, a stable byte layout
    const uint64_t size = 4 * tensor.values.size();
    header[name] = {{"dtype", "F32"}, {"shape", tensor.shape}, {"data_offsets", {offset, offset + size}}};
    offset += size;
  }
  std::string json = header.dump();
  json.append((8 - json.size() % 8) % 8, ' ');  // the format pads the header with spaces to 8 bytes
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = char((uint64_t(json.size()) >> (8 * i)) & 0xff);
  bytes += json;
  for (const auto& [name, tensor] : file.tensors)
    bytes.append(reinterpret_cast<const char*>(tensor.values.data()), 4 * tensor.values.size());
  write_file_atomically(path, bytes);
}

}  // namespace latent
