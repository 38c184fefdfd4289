// IDX reader tests: good raw and gzip files, and every kind of bad file,
// each of which must give a one-line DataError that names the file.
#include <doctest/doctest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/data/catalog.hpp"
#include "core/data/idx_reader.hpp"
#include "scratch_directory.hpp"

#include <sys/resource.h>

namespace fs = std::filesystem;
using namespace latent;
using latent::testing::ScratchDirectory;

namespace {

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}

// An IDX file image: magic 0x0000 <type> <rank>, the dims, then the data.
std::vector<uint8_t> idx_bytes(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data,
                               uint8_t type = 0x08) {
  std::vector<uint8_t> out = {0, 0, type, uint8_t(dims.size())};
  for (uint32_t d : dims) put_u32(out, d);
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

void write_raw(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  REQUIRE(out.good());
}

void write_gz(const std::string& path, const std::vector<uint8_t>& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, bytes.data(), unsigned(bytes.size())) == int(bytes.size()));
  REQUIRE(gzclose(f) == Z_OK);
}

// 3 images of 2 rows x 4 cols with distinct bytes, and their labels.
std::vector<uint8_t> sample_pixels() {
  std::vector<uint8_t> pixels(3 * 2 * 4);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = uint8_t(i * 10 + 3);
  return pixels;
}
const std::vector<uint8_t> kSampleLabels = {0, 2, 1};

// Runs fn, expecting a DataError whose single-line message starts with path
// and contains fragment.
template <class Fn>
void check_data_error(Fn fn, const std::string& path, const std::string& fragment) {
  std::string message;
  try {
    fn();
  } catch (const DataError& e) {
    message = e.what();
  }
  INFO("message: " << message);
  REQUIRE_FALSE(message.empty());
  CHECK(message.rfind(path, 0) == 0);
  CHECK(message.find(fragment) != std::string::npos);
  CHECK(message.find('\n') == std::string::npos);
}

}  // namespace

TEST_CASE("idx: reads raw image and label files") {
  ScratchDirectory dir;
  const auto images = dir.file("images-idx3-ubyte"), labels = dir.file("labels-idx1-ubyte");
  write_raw(images, idx_bytes({3, 2, 4}, sample_pixels()));
  write_raw(labels, idx_bytes({3}, kSampleLabels, 0x08));

  const IdxArray array = read_idx(images);
  CHECK(array.dims == std::vector<int>{3, 2, 4});
  CHECK(array.data == sample_pixels());

  const Dataset set = load_idx_pair(images, labels, "tiny");
  CHECK(set.name == "tiny");
  CHECK(set.is_image());
  CHECK(set.size() == 3);
  CHECK(set.height == 2);
  CHECK(set.width == 4);
  CHECK(set.dim == 8);
  CHECK(set.pixels == sample_pixels());
  CHECK(set.labels == kSampleLabels);
  CHECK(set.class_names == std::vector<std::string>{"0", "1", "2"});
}

TEST_CASE("idx: reads gzip files and MNIST directories with mixed compression") {
  ScratchDirectory dir;
  write_gz(dir.file("train-images-idx3-ubyte.gz"), idx_bytes({3, 2, 4}, sample_pixels()));
  write_gz(dir.file("train-labels-idx1-ubyte.gz"), idx_bytes({3}, kSampleLabels));
  write_raw(dir.file("t10k-images-idx3-ubyte"), idx_bytes({1, 2, 4}, std::vector<uint8_t>(8, 255)));
  write_gz(dir.file("t10k-labels-idx1-ubyte.gz"), idx_bytes({1}, {1}));

  const IdxArray array = read_idx(dir.file("train-images-idx3-ubyte.gz"));
  CHECK(array.dims == std::vector<int>{3, 2, 4});
  CHECK(array.data == sample_pixels());

  const DataSplit split = load_idx_directory(dir.path().string(), "mine");
  CHECK(split.train.size() == 3);
  CHECK(split.test.size() == 1);
  CHECK(split.train.pixels == sample_pixels());
  CHECK(split.test.labels == std::vector<uint8_t>{1});
  // The test split sees only label 1 but shares the train split's class names.
  CHECK(split.test.class_names == split.train.class_names);

  const std::string name = "idx:" + dir.path().string();
  const DataSplit via_catalog = load_dataset(name, 1);
  CHECK(via_catalog.train.name == name);
  CHECK(via_catalog.train.pixels == sample_pixels());
}

