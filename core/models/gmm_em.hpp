// Expectation-maximization for the mixture of Gaussians (Dempster, Laird &
// Rubin 1977; Bishop, PRML 9.2-9.4), one half-step at a time: the E-step
// sets q(z|x) to the exact posterior p(z|x), so the ELBO equals log p(x);
// the M-step maximizes the ELBO of that q over the parameters in closed
// form, which raises log p(x) and opens the gap again.
#pragma once
#include "core/models/gmm.hpp"

namespace latent {

enum class EmHalf { E, M };

// The M-step's covariance floor: every eigenvalue of Sigma_k stays >= 1e-4
// (sd 0.01, a twelfth of the `gaussians` toy's). Clipping the eigenvalues of
// the weighted scatter matrix at the floor is the exact maximizer of the
// ELBO over {Sigma >= floor I}, so EM stays monotone, while a component that
// shrinks onto one point can no longer send log p(x) to infinity.
inline constexpr double kGmmVarianceFloor = 1e-4;

// Means by greedy k-means++ seeding (Arthur & Vassilvitskii 2007): the
// first a uniformly drawn point; for each next one, 2 + ln K candidates
// drawn with probability proportional to their squared distance D^2 to the
// nearest mean so far, keeping the one that leaves the least total D^2
// (plain k-means++ put two means in one of the `gaussians` toy's clusters
// for seed 1, and EM cannot move a mean across the empty gap). Equal
// weights; every covariance the whole data set's (plus the floor): the
// components start broad and overlapping, so on the `gaussians` toy EM's
// progress unfolds over some 30 iterations a class can watch, not the 2 it
// takes from tight starting covariances.
GmmParams gmm_init_from_data(const Points2& x, int components, Rng& rng);

// q(z|x) = p(z|x): (K, N).
Eigen::MatrixXd em_e_step(const GmmParams& params, const Points2& x);

// argmax over the parameters of the ELBO of q (K, N): N_k = sum_n q_kn,
// pi_k = N_k / N, mu_k = sum_n q_kn x_n / N_k, Sigma_k = sum_n q_kn
// (x_n - mu_k)(x_n - mu_k)^T / N_k with its eigenvalues floored. A component
// q gives no points (N_k < 1e-8) keeps its mean and covariance from
// `previous` (its ELBO does not depend on them), and its weight stays at
// 1e-12 so log pi stays finite.
GmmParams em_m_step(const Points2& x, const Eigen::MatrixXd& q, const GmmParams& previous);

}  // namespace latent
