// images:<dir>: a folder of the user's pictures, made here with stb's PNG and
// JPEG writers, read as 28x28 gray examples with labels from subfolders.
#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <filesystem>

#include "core/data/catalog.hpp"
#include "core/data/image_folder.hpp"
#include "core/train/training_session.hpp"
#include "tests/scratch_directory.hpp"

using namespace latent;
using latent::testing::is_one_line_about;
using latent::testing::ScratchDirectory;
using latent::testing::spill;

namespace {

// A w x h gray picture, `value` everywhere, or `inside` in the centred
// half-size square when inside >= 0.
std::vector<uint8_t> picture(int w, int h, uint8_t value, int inside = -1) {
  std::vector<uint8_t> p(size_t(w) * h, value);
  if (inside >= 0)
    for (int y = h / 4; y < h - h / 4; ++y)
      for (int x = w / 4; x < w - w / 4; ++x) p[size_t(y) * w + x] = uint8_t(inside);
  return p;
}

void write_png(const std::string& path, int w, int h, const std::vector<uint8_t>& p) {
  REQUIRE(stbi_write_png(path.c_str(), w, h, 1, p.data(), w) != 0);
}

std::string load_error(const std::string& name) {
  try {
    load_dataset(name, 1);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("image folder: subfolders are classes; pictures become 28x28 gray, split into train and test") {
  ScratchDirectory dir;
  const std::string root = dir.file("pictures");
  std::filesystem::create_directories(root + "/bright");
  std::filesystem::create_directories(root + "/dark");
  std::filesystem::create_directories(root + "/empty");  // no pictures: not a class
  for (int i = 0; i < 6; ++i) write_png(root + "/bright/b" + std::to_string(i) + ".png", 56, 56, picture(56, 56, 200));
  for (int i = 0; i < 4; ++i) {
    const auto p = picture(40, 40, 30);
    REQUIRE(stbi_write_jpg((root + "/dark/d" + std::to_string(i) + ".JPG").c_str(), 40, 40, 1, p.data(), 95) != 0);
  }
  spill(root + "/dark/notes.txt", "not a picture, skipped");

  const DataSplit split = load_dataset("images:" + root, 3);
  CHECK(split.train.name == "images:" + root);
  CHECK(split.train.class_names == std::vector<std::string>{"bright", "dark"});
  CHECK(split.train.size() + split.test.size() == 10);
  CHECK(split.test.size() == 2);  // 20% held out
  CHECK(split.train.width == 28);
  CHECK(split.train.dim == 784);
  for (const Dataset* part : {&split.train, &split.test})
    for (size_t i = 0; i < part->size(); ++i) {
      // A uniform picture stays uniform at its own value (JPEG may move it by a level or two).
      const uint8_t expected = part->labels[i] == 0 ? 200 : 30;
      for (int k = 0; k < part->dim; ++k) REQUIRE(std::abs(int(part->image(i)[k]) - expected) <= 2);
    }
  // The same seed, the same split.
  CHECK(load_dataset("images:" + root, 3).test.labels == split.test.labels);
}

TEST_CASE("image folder: a wide picture is padded to a square with its border's brightness, not stretched") {
  ScratchDirectory dir;
  const std::string root = dir.file("one");
  std::filesystem::create_directories(root);
  // 112 x 56: border 10, a 56 x 28 block of 250 in the middle.
  write_png(root + "/a.png", 112, 56, picture(112, 56, 10, 250));
  write_png(root + "/b.png", 28, 28, picture(28, 28, 10));
  const DataSplit split = load_image_folder(root, 1, false, 0.5);
  const Dataset& set = split.train.image(0)[14 * 28 + 14] > 100 ? split.train : split.test;  // the one holding a.png
  const uint8_t* image = set.image(0);
  CHECK(image[14 * 28 + 14] > 240);  // the block's centre
  CHECK(image[2 * 28 + 14] < 20);    // above the picture: padding at the border's 10, not the block
  CHECK(image[14 * 28 + 1] < 20);    // left border of the picture itself
  // The block covers half the width: columns 7..20 bright, 14 of 28.
  int bright = 0;
  for (int x = 0; x < 28; ++x) bright += image[14 * 28 + x] > 128;
  CHECK(bright == doctest::Approx(14).epsilon(0.15));
  // and a quarter of the (padded) height: rows 10..17.
  int tall = 0;
  for (int y = 0; y < 28; ++y) tall += image[y * 28 + 14] > 128;
  CHECK(tall == doctest::Approx(7).epsilon(0.3));
}

TEST_CASE("image folder: bad folders and files are named in one line with the fix") {
  ScratchDirectory dir;
  const std::string root = dir.file("bad");
  std::filesystem::create_directories(root + "/cats");
  CHECK(load_error("images:" + root).find("0 PNG or JPEG pictures found") != std::string::npos);
  CHECK(load_error("images:" + root + "/missing").find("not a folder") != std::string::npos);
  CHECK(load_error("images:").find("needs a folder") != std::string::npos);

  write_png(root + "/cats/a.png", 28, 28, picture(28, 28, 100));
  write_png(root + "/cats/b.png", 28, 28, picture(28, 28, 100));
  const std::string broken = root + "/cats/c.png";
  spill(broken, "\x89PNG\r\n\x1a\n not really");
  std::string message = load_error("images:" + root);
  CHECK(is_one_line_about(message, broken));
  CHECK(message.find("re-save it as PNG") != std::string::npos);

  // stb names an unknown critical PNG chunk by its four bytes, which can be
  // control characters: the message shows them as '?' (found by fuzzing).
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\x0dIHDR\0\0\0\x02\0\0\0\x02\x08\0\0\0\0", 21) + std::string(4, '\0');  // CRC not checked
  png += std::string("\0\0\0\0\x0d\x01" "BC", 8) + std::string(4, '\0');  // a 0-byte chunk "\r\x01BC"
  spill(broken, png);
  message = load_error("images:" + root);
  CHECK(is_one_line_about(message, broken));
  CHECK(message.find('\r') == std::string::npos);
  CHECK(message.find("?\x01") == std::string::npos);
  CHECK(message.find("??BC PNG chunk not known") != std::string::npos);

  // A bare PNM header: stb reads "P57" as a 0x0 picture, and its resize then
  // failed an assertion and aborted the program (found by fuzzing).
  spill(broken, "P57");
  message = load_error("images:" + root);
  CHECK(is_one_line_about(message, broken));
  CHECK(message.find("0x0 pixels") != std::string::npos);

  // A damaged zlib stream in a 4x3 picture: Debian's stb decoded zeros past its
  // end and asked for 2 GB before it failed (this and the next found by fuzzing).
  spill(broken, std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x04\0\0\0\x03\x08\0\0\0\0\x91\x9f\xf1\x1a"
                            "\x7e\0\0\x0fIDATx\x9c/\x04" "96ND\xae" "B`\x82", 53));
  message = load_error("images:" + root);
  CHECK(is_one_line_about(message, broken));
  CHECK(message.find("compressed data is damaged or truncated") != std::string::npos);
  // An image data chunk that declares 1.3 GB in a 58-byte file: stb allocated that before reading it.
  spill(broken, std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x04\0\0\0\x03\x08\0\0\0\0\x91\x9f\xf1"
                            "PN\xff\xf5\x0fIDATx\x9c\x63\x60\xb0\xa9\xd8\xc2\0'\0\x1c/\x04" "96\xe0", 58));
  message = load_error("images:" + root);
  CHECK(is_one_line_about(message, broken));
  CHECK(message.find("compressed data is damaged or truncated") != std::string::npos);

  std::filesystem::remove(broken);
  write_png(root + "/cats/long.png", 150, 30, picture(150, 30, 100));
  message = load_error("images:" + root);
  CHECK(is_one_line_about(message, root + "/cats/long.png"));
  CHECK(message.find("4:1") != std::string::npos);
}

TEST_CASE("image folder: --color keeps RGB at 32x32, interleaved per pixel, padded per channel, and trains a VAE") {
  ScratchDirectory dir;
  const std::string root = dir.file("colours");
  for (const char* c : {"red", "teal"}) std::filesystem::create_directories(root + "/" + c);
  // 64 x 32 pictures: a (200, 30, 40) red or (20, 160, 150) teal background, a white 32 x 16 block in the middle.
  const auto coloured = [](uint8_t r, uint8_t g, uint8_t b) {
    std::vector<uint8_t> p(64 * 32 * 3);
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 64; ++x) {
        const bool block = x >= 16 && x < 48 && y >= 8 && y < 24;
        const uint8_t rgb[3] = {r, g, b};
        for (int k = 0; k < 3; ++k) p[size_t(y * 64 + x) * 3 + k] = block ? 255 : rgb[k];
      }
    return p;
  };
  for (int i = 0; i < 5; ++i) {
    REQUIRE(stbi_write_png((root + "/red/" + std::to_string(i) + ".png").c_str(), 64, 32, 3, coloured(200, 30, 40).data(), 64 * 3));
    REQUIRE(stbi_write_png((root + "/teal/" + std::to_string(i) + ".png").c_str(), 64, 32, 3, coloured(20, 160, 150).data(), 64 * 3));
  }
  const DataSplit split = load_dataset("images:" + root, 1, {"", false, true});
  CHECK(split.train.channels == 3);
  CHECK(split.train.width == 32);
  CHECK(split.train.dim == 32 * 32 * 3);
  for (const Dataset* part : {&split.train, &split.test})
    for (size_t i = 0; i < part->size(); ++i) {
      const uint8_t* image = part->image(i);
      const int background[2][3] = {{200, 30, 40}, {20, 160, 150}};
      // The padded top rows (the picture is 2:1, so its square gains 8 rows above and below at 32x32) and a
      // corner keep the background's colour, channel by channel; the centre is the white block.
      for (int k = 0; k < 3; ++k) {
        CHECK(std::abs(int(image[k]) - background[part->labels[i]][k]) <= 2);
        CHECK(std::abs(int(image[(16 * 32 + 16) * 3 + k]) - 255) <= 2);
      }
    }
  // A VAE on it: 3,072 inputs, one Bernoulli per channel, learning.
  ModelSettings model;
  model.dataset = "images:" + root;
  model.color = true;
  model.encoder_hidden = std::vector<int>{64};
  model.decoder_hidden = std::vector<int>{64};
  TrainSettings training;
  training.batch_size = 8;
  training.learning_rate = 3e-3f;
  TrainingSession session(model, training, std::make_shared<const DataSplit>(model.load_data()));
  CHECK(session.vae().input_dim() == 3072);
  const double before = session.evaluate_test().bound.elbo();
  for (int i = 0; i < 200; ++i) session.step();
  CHECK(session.evaluate_test().bound.elbo() > before + 100.0);
  // Grey pictures of the same folder without --color: 28x28, one channel.
  CHECK(load_dataset("images:" + root, 1).train.channels == 1);
  CHECK(load_error("moons") == "");
  try {
    load_dataset("moons", 1, {"", false, true});
    FAIL("--color was accepted for moons");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).rfind("moons: only a folder of pictures is read in colour", 0) == 0);
  }
}
