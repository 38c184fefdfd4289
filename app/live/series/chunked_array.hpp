// An append-only array in fixed-size chunks: growing it never moves what it
// already holds, so appending to a curve of millions of points costs the same
// in the frame that crosses a power of two as in any other (a std::vector
// would copy everything it holds, a visible stall on the UI thread). Chunks
// are small (16 KiB) so the page faults of fresh memory come a few at a time
// rather than hundreds in one frame.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

namespace latent {

// log2 of the largest power-of-two count of `element_bytes` elements that fits in 16 KiB (at least 1).
constexpr size_t chunk_bits_for(size_t element_bytes) {
  size_t bits = 0;
  while ((element_bytes << (bits + 1)) <= 16384) ++bits;
  return bits;
}

template <typename T>
class ChunkedArray {
 public:
  static constexpr size_t kChunkBits = chunk_bits_for(sizeof(T));
  static constexpr size_t kChunk = size_t(1) << kChunkBits;  // elements per chunk

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const T& operator[](size_t i) const { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  void push_back(const T& value) {
    if ((size_ & (kChunk - 1)) == 0 && (size_ >> kChunkBits) == chunks_.size())
      chunks_.push_back(std::make_unique<T[]>(kChunk));
    (*this)[size_++] = value;
  }
  void clear() {
    chunks_.clear();
    size_ = 0;
  }

  // First index whose element is not less than `value` (the array must be sorted).
  template <typename U>
  size_t lower_bound(const U& value) const {
    size_t lo = 0, hi = size_;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if ((*this)[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  // First index whose element is greater than `value`.
  template <typename U>
  size_t upper_bound(const U& value) const {
    size_t lo = 0, hi = size_;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (value < (*this)[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace latent