TEST_CASE("idx: truncated files are reported with their path") {
  ScratchDirectory dir;
  std::vector<uint8_t> bytes = idx_bytes({3, 2, 4}, sample_pixels());
  bytes.resize(bytes.size() - 4);
  const auto raw = dir.file("cut-idx3-ubyte"), gz = dir.file("cut-idx3-ubyte.gz");
  write_raw(raw, bytes);
  write_gz(gz, bytes);
  for (const auto& path : {raw, gz})
    check_data_error([&] { read_idx(path); }, path, "truncated: header promises 24 bytes of data, file has 20; re-download");

  const auto header_only = dir.file("header-idx3-ubyte");
  write_raw(header_only, {0, 0, 8, 3, 0, 0});
  check_data_error([&] { read_idx(header_only); }, header_only, "truncated: the IDX header needs 16 bytes");

  // gzip streams cut short: in the middle of the compressed data, and just
  // inside the 8-byte trailer (all the data is there, the checksum is not).
  std::vector<uint8_t> noisy(5000);
  uint32_t state = 12345;
  for (auto& b : noisy) b = uint8_t((state = state * 1664525u + 1013904223u) >> 24);
  const auto cut_middle = dir.file("cut-middle-idx3-ubyte.gz"), cut_trailer = dir.file("cut-trailer-idx3-ubyte.gz");
  write_gz(cut_middle, idx_bytes({5, 10, 100}, noisy));
  write_gz(cut_trailer, idx_bytes({5, 10, 100}, noisy));
  fs::resize_file(cut_middle, fs::file_size(cut_middle) / 2);
  fs::resize_file(cut_trailer, fs::file_size(cut_trailer) - 6);
  check_data_error([&] { read_idx(cut_middle); }, cut_middle, "truncated: header promises 5000 bytes of data, file has ");
  check_data_error([&] { read_idx(cut_trailer); }, cut_trailer, "truncated: the gzip stream ends without its trailer");
}

TEST_CASE("idx: a file that is not IDX is rejected by its magic") {
  ScratchDirectory dir;
  const auto png = dir.file("picture.png");
  write_raw(png, {0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0});
  check_data_error([&] { read_idx(png); }, png,
                   "not an IDX file (magic 0x89504E47); expected an MNIST-format .idx or .idx.gz file");

  const auto text = dir.file("notes.txt");
  write_raw(text, {'h', 'e', 'l', 'l', 'o', '\n'});
  check_data_error([&] { read_idx(text); }, text, "not an IDX file");

  const auto no_dims = dir.file("rank0-idx");
  write_raw(no_dims, {0, 0, 8, 0});
  check_data_error([&] { read_idx(no_dims); }, no_dims, "not an IDX file (magic 0x00000800)");
}

TEST_CASE("idx: element types other than unsigned byte are rejected") {
  ScratchDirectory dir;
  const auto floats = dir.file("floats-idx3");
  write_raw(floats, idx_bytes({1, 1, 1}, {0, 0, 0, 0}, 0x0D));
  check_data_error([&] { read_idx(floats); }, floats, "IDX element type float32 (magic 0x00000D03) is not supported");
}

TEST_CASE("idx: bytes after the promised data are an error") {
  ScratchDirectory dir;
  std::vector<uint8_t> bytes = idx_bytes({3}, kSampleLabels);
  for (uint8_t junk : {1, 2, 3, 4, 5}) bytes.push_back(junk);
  const auto raw = dir.file("long-idx1-ubyte"), gz = dir.file("long-idx1-ubyte.gz");
  write_raw(raw, bytes);
  write_gz(gz, bytes);
  for (const auto& path : {raw, gz})
    check_data_error([&] { read_idx(path); }, path, "5 unexpected bytes after the 3 bytes of data");
}

