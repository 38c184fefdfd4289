// Walking the folder, decoding with stb_image, squaring and resizing with
// stb_image_resize, then shuffling into train and test.
#include "core/data/image_folder.hpp"

#include <stb_image.h>
#include <stb_image_resize.h>

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "core/io/atomic_file.hpp"

namespace fs = std::filesystem;

namespace latent {
namespace {

// stb's reason for a failure, safe to print: an unknown PNG chunk's reason
// carries the chunk's four bytes, which can be anything.
std::string decode_failure() {
  std::string reason = stbi_failure_reason() ? stbi_failure_reason() : "unknown";
  for (char& c : reason)
    if (c < 0x20 || c > 0x7e) c = '?';
  return reason;
}

bool is_picture(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

std::vector<fs::path> pictures_in(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file(ec) && is_picture(entry.path())) files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // the same order on every file system, so a seed means one split
  return files;
}

// Debian's stb (2022) inflates a damaged or truncated PNG stream by reading
// zeros past its end, doubling its output buffer up to 2 GB before it gives
// up, and allocates a chunk's declared length before reading it (fuzzing
// found 53- and 58-byte files that asked for 2 and 1.3 GB). Every chunk must
// fit in the file, and zlib inflates the image data first, stopping once it
// holds more than the header's size can.
void check_png_data(const std::string& name, const std::string& bytes, int w, int h) {
  if (bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return;  // JPEG
  // Each row: a filter byte and at most 8 bytes a pixel (16-bit RGBA); interlacing adds one per row and pass.
  const size_t limit = size_t(h) * (8 + 8 * size_t(w)) + 64;
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return;
  unsigned char out[16384];
  size_t total = 0;
  bool seen_data = false, truncated = false;
  int status = Z_OK;
  for (size_t at = 8; at + 8 <= bytes.size();) {
    const auto byte = [&](size_t i) { return uint32_t(uint8_t(bytes[at + i])); };
    const size_t length = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
    truncated = at + 12 + length > bytes.size();
    if (truncated) break;
    if (bytes.compare(at + 4, 4, "IDAT") == 0 && status == Z_OK && total <= limit) {
      seen_data = true;
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + at + 8));
      z.avail_in = uInt(length);
      do {
        z.next_out = out;
        z.avail_out = sizeof out;
        status = inflate(&z, Z_NO_FLUSH);
        total += sizeof out - z.avail_out;
      } while (status == Z_OK && z.avail_out == 0 && total <= limit);
      if (status == Z_BUF_ERROR) status = Z_OK;  // this chunk is used up; the stream goes on in the next
    }
    at += 12 + length;
  }
  inflateEnd(&z);
  // Files without image data keep stb's own message.
  if (truncated || (seen_data && (status != Z_STREAM_END || total > limit)))
    throw DataError(name + ": the picture's compressed data is damaged or truncated; re-save it as PNG or remove it from the folder");
}

// One picture as 28x28 gray bytes (C = 1) or 32x32 RGB triples (C = 3), row-major.
std::vector<uint8_t> read_picture(const fs::path& path, int C) {
  const std::string name = path.string();
  std::string bytes;
  try {
    bytes = read_file_bytes(name);
  } catch (const IoError& e) {
    throw DataError(e.what());
  }
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int size = int(std::min<size_t>(bytes.size(), size_t(INT32_MAX)));
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(data, size, &w, &h, &channels))
    throw DataError(name + ": not a PNG or JPEG picture that can be decoded (" + decode_failure() +
                    "); re-save it as PNG or remove it from the folder");
  // stb reads a bare PNM header ("P5" and a digit) as a 0x0 picture, which its resize asserts on:
  // checked from the header and again from the decoded picture.
  auto refuse_empty = [&] {
    if (w < 1 || h < 1)
      throw DataError(name + ": a picture of " + std::to_string(w) + "x" + std::to_string(h) +
                      " pixels; re-save it as PNG or remove it from the folder");
  };
  refuse_empty();
  if (w > kImageFolderMaxSide || h > kImageFolderMaxSide)
    throw DataError(name + ": " + std::to_string(w) + "x" + std::to_string(h) + " pixels, more than " +
                    std::to_string(kImageFolderMaxSide) + " on a side; shrink it first");
  if (w > 4 * h || h > 4 * w)
    throw DataError(name + ": " + std::to_string(w) + "x" + std::to_string(h) +
                    " pixels, too elongated to make 28x28 without losing it (more than 4:1); crop it nearer a square");
  check_png_data(name, bytes, w, h);
  std::unique_ptr<stbi_uc, void (*)(void*)> decoded(stbi_load_from_memory(data, size, &w, &h, &channels, C),
                                                    stbi_image_free);
  if (!decoded)
    throw DataError(name + ": the picture does not decode (" + decode_failure() +
                    "); re-save it as PNG or remove it from the folder");
  refuse_empty();
  const stbi_uc* pixels = decoded.get();
  // Pad to a square with the border's mean colour, so the object keeps its shape.
  long border[3] = {0, 0, 0};
  for (int c = 0; c < C; ++c) {
    for (int x = 0; x < w; ++x) border[c] += pixels[size_t(x) * C + c] + pixels[(size_t(h - 1) * w + x) * C + c];
    for (int y = 0; y < h; ++y) border[c] += pixels[size_t(y) * w * C + c] + pixels[(size_t(y) * w + w - 1) * C + c];
  }
  const int side = std::max(w, h);
  std::vector<uint8_t> square(size_t(side) * side * C);
  for (size_t i = 0; i < square.size(); ++i) square[i] = uint8_t(border[i % C] / (2 * (w + h)));
  for (int y = 0; y < h; ++y)
    std::copy_n(pixels + size_t(y) * w * C, size_t(w) * C,
                square.begin() + (size_t(y + (side - h) / 2) * side + (side - w) / 2) * C);
  const int out_side = C == 1 ? kImageFolderSide : kImageFolderColorSide;
  std::vector<uint8_t> out(size_t(out_side) * out_side * C);
  stbir_resize_uint8(square.data(), side, side, 0, out.data(), out_side, out_side, 0, C);
  return out;
}

}  // namespace

