// EM's two half-steps and the k-means++ start.
#include "core/models/gmm_em.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace latent {

GmmParams gmm_init_from_data(const Points2& x, int components, Rng& rng) {
  const Eigen::Index n = x.cols();
  GmmParams p(components);
  // Squared distance of each point to its nearest mean so far.
  Eigen::VectorXd nearest = Eigen::VectorXd::Constant(n, INFINITY);
  auto distances_to = [&](Eigen::Index i) -> Eigen::VectorXd {
    return (x.colwise() - x.col(i)).colwise().squaredNorm().transpose();
  };
  const int candidates = 2 + int(std::log(double(components)));
  for (int k = 0; k < components; ++k) {
    Eigen::Index best = Eigen::Index(rng.below(uint64_t(n)));
    if (k > 0) {
      // Greedy: of a few D^2-drawn candidates, the one that leaves the least total distance.
      double best_total = INFINITY;
      for (int c = 0; c < candidates; ++c) {
        double u = rng.uniform() * nearest.sum();
        Eigen::Index pick = 0;
        for (; pick + 1 < n && u >= nearest(pick); ++pick) u -= nearest(pick);
        const double total = nearest.cwiseMin(distances_to(pick)).sum();
        if (total < best_total) best_total = total, best = pick;
      }
    }
    p.means.col(k) = x.col(best);
    nearest = nearest.cwiseMin(distances_to(best));
  }
  const Points2 centred = x.colwise() - x.rowwise().mean();
  const Eigen::Matrix2d spread = centred * centred.transpose() / double(n) + kGmmVarianceFloor * Eigen::Matrix2d::Identity();
  for (int k = 0; k < components; ++k) p.set_covariance(k, spread);
  return p;  // logits 0: equal weights
}

Eigen::MatrixXd em_e_step(const GmmParams& params, const Points2& x) { return posterior(gmm_log_joint(params, x)); }

GmmParams em_m_step(const Points2& x, const Eigen::MatrixXd& q, const GmmParams& previous) {
  // x: (2, N), q: (K, N)
  const int k_count = previous.components();
  const double n = double(x.cols());
  GmmParams p = previous;
  Eigen::VectorXd pi(k_count);
  for (int k = 0; k < k_count; ++k) {
    const double nk = q.row(k).sum();
    pi(k) = std::max(nk / n, 1e-12);
    if (nk < 1e-8) continue;
    const Eigen::Vector2d mu = x * q.row(k).transpose() / nk;
    const Points2 centred = x.colwise() - mu;
    const Eigen::Matrix2d scatter = centred * q.row(k).asDiagonal() * centred.transpose() / nk;
    const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eigen(scatter);
    const Eigen::Vector2d floored = eigen.eigenvalues().cwiseMax(kGmmVarianceFloor);
    p.means.col(k) = mu;
    p.set_covariance(k, eigen.eigenvectors() * floored.asDiagonal() * eigen.eigenvectors().transpose());
  }
  p.set_weights(pi / pi.sum());
  return p;
}

}  // namespace latent
