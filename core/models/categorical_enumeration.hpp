// The categorical VAE's exact numbers when K^D is small: summing over every
// joint code replaces the integral of the Gaussian VAE. log p(x), the true
// posterior p(z|x), the ELBO of q, and its gap KL(q(z|x) || p(z|x)).
#pragma once
#include <Eigen/Core>

#include "core/models/categorical_vae.hpp"

namespace latent {

// A batch's encoder and decoder outputs over all C = K^D joint codes.
struct CategoricalEnumeration {
  Matrix codes;                  // (D*K, C), all_codes(D, K)
  Eigen::MatrixXd log_q_groups;  // (D*K, B): log q(z_d = k | x_b)
  Eigen::MatrixXd log_q;         // (C, B): log q(z = c | x_b) = sum_d log q(z_d = c_d | x_b)
  Eigen::MatrixXd log_lik;       // (C, B): log p(x_b | z = c)
  double log_prior = 0.0;        // log p(z = c) = -D log K for every c
};
// x: (Din, B). Encodes x and decodes every joint code; ws keeps both passes
// (and e.codes must stay alive) for a backward pass. Throws std::invalid_argument when K^D > kMaxEnumeratedCodes.
void enumerate_codes(const CategoricalVae& vae, const float* params, const Matrix& x, CategoricalEnumeration& e,
                     CategoricalVae::Workspace& ws);

// KL(q(z_d|x) || Uniform(K)) = sum_k q_k log(K q_k), summed over the groups:
// (B), from log q per group (D*K, B).
Eigen::VectorXd categorical_kl_to_uniform(const Eigen::MatrixXd& log_q_groups, int groups, int categories);

// Per example (B), every term from its own definition.
struct CategoricalBound {
  Eigen::VectorXd log_marginal;      // log p(x) = logsumexp_c [log p(x|c) + log p(c)]
  Eigen::VectorXd expected_log_lik;  // E_q[log p(x|z)], summed over the C codes
  Eigen::VectorXd kl_prior;          // KL(q(z|x) || p(z)), closed form per group
  Eigen::VectorXd gap;               // KL(q(z|x) || p(z|x)) = sum_c q_c (log q_c - log p(c|x))
  Eigen::MatrixXd posterior;         // (C, B): p(z = c | x_b)
  Eigen::VectorXd elbo() const { return expected_log_lik - kl_prior; }
};
CategoricalBound exact_bound(const CategoricalEnumeration& e, int groups, int categories);

// Means over the columns of x (Din, N), in chunks of examples so any data
// set fits in bounded scratch.
struct CategoricalBoundMeans {
  double log_marginal = 0.0, expected_log_lik = 0.0, kl_prior = 0.0, gap = 0.0;
  double elbo() const { return expected_log_lik - kl_prior; }
};
CategoricalBoundMeans mean_exact_bound(const CategoricalVae& vae, const float* params, const Matrix& x);

}  // namespace latent