TEST_CASE("idx: implausible dimensions are rejected") {
  ScratchDirectory dir;
  const auto zero = dir.file("zero-idx3");
  write_raw(zero, idx_bytes({0, 28, 28}, {}));
  check_data_error([&] { read_idx(zero); }, zero, "implausible IDX dimensions 0 x 28 x 28");

  const auto huge = dir.file("huge-idx3");
  write_raw(huge, idx_bytes({4000000, 28, 28}, {1, 2, 3}));
  check_data_error([&] { read_idx(huge); }, huge, "implausible IDX dimensions 4000000 x 28 x 28");
}

TEST_CASE("idx: image and label files that do not match are rejected") {
  ScratchDirectory dir;
  const auto images = dir.file("images-idx3-ubyte"), labels = dir.file("labels-idx1-ubyte");
  write_raw(images, idx_bytes({3, 2, 4}, sample_pixels()));
  write_raw(labels, idx_bytes({2}, {0, 1}));
  check_data_error([&] { load_idx_pair(images, labels, "x"); }, labels,
                   "holds 2 labels but " + images + " holds 3 images");

  // Swapped arguments: each file is the wrong rank for its role.
  write_raw(labels, idx_bytes({3}, kSampleLabels));
  check_data_error([&] { load_idx_pair(labels, images, "x"); }, labels, "is this a labels file?");
}

TEST_CASE("idx: missing files and directories say what is missing") {
  ScratchDirectory dir;
  const auto absent = dir.file("absent-idx3-ubyte");
  check_data_error([&] { read_idx(absent); }, absent, "cannot open");
  check_data_error([&] { read_idx(dir.path().string()); }, dir.path().string(), "is a directory");

  write_raw(dir.file("train-images-idx3-ubyte"), idx_bytes({3, 2, 4}, sample_pixels()));
  write_raw(dir.file("train-labels-idx1-ubyte"), idx_bytes({3}, kSampleLabels));
  check_data_error([&] { load_idx_directory(dir.path().string(), "x"); }, dir.path().string(),
                   "no t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz here");
  check_data_error([&] { load_dataset("idx:" + dir.file("nowhere"), 1); }, dir.file("nowhere"), "not a directory");
}

TEST_CASE("idx: a gzip file with garbage after its stream is refused") {
  ScratchDirectory dir;
  const auto gz = dir.file("labels-idx1-ubyte.gz");
  write_gz(gz, idx_bytes({3}, kSampleLabels));
  CHECK(read_idx(gz).data == kSampleLabels);
  std::ofstream(gz, std::ios::binary | std::ios::app) << "trailing garbage";
  check_data_error([&] { read_idx(gz); }, gz, "bytes follow the gzip stream");
}

TEST_CASE("idx: one corrupt label byte is refused, not read as 256 classes") {
  ScratchDirectory dir;
  const auto images = dir.file("images-idx3-ubyte"), labels = dir.file("labels-idx1-ubyte");
  write_raw(images, idx_bytes({3, 2, 4}, sample_pixels()));
  write_raw(labels, idx_bytes({3}, {0, 255, 1}));
  check_data_error([&] { load_idx_pair(images, labels, "mine"); }, labels, "label 255 (of example 1) is not a class from 0 to 63");
  write_raw(labels, idx_bytes({3}, {0, 63, 1}));
  CHECK(load_idx_pair(images, labels, "mine").class_count() == 64);
}

TEST_CASE("idx: a header promising far more data than the file holds costs memory for what is there, not what it claims") {
  // Found by fuzzing: 1.4 GB allocated for a 100-byte file before its error.
  ScratchDirectory dir;
  std::vector<uint8_t> bytes;
  put_u32(bytes, 0x00000803);
  for (uint32_t d : {1300000u, 32u, 32u}) put_u32(bytes, d);  // 1.33e9 bytes promised
  bytes.resize(bytes.size() + 100, 7);
  const auto raw = dir.file("huge-idx3-ubyte"), gz = dir.file("huge-idx3-ubyte.gz");
  write_raw(raw, bytes);
  write_gz(gz, bytes);
  for (const auto& path : {raw, gz}) {
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    check_data_error([&] { read_idx(path); }, path, "truncated: header promises 1331200000 bytes of data, file has 100");
    getrusage(RUSAGE_SELF, &after);
    CHECK(after.ru_maxrss - before.ru_maxrss < 100 * 1024);  // kB: the old reader zero-filled all 1.3 GB
  }
}
