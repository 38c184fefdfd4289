// IDX parsing over zlib's gz* API (which also reads uncompressed files), and
// the MNIST directory layout built on it.
#include "core/data/idx_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace latent {
namespace {

std::string hex32(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", value);
  return text;
}

const char* idx_type_name(int type) {
  switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return nullptr;
  }
}

uint32_t big_endian_u32(const uint8_t* b) {
  return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | uint32_t(b[3]);
}

// Owns a gzFile so every early throw closes it.
struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

class IdxFile {
 public:
  explicit IdxFile(const std::string& path) : path_(path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      fail("is a directory, not an IDX file; pass the .idx or .idx.gz file inside it");
    errno = 0;
    file_.reset(gzopen(path.c_str(), "rb"));
    if (!file_)
      fail(std::string("cannot open: ") + (errno ? std::strerror(errno) : "out of memory") +
           "; check the path and permissions");
    gzbuffer(file_.get(), 1 << 17);  // bigger reads: MNIST images are ~47 MB unpacked
  }

  // Reads up to n bytes; fewer only at end of file.
  size_t read(uint8_t* out, size_t n) {
    const size_t total = read_pieces(out, n);
    unpacked_ += total;
    return total;
  }

  // zlib's gz* API ignores bytes after the gzip stream, so a file with
  // garbage appended would read as intact. A gzip member ends with its
  // unpacked size mod 2^32 (RFC 1952, ISIZE): a file whose last four bytes
  // are not the size we unpacked has bytes after its stream (or more than one
  // member, which no IDX download has).
  void check_gzip_end() const {
    if (gzdirect(file_.get())) return;  // not compressed: count_rest saw every byte
    std::FILE* raw = std::fopen(path_.c_str(), "rb");
    uint8_t last[4] = {};
    const bool read_ok = raw && std::fseek(raw, -4, SEEK_END) == 0 && std::fread(last, 1, 4, raw) == 4;
    if (raw) std::fclose(raw);
    const uint32_t isize = uint32_t(last[0]) | uint32_t(last[1]) << 8 | uint32_t(last[2]) << 16 | uint32_t(last[3]) << 24;
    if (!read_ok || isize != uint32_t(unpacked_))
      fail("bytes follow the gzip stream (its last 4 bytes do not give the unpacked size, " + std::to_string(unpacked_) +
           "); the file is corrupt or was appended to, re-download it");
  }

 private:
  size_t read_pieces(uint8_t* out, size_t n) {
    size_t total = 0;
    while (total < n) {
      // gzread takes an unsigned count, so large arrays go in 1 GiB pieces.
      const unsigned chunk = unsigned(std::min<size_t>(n - total, size_t(1) << 30));
      const int got = gzread(file_.get(), out + total, chunk);
      if (got < 0) fail_stream();
      if (got == 0) break;
      total += size_t(got);
    }
    // A gzip stream cut short reads as a short count and leaves Z_BUF_ERROR;
    // remembered so a cut that lands exactly after the data is still caught.
    int code = Z_OK;
    gzerror(file_.get(), &code);
    if (code == Z_BUF_ERROR) cut_short_ = true;
    else if (code != Z_OK) fail_stream();
    return total;
  }


 public:
  // Counts (and discards) the bytes left before end of file.
  size_t count_rest() {
    std::vector<uint8_t> sink(1 << 16);
    size_t total = 0;
    for (size_t got; (got = read(sink.data(), sink.size())) > 0;) total += got;
    return total;
  }

  // True once a gzip stream ended without its trailer (the file was cut off).
  bool cut_short() const { return cut_short_; }

  [[noreturn]] void fail(const std::string& what) const { throw DataError(path_ + ": " + what); }

 private:
  [[noreturn]] void fail_stream() const {
    int code = Z_OK;
    const char* message = gzerror(file_.get(), &code);
    if (code == Z_ERRNO) message = std::strerror(errno);
    fail(std::string("read error (") + message +
         "); the file is damaged or not a gzip/IDX file, re-download it");
  }

  std::string path_;
  GzHandle file_;
  bool cut_short_ = false;
  size_t unpacked_ = 0;  // bytes read so far, after decompression
};

