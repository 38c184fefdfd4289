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
  const Eigen::MatrixXd joint = gmm_log_joint(mixture, x);  // (K, B): f(z = k) = log p(x, z = k)
  AmortizedQTerms terms;
  terms.entropy = std::log(double(K)) - categorical_kl_to_uniform(log_q, 1, K).mean();
  if (options.estimator == EncoderGradient::Enumerate) {
    // d E_q[f] / d l_k = q_k (f_k - E_q[f]).
    const Eigen::ArrayXXd q = log_q.array().exp();
    const Eigen::RowVectorXd expected = (q * joint.array()).colwise().sum().matrix();  // (B)
    ws.d_logits = (-(q * (joint.array().rowwise() - expected.array())) / double(B)).cast<float>().matrix();
    terms.expected_log_joint = expected.mean();
  } else {
    check_sampled_options(options);
    const int S = options.samples;
    draw_gumbel_codes(logits, 1, K, S, options.temperature, rng, ws.d_read, ws.hard, ws.soft);
    // The relaxations need f at a code y that is not one-hot. The only
    // sensible extension is the linear one, f(y) = sum_k y_k (log pi_k +
    // log N(x; mu_k, Sigma_k)): it equals log p(x, z) at every one-hot y, and
    // its gradient with respect to y is the column of log p(x, z = k). (A
    // VAE's decoder reads y through a network instead; here nothing nonlinear
    // reads z, so the relaxation's bias comes from the softmax alone.)
    const Matrix& read = options.estimator == EncoderGradient::GumbelSoftmax ? ws.soft : ws.hard;
    const Matrix joint_f = joint.cast<float>();
    Eigen::ArrayXXf reward(B, S);
    for (int s = 0; s < S; ++s)
      for (int b = 0; b < B; ++b) {
        reward(b, s) = read.col(s * B + b).dot(joint_f.col(b));
        ws.d_read.col(s * B + b) = joint_f.col(b) * (-1.0f / float(B * S));  // of the loss -(1/(B S)) sum f
      }
    sampled_logit_gradient(options, log_q, 1, K, ws.hard, ws.soft, reward, ws.d_read, ws.d_logits);
    terms.expected_log_joint = double(reward.mean());
  }
  // -H(q) = KL(q || U(K)) - log K: the entropy's gradient is the KL's, negated.
  add_kl_to_uniform_gradient(log_q, 1, K, 1.0 / B, ws.d_logits);
  mlp_.backward(params, grads, ws.mlp, ws.d_logits, nullptr);
  return terms;
}

}  // namespace latent
