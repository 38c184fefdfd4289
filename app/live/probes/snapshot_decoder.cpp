// The UI thread's decoder: a thin guard around Vae::decode.
#include "live/probes/snapshot_decoder.hpp"

namespace latent {

bool SnapshotDecoder::decode(const Snapshot& snapshot, const Matrix& z, Matrix& mean) {
  if (!snapshot.vae || !snapshot.params || z.rows() != snapshot.vae->latent_dim() || z.cols() == 0) return false;
  snapshot.vae->decode(snapshot.params->data(), z, mean, workspace_);
  return true;
}

Vector SnapshotDecoder::decoder_sigma(const Snapshot& snapshot) const {
  if (!snapshot.vae || !snapshot.params || snapshot.vae->config().likelihood != Likelihood::Gaussian) return {};
  return snapshot.vae->decoder_log_sigma(snapshot.params->data()).array().exp().matrix();
}

}  // namespace latent
