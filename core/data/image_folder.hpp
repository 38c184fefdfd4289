// A data set from a folder of the user's own pictures: "images:<dir>". PNG
// and JPEG files, one subfolder per class (the folder's name is the label)
// or all in the folder itself (one class), made gray and 28x28 like
// Fashion-MNIST, with a held-out split.
#pragma once
#include <cstdint>
#include <string>

#include "core/data/dataset.hpp"

namespace latent {

inline constexpr int kImageFolderSide = 28;       // every picture becomes 28x28 gray,
inline constexpr int kImageFolderColorSide = 32;  // or 32x32 RGB when asked for colour
inline constexpr size_t kImageFolderMaxFiles = 200'000;
inline constexpr int kImageFolderMaxSide = 8192;  // larger pictures are refused before they are decoded

// Reads every .png, .jpg and .jpeg under dir (other files are skipped):
// each is decoded to gray (with `color`, to RGB), padded to a square with its
// border's mean brightness (per channel), and resized to 28x28 (32x32). The examples are shuffled with seed and
// test_fraction of them (at least one) held out. Throws DataError naming
// the folder or the file and the fix: an empty folder, a file that does
// not decode, a picture more than 4 times wider than tall (or the reverse),
// too many files or classes.
DataSplit load_image_folder(const std::string& dir, uint64_t seed, bool color = false, double test_fraction = 0.2);

}  // namespace latent