DataSplit load_image_folder(const std::string& dir, uint64_t seed, bool color, double test_fraction) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw DataError(dir + ": not a folder; give images:<folder> holding PNG or JPEG files, or one subfolder per class");
  // Classes: the subfolders holding pictures, by name; or the folder itself.
  std::vector<std::pair<std::string, std::vector<fs::path>>> classes;
  std::vector<fs::path> subfolders;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory(ec)) subfolders.push_back(entry.path());
  std::sort(subfolders.begin(), subfolders.end());
  for (const fs::path& sub : subfolders)
    if (auto files = pictures_in(sub); !files.empty()) classes.emplace_back(sub.filename().string(), std::move(files));
  if (classes.empty())
    if (auto files = pictures_in(dir); !files.empty()) classes.emplace_back(fs::path(dir).filename().string(), std::move(files));
  size_t total = 0;
  for (const auto& c : classes) total += c.second.size();
  if (total < 2)
    throw DataError(dir + ": " + std::to_string(total) +
                    " PNG or JPEG pictures found; put at least two in it (or in one subfolder per class)");
  if (total > kImageFolderMaxFiles)
    throw DataError(dir + ": " + std::to_string(total) + " pictures, more than " + std::to_string(kImageFolderMaxFiles) +
                    "; use a smaller folder");
  if (classes.size() > 256)
    throw DataError(dir + ": " + std::to_string(classes.size()) + " subfolders with pictures, more than 256 classes; "
                    "group them into fewer subfolders");

  Dataset all;
  all.kind = DataKind::Image;
  all.channels = color ? 3 : 1;
  all.width = all.height = color ? kImageFolderColorSide : kImageFolderSide;
  all.dim = all.width * all.height * all.channels;
  all.pixels.reserve(total * size_t(all.dim));
  for (size_t label = 0; label < classes.size(); ++label) {
    all.class_names.push_back(classes[label].first);
    for (const fs::path& file : classes[label].second) {
      const std::vector<uint8_t> image = read_picture(file, all.channels);
      all.pixels.insert(all.pixels.end(), image.begin(), image.end());
      all.labels.push_back(uint8_t(label));
    }
  }

  return hold_out(all, seed, test_fraction);
}

}  // namespace latent
