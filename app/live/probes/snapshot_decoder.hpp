// Decoding a few latent points on the UI thread from a snapshot's immutable
// parameters: a dragged pin or one reconstruction (~0.1 ms each), so the
// picture follows the mouse in the same frame.
#pragma once
#include "core/train/snapshot.hpp"

namespace latent {

class SnapshotDecoder {
 public:
  // z: (L, B) -> the decoder's mean (D, B). False (mean untouched) while the
  // snapshot has no model or z has the wrong number of rows.
  bool decode(const Snapshot& snapshot, const Matrix& z, Matrix& mean);
  // Decoder's per-dimension sigma for Gaussian likelihoods, else empty.
  Vector decoder_sigma(const Snapshot& snapshot) const;

 private:
  Vae::Workspace workspace_;  // this thread's own scratch, as Vae requires
};

}  // namespace latent
