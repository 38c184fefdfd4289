// The amortized q's forward pass and its ELBO gradient under each
// categorical estimator. Shapes: K components, B points, S samples per point.
#include "core/models/gmm_amortized_q.hpp"

#include <cmath>
#include <stdexcept>

#include "core/estimators/categorical_gradients.hpp"

namespace latent {

namespace {
Mlp make_mlp(int components, int hidden, ParamLayout& layout) {
  if (components < 1) throw std::invalid_argument("the amortized q needs at least one component (K >= 1)");
  return Mlp({2, hidden, components}, Activation::Tanh, Activation::Identity, layout);
}
}  // namespace

GmmAmortizedQ::GmmAmortizedQ(int components, int hidden) : mlp_(make_mlp(components, hidden, layout_)) {}

void GmmAmortizedQ::init(float* params, Rng& rng) const { mlp_.init(params, rng); }

Eigen::MatrixXd GmmAmortizedQ::q(const float* params, const Points2& x) const {
  Workspace ws;
  ws.x = x.cast<float>();
  return group_log_softmax(mlp_.forward(params, ws.x, ws.mlp), 1, components()).array().exp().matrix();
}

AmortizedQTerms GmmAmortizedQ::loss_and_gradient(const float* params, float* grads, const GmmParams& mixture,
                                                 const Points2& x, const ElboOptions& options, Rng& rng,
                                                 Workspace& ws) const {
  const int K = components(), B = int(x.cols());
  ws.x = x.cast<float>();
  const Matrix& logits = mlp_.forward(params, ws.x, ws.mlp);  // (K, B)
  const Eigen::MatrixXd log_q = group_log_softmax(logits, 1, K);
  const Eigen::VectorXd log_pi = (mixture.logits.array() - log_marginal(mixture.logits)(0)).matrix();  // (K)
  const Eigen::MatrixXd f = gmm_log_joint(mixture, x).colwise() - log_pi;  // (K, B): log p(x | z = k)
  const Eigen::ArrayXXd q = log_q.array().exp();                           // (K, B)
  const Eigen::RowVectorXd expected_log_pi = (q.colwise() * log_pi.array()).colwise().sum().matrix();  // (B)
  AmortizedQTerms terms;
  // KL(q || pi) = KL(q || U(K)) - E_q[log pi] - log K.
  terms.kl_prior = (categorical_kl_to_uniform(log_q, 1, K).transpose() - expected_log_pi).mean() - std::log(double(K));
  if (options.estimator == EncoderGradient::Enumerate) {
    // d E_q[f] / d l_k = q_k (f_k - E_q[f]).
    const Eigen::RowVectorXd expected = (q * f.array()).colwise().sum().matrix();  // (B)
    ws.d_logits = (-(q * (f.array().rowwise() - expected.array())) / double(B)).cast<float>().matrix();
    terms.expected_log_lik = expected.mean();
  } else {
    check_sampled_options(options);
    const int S = options.samples;
    draw_gumbel_codes(logits, 1, K, S, options.temperature, rng, ws.d_read, ws.hard, ws.soft);
    // The relaxations need f at a code y that is not one-hot. The only
    // sensible extension is the linear one, f(y) = sum_k y_k log N(x; mu_k,
    // Sigma_k) (and log p(x, z) = sum_k y_k (log pi_k + log N_k) with the
    // prior's part, which the closed-form KL takes here): it equals f at
    // every one-hot y, and its gradient with respect to y is the column of
    // log N_k whatever y is, so straight-through and Gumbel-softmax take the
    // same gradient. (A VAE's decoder reads y through a network; here nothing
    // nonlinear reads z, and the relaxation's bias comes from the softmax alone.)
    const Matrix& read = options.estimator == EncoderGradient::GumbelSoftmax ? ws.soft : ws.hard;
    const Matrix f_float = f.cast<float>();
    Eigen::ArrayXXf reward(B, S);
    for (int s = 0; s < S; ++s)
      for (int b = 0; b < B; ++b) {
        reward(b, s) = read.col(s * B + b).dot(f_float.col(b));
        ws.d_read.col(s * B + b) = f_float.col(b) * (-1.0f / float(B * S));  // of the loss -(1/(B S)) sum f
      }
    sampled_logit_gradient(options, log_q, 1, K, ws.hard, ws.soft, reward, ws.d_read, ws.d_logits);
    terms.expected_log_lik = double(reward.mean());
  }
  // The KL's gradient: KL(q || U(K))'s, plus that of -E_q[log pi], q_k (E_q[log pi] - log pi_k).
  add_kl_to_uniform_gradient(log_q, 1, K, 1.0 / B, ws.d_logits);
  ws.d_logits += ((q * (expected_log_pi.replicate(K, 1).array().colwise() - log_pi.array())) / double(B))
                     .cast<float>()
                     .matrix();
  mlp_.backward(params, grads, ws.mlp, ws.d_logits, nullptr);
  return terms;
}

}  // namespace latent