// The MNIST directory layout: a base name, with or without ".gz".
std::string find_idx_file(const std::string& dir, const std::string& base) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string& candidate : {base, base + ".gz"}) {
    const fs::path path = fs::path(dir) / candidate;
    if (fs::is_regular_file(path, ec)) return path.string();
  }
  throw DataError(dir + ": no " + base + " or " + base +
                  ".gz here; an MNIST-format directory holds train-images-idx3-ubyte, "
                  "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (.gz optional)");
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  IdxFile file(path);

  uint8_t magic_bytes[4];
  const size_t magic_got = file.read(magic_bytes, 4);
  if (magic_got < 4)
    file.fail("truncated: the IDX header needs 4 bytes, file has " + std::to_string(magic_got) +
              "; re-download the file");
  const uint32_t magic = big_endian_u32(magic_bytes);
  const int type = magic_bytes[2];
  const int rank = magic_bytes[3];
  // Real IDX files start with two zero bytes, a known element type and 1-8 dims;
  // anything else (a PNG, a text file, the wrong download) is not IDX at all.
  if (magic_bytes[0] != 0 || magic_bytes[1] != 0 || !idx_type_name(type) || rank < 1 || rank > 8)
    file.fail("not an IDX file (magic " + hex32(magic) +
              "); expected an MNIST-format .idx or .idx.gz file");
  if (type != 0x08)
    file.fail(std::string("IDX element type ") + idx_type_name(type) + " (magic " + hex32(magic) +
              ") is not supported; only unsigned-byte (0x08) files such as MNIST's can be read");

  uint8_t dim_bytes[8 * 4];
  const size_t dims_got = file.read(dim_bytes, size_t(rank) * 4);
  if (dims_got < size_t(rank) * 4)
    file.fail("truncated: the IDX header needs " + std::to_string(4 + rank * 4) +
              " bytes, file has " + std::to_string(4 + dims_got) + "; re-download the file");

  IdxArray array;
  uint64_t count = 1;
  std::string shape;
  for (int d = 0; d < rank; ++d) {
    const uint32_t extent = big_endian_u32(dim_bytes + 4 * d);
    shape += (d ? " x " : "") + std::to_string(extent);
    count *= extent;  // each extent < 2^32 and the running product is checked, so no overflow
    if (extent == 0 || count >= (uint64_t(1) << 31)) {
      // Finish the shape text so the message shows every dimension.
      for (int e = d + 1; e < rank; ++e) shape += " x " + std::to_string(big_endian_u32(dim_bytes + 4 * e));
      file.fail("implausible IDX dimensions " + shape +
                " (each must be nonzero, total under 2^31 bytes); the file is corrupt, re-download it");
    }
    array.dims.push_back(int(extent));
  }

  // Grow as the data arrives: a gzip file's header cannot be checked against
  // the file's size before it is decompressed, so memory follows what the
  // file holds, not what its header claims (up to 2 GiB).
  constexpr size_t kChunk = size_t(1) << 24;
  size_t data_got = 0;
  while (data_got < count) {
    const size_t want = std::min<size_t>(kChunk, size_t(count) - data_got);
    array.data.resize(data_got + want);
    const size_t got = file.read(array.data.data() + data_got, want);
    data_got += got;
    if (got < want) break;
  }
  array.data.resize(data_got);
  if (data_got < count)
    file.fail("truncated: header promises " + std::to_string(count) + " bytes of data, file has " +
              std::to_string(data_got) + "; re-download the file");
  if (const size_t extra = file.count_rest(); extra > 0)
    file.fail(std::to_string(extra) + " unexpected bytes after the " + std::to_string(count) +
              " bytes of data the header promises; the file is corrupt, re-download it");
  if (file.cut_short())
    file.fail("truncated: the gzip stream ends without its trailer; re-download the file");
  file.check_gzip_end();
  return array;
}

Dataset load_idx_pair(const std::string& images_path, const std::string& labels_path,
                      const std::string& name) {
  IdxArray images = read_idx(images_path);
  if (images.dims.size() != 3)
    throw DataError(images_path + ": expected images (count x rows x cols), got a " +
                    std::to_string(images.dims.size()) +
                    "-dimensional IDX array; is this a labels file? Pass the *-images-idx3-ubyte file");
  IdxArray labels = read_idx(labels_path);
  if (labels.dims.size() != 1)
    throw DataError(labels_path + ": expected labels (one count), got a " +
                    std::to_string(labels.dims.size()) +
                    "-dimensional IDX array; is this an images file? Pass the *-labels-idx1-ubyte file");
  if (labels.dims[0] != images.dims[0])
    throw DataError(labels_path + ": holds " + std::to_string(labels.dims[0]) + " labels but " +
                    images_path + " holds " + std::to_string(images.dims[0]) +
                    " images; the two files do not belong together, re-download both");

  Dataset set;
  set.name = name;
  set.kind = DataKind::Image;
  set.height = images.dims[1];
  set.width = images.dims[2];
  set.dim = set.width * set.height;
  set.pixels = std::move(images.data);
  set.labels = std::move(labels.data);
  // The classes are 0 .. the largest label: one corrupt byte must not make 256 of them.
  const auto largest = std::max_element(set.labels.begin(), set.labels.end());
  if (largest != set.labels.end() && *largest >= kMaxIdxClasses)
    throw DataError(labels_path + ": label " + std::to_string(*largest) + " (of example " +
                    std::to_string(largest - set.labels.begin()) + ") is not a class from 0 to " +
                    std::to_string(kMaxIdxClasses - 1) + "; the file is corrupt, re-download it");
  const int classes = largest == set.labels.end() ? 0 : *largest + 1;
  for (int c = 0; c < classes; ++c) set.class_names.push_back(std::to_string(c));
  return set;
}

DataSplit load_idx_directory(const std::string& dir, const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw DataError(dir + ": not a directory; give the folder that holds the four MNIST-format IDX files");
  DataSplit split;
  split.train = load_idx_pair(find_idx_file(dir, "train-images-idx3-ubyte"),
                              find_idx_file(dir, "train-labels-idx1-ubyte"), name);
  const std::string test_images = find_idx_file(dir, "t10k-images-idx3-ubyte");
  split.test = load_idx_pair(test_images, find_idx_file(dir, "t10k-labels-idx1-ubyte"), name);
  if (split.test.width != split.train.width || split.test.height != split.train.height)
    throw DataError(test_images + ": images are " + std::to_string(split.test.width) + "x" +
                    std::to_string(split.test.height) + " but the training images are " +
                    std::to_string(split.train.width) + "x" + std::to_string(split.train.height) +
                    "; the files come from different datasets");
  // Both splits name every class either split uses, so label -> name agrees.
  auto& more = split.train.class_names.size() >= split.test.class_names.size() ? split.train : split.test;
  auto& fewer = &more == &split.train ? split.test : split.train;
  fewer.class_names = more.class_names;
  return split;
}

}  // namespace latent
