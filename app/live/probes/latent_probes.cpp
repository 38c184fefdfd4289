// Pins, selection and interpolation paths in latent space.
#include "live/probes/latent_probes.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "live/stats/frame_stats.hpp"
#include "live/probes/snapshot_decoder.hpp"

namespace latent {

LatentProbes::LatentProbes() {
  // Three pins to start: two for an interpolation across the origin, one spare.
  const double start[3][2] = {{-1.5, -0.5}, {1.5, 0.5}, {0.0, 1.5}};
  for (int i = 0; i < 3; ++i) {
    Pin p;
    p.name = char('A' + i);
    p.z.assign(2, 0.0f);
    p.z[0] = float(start[i][0]);
    p.z[1] = float(start[i][1]);
    pins.push_back(p);
  }
}

void LatentProbes::conform(int latent_dim) {
  if (latent_dim == latent_dim_ || latent_dim < 1) return;
  latent_dim_ = latent_dim;
  for (Pin& p : pins) {
    p.z.resize(size_t(latent_dim), 0.0f);
    p.needs_decode = true;
  }
  dim_x = std::clamp(dim_x, 0, latent_dim - 1);
  dim_y = latent_dim > 1 ? std::clamp(dim_y, 0, latent_dim - 1) : 0;
  if (latent_dim > 1 && dim_x == dim_y) dim_y = (dim_x + 1) % latent_dim;
  ++version;
}

void LatentProbes::move_pin(int i, double x, double y, int64_t frame) {
  if (i < 0 || i >= int(pins.size())) return;
  Pin& p = pins[size_t(i)];
  p.z[size_t(dim_x)] = float(x);
  if (latent_dim_ > 1) p.z[size_t(dim_y)] = float(y);
  p.needs_decode = true;
  p.moved_frame = frame;
  ++version;
}

void LatentProbes::set_pin(int i, const std::vector<float>& z, int64_t frame) {
  if (i < 0 || i >= int(pins.size()) || z.size() != size_t(latent_dim_)) return;
  pins[size_t(i)].z = z;
  pins[size_t(i)].needs_decode = true;
  pins[size_t(i)].moved_frame = frame;
  ++version;
}

void LatentProbes::add_pin(double x, double y, int64_t frame) {
  if (pins.size() >= 6) return;  // more would crowd the inspector
  Pin p;
  char name = 'A';
  while (std::any_of(pins.begin(), pins.end(), [&](const Pin& q) { return q.name == name; })) ++name;
  p.name = name;
  p.z.assign(size_t(latent_dim_), 0.0f);
  pins.push_back(p);
  move_pin(int(pins.size()) - 1, x, y, frame);
}

void LatentProbes::remove_pin(int i) {
  if (i < 0 || i >= int(pins.size()) || pins.size() <= 2) return;  // an interpolation needs two
  pins.erase(pins.begin() + i);
  interpolate_from = std::min(interpolate_from, int(pins.size()) - 1);
  interpolate_to = std::min(interpolate_to, int(pins.size()) - 1);
  ++version;
}

void LatentProbes::refresh_pins(const Snapshot& snapshot, SnapshotDecoder& decoder, DecodeWorker& worker,
                                int64_t frame, FrameStats& stats) {
  if (!snapshot.vae || !snapshot.params) return;
  conform(snapshot.vae->latent_dim());
  take_background_decodes(worker, frame);
  decode_moved_pins(snapshot, decoder, frame, stats);
  send_stale_pins(snapshot, worker);
}

void LatentProbes::take_background_decodes(DecodeWorker& worker, int64_t frame) {
  auto result = worker.take(DecodeWorker::Pins);
  if (!result || result->generation != sent_generation_ || result->mean.cols() != sent_z_.cols()) return;
  for (Eigen::Index j = 0; j < sent_z_.cols(); ++j) {
    for (Pin& p : pins) {
      if (p.name != sent_names_[size_t(j)] || p.needs_decode || p.decoded_vae != sent_vae_) continue;
      bool same_z = p.z.size() == size_t(sent_z_.rows());
      for (Eigen::Index d = 0; same_z && d < sent_z_.rows(); ++d) same_z = p.z[size_t(d)] == sent_z_(d, j);
      if (!same_z) continue;
      p.decoded = result->mean.col(j);
      p.decoded_params = result->params;
      p.decoded_frame = frame;
    }
  }
}

void LatentProbes::decode_moved_pins(const Snapshot& snapshot, SnapshotDecoder& decoder, int64_t frame,
                                     FrameStats& stats) {
  // One batch for all of them: the decoder's weights are read once, not once per pin.
  auto due = [&](const Pin& p) { return p.needs_decode || p.decoded_vae != snapshot.vae; };
  const auto count = std::count_if(pins.begin(), pins.end(), due);
  if (count == 0) return;
  const auto t0 = std::chrono::steady_clock::now();
  batch_z_.resize(latent_dim_, count);
  Eigen::Index j = 0;
  for (const Pin& p : pins)
    if (due(p)) {
      for (int d = 0; d < latent_dim_; ++d) batch_z_(d, j) = p.z[size_t(d)];
      ++j;
    }
  if (!decoder.decode(snapshot, batch_z_, batch_mean_)) return;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  j = 0;
  for (Pin& p : pins) {
    if (!due(p)) continue;
    p.decoded = batch_mean_.col(j++);
    p.decoded_params = snapshot.params;
    p.decoded_vae = snapshot.vae;
    p.decoded_frame = frame;
    if (p.needs_decode && p.moved_frame >= 0) stats.add_pin_drag(ms, p.moved_frame == frame);
    p.needs_decode = false;
  }
}

void LatentProbes::send_stale_pins(const Snapshot& snapshot, DecodeWorker& worker) {
  auto stale = [&](const Pin& p) { return p.decoded_params != snapshot.params; };
  const auto count = std::count_if(pins.begin(), pins.end(), stale);
  // Like the manifold grid: a few times a second while training, not every snapshot.
  if (count == 0 || !stale_schedule_.due(snapshot, 0)) return;
  sent_names_.clear();
  sent_z_.resize(latent_dim_, count);
  for (const Pin& p : pins)
    if (stale(p)) {
      for (int d = 0; d < latent_dim_; ++d) sent_z_(d, Eigen::Index(sent_names_.size())) = p.z[size_t(d)];
      sent_names_ += p.name;
    }
  sent_vae_ = snapshot.vae;
  worker.submit(DecodeWorker::Pins, DecodeWorker::Job{.vae = snapshot.vae, .params = snapshot.params, .z = sent_z_,
                                                      .generation = ++sent_generation_});
}

Matrix LatentProbes::interpolation_path(int steps) const {
  Matrix path(latent_dim_, std::max(steps, 2));
  const int n = int(path.cols());
  const int from = std::clamp(interpolate_from, 0, int(pins.size()) - 1);
  const int to = std::clamp(interpolate_to, 0, int(pins.size()) - 1);
  Eigen::VectorXd a(latent_dim_), b(latent_dim_);
  for (int d = 0; d < latent_dim_; ++d) {
    a(d) = pins[size_t(from)].z[size_t(d)];
    b(d) = pins[size_t(to)].z[size_t(d)];
  }
  // Spherical interpolation (Shoemake; White 2016 for generative models)
  // keeps the path's norm where the prior puts its mass instead of cutting
  // through the low-norm centre; it needs a well-defined angle.
  const double na = a.norm(), nb = b.norm();
  const double cos_angle = na > 1e-9 && nb > 1e-9 ? std::clamp(a.dot(b) / (na * nb), -1.0, 1.0) : 1.0;
  const double angle = std::acos(cos_angle);
  const bool slerp = spherical && angle > 1e-4 && std::sin(angle) > 1e-6;
  for (int i = 0; i < n; ++i) {
    const double t = double(i) / double(n - 1);
    Eigen::VectorXd z;
    if (slerp)
      z = (std::sin((1 - t) * angle) * a + std::sin(t * angle) * b) / std::sin(angle);
    else
      z = (1 - t) * a + t * b;
    path.col(i) = z.cast<float>();
  }
  return path;
}

void LatentProbes::plane_point(double x, double y, float* z) const {
  std::fill(z, z + latent_dim_, 0.0f);
  z[dim_x] = float(x);
  if (latent_dim_ > 1) z[dim_y] = float(y);
}

int LatentProbes::selected_code(const Snapshot& snapshot) const {
  if (selected_test_index < 0 || !snapshot.codes) return -1;
  const auto& idx = snapshot.codes->test_indices;  // sorted by the trainer
  const auto it = std::lower_bound(idx.begin(), idx.end(), selected_test_index);
  return it != idx.end() && *it == selected_test_index ? int(it - idx.begin()) : -1;
}

}  // namespace latent
