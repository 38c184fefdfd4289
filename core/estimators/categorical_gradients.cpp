// The categorical VAE's training gradient under each estimator, and the
// pieces any categorical q shares. Shapes: D groups, K categories, B
// examples, S samples per example, C codes.
#include "core/estimators/categorical_gradients.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/estimators/score_function.hpp"

namespace latent {

void fill_gumbel(Matrix& g, Rng& rng) {
  for (Eigen::Index i = 0; i < g.size(); ++i) {
    double u = rng.uniform();
    while (u <= 0.0) u = rng.uniform();  // (0, 1): both logs stay finite
    g.data()[i] = float(-std::log(-std::log(u)));
  }
}

void add_kl_to_uniform_gradient(const Eigen::MatrixXd& log_q_groups, int D, int K, double scale, Matrix& d_logits) {
  for (int d = 0; d < D; ++d) {
    const Eigen::ArrayXXd lq = log_q_groups.middleRows(d * K, K).array() + std::log(double(K));  // log(K q)
    const Eigen::ArrayXXd q = log_q_groups.middleRows(d * K, K).array().exp();
    const Eigen::RowVectorXd kl = (q * lq).colwise().sum().matrix();  // (B)
    d_logits.middleRows(d * K, K) += (scale * q * (lq.rowwise() - kl.array())).cast<float>().matrix();
  }
}

void check_sampled_options(const ElboOptions& options) {
  if (!estimator_applies(options.estimator, LatentType::Categorical))
    throw std::invalid_argument("the " + to_string(options.estimator) +
                                " estimator needs a Gaussian latent; a categorical one takes enumerate, reinforce, "
                                "reinforce-mean, reinforce-loo, gumbel or straight-through");
  if (options.samples < 1 || options.samples > 1000)
    throw std::invalid_argument("samples per example must be 1..1000 (got " + std::to_string(options.samples) + ")");
  if (options.estimator == EncoderGradient::ScoreFunctionLeaveOneOut && options.samples < 2)
    throw std::invalid_argument("the leave-one-out baseline needs at least 2 samples per example (samples >= 2)");
  if (!(options.temperature > 0.0 && options.temperature <= 100.0))
    throw std::invalid_argument("the temperature tau must be in (0, 100] (got " + std::to_string(options.temperature) + ")");
}

void draw_gumbel_codes(const Matrix& logits, int D, int K, int S, double tau, Rng& rng, Matrix& perturbed,
                       Matrix& hard, Matrix& soft) {
  const Eigen::Index B = logits.cols();
  perturbed.resize(D * K, B * S);
  fill_gumbel(perturbed, rng);  // noise first, then the perturbed logits l + g, in place
  for (int s = 0; s < S; ++s) perturbed.middleCols(s * B, B) += logits;
  hard.setZero(perturbed.rows(), perturbed.cols());
  soft.resize(perturbed.rows(), perturbed.cols());
  for (Eigen::Index n = 0; n < perturbed.cols(); ++n)
    for (int d = 0; d < D; ++d) {
      const auto block = perturbed.col(n).segment(d * K, K);
      Eigen::Index top = 0;
      const float max = block.maxCoeff(&top);
      hard(d * K + top, n) = 1.0f;  // argmax(l + g) ~ q (Gumbel-max)
      auto y = soft.col(n).segment(d * K, K);
      y = ((block.array() - max) / float(tau)).exp().matrix();
      y /= y.sum();
    }
}

namespace {

// Through y = softmax(a / tau) per group: d a = (1/tau) y (dy - <y, dy>);
// a = l + g_s, so every sample s adds to d l (D*K, B).
void add_relaxation_gradient(const Matrix& y, const Matrix& dy, int D, int K, double tau, Matrix& d_logits) {
  const Eigen::Index B = d_logits.cols();
  for (Eigen::Index n = 0; n < y.cols(); ++n)
    for (int d = 0; d < D; ++d) {
      const auto yd = y.col(n).segment(d * K, K).array();
      const auto dyd = dy.col(n).segment(d * K, K).array();
      d_logits.col(n % B).segment(d * K, K).array() += float(1.0 / tau) * yd * (dyd - (yd * dyd).sum());
    }
}

}  // namespace

void sampled_logit_gradient(const ElboOptions& options, const Eigen::MatrixXd& log_q_groups, int D, int K,
                            const Matrix& hard, const Matrix& soft, const Eigen::ArrayXXf& reward,
                            const Matrix& d_read, Matrix& d_logits) {
  const Eigen::Index B = log_q_groups.cols(), S = reward.cols();
  d_logits.setZero(D * K, B);
  if (reads_relaxed_gradient(options.estimator)) {
    add_relaxation_gradient(soft, d_read, D, K, options.temperature, d_logits);
    return;
  }
  // d log q(z) / d l = onehot(z) - softmax(l), group by group.
  const Eigen::ArrayXXf advantage = baselined_reward(reward, options.estimator, options.baseline);  // (B, S)
  const Matrix q = log_q_groups.array().exp().cast<float>().matrix();
  const float scale = -1.0f / float(B * S);
  for (Eigen::Index s = 0; s < S; ++s)
    d_logits += ((hard.middleCols(s * B, B) - q).array().rowwise() * (scale * advantage.col(s)).transpose()).matrix();
}

namespace {

// The exact gradient: E_q[f] = sum_c q(c) f_c, so d/dl_dk = sum_c q(c) f_c
// (onehot_c - softmax_d)_k = E_q[f 1{z_d = k}] - q_dk E_q[f].
CategoricalTerms enumerate(const CategoricalVae& vae, const float* params, float* grads, const Matrix& x,
                           double beta, CategoricalGradientWorkspace& ws) {
  const int D = vae.config().groups, K = vae.config().categories, B = int(x.cols());
  CategoricalEnumeration& e = ws.enumeration;
  enumerate_codes(vae, params, x, e, ws.model);
  const Eigen::ArrayXXd q = e.log_q.array().exp();  // (C, B)
  ws.weights = q.matrix() / double(B);
  vae.pair_backward(params, grads, x, ws.weights, ws.model, nullptr);

  const Eigen::MatrixXd qf = (q * e.log_lik.array()).matrix();  // (C, B)
  const Eigen::RowVectorXd expected = qf.colwise().sum();        // (B): E_q[f]
  const Eigen::MatrixXd q_groups = e.log_q_groups.array().exp().matrix();
  const Eigen::MatrixXd d_expected = e.codes.cast<double>() * qf - (q_groups.array().rowwise() * expected.array()).matrix();
  ws.d_logits = (-d_expected / double(B)).cast<float>();
  add_kl_to_uniform_gradient(e.log_q_groups, D, K, beta / B, ws.d_logits);
  vae.encoder_backward(params, grads, ws.d_logits, ws.model);

  return {expected.mean(), categorical_kl_to_uniform(e.log_q_groups, D, K).mean()};
}

CategoricalTerms sample(const CategoricalVae& vae, const float* params, float* grads, const Matrix& x,
                        const ElboOptions& options, Rng& rng, CategoricalGradientWorkspace& ws) {
  const int D = vae.config().groups, K = vae.config().categories, B = int(x.cols()), S = options.samples;
  const Matrix& logits = vae.encode(params, x, ws.model);  // (D*K, B)
  const Eigen::MatrixXd log_q_groups = group_log_softmax(logits, D, K);
  draw_gumbel_codes(logits, D, K, S, options.temperature, rng, ws.d_codes, ws.codes, ws.relaxed);

  const bool pathwise = reads_relaxed_gradient(options.estimator);
  const Matrix& read = options.estimator == EncoderGradient::GumbelSoftmax ? ws.relaxed : ws.codes;  // what the decoder reads
  vae.pair_log_likelihood(params, x, read, ws.log_lik, ws.model);  // (B*S, B); pair (s*B + b, b) counts
  ws.weights.setZero(B * S, B);
  Eigen::ArrayXXf reward(B, S);  // f = log p(x_b | z_bs)
  for (int s = 0; s < S; ++s)
    for (int b = 0; b < B; ++b) {
      ws.weights(s * B + b, b) = 1.0 / double(B * S);
      reward(b, s) = float(ws.log_lik(s * B + b, b));
    }
  vae.pair_backward(params, grads, x, ws.weights, ws.model, pathwise ? &ws.d_codes : nullptr);

  sampled_logit_gradient(options, log_q_groups, D, K, ws.codes, ws.relaxed, reward, ws.d_codes, ws.d_logits);
  add_kl_to_uniform_gradient(log_q_groups, D, K, options.beta / B, ws.d_logits);
  vae.encoder_backward(params, grads, ws.d_logits, ws.model);
  return {double(reward.mean()), categorical_kl_to_uniform(log_q_groups, D, K).mean()};
}

}  // namespace

CategoricalTerms categorical_loss_and_gradient(const CategoricalVae& vae, const float* params, float* grads,
                                               const Matrix& x, const ElboOptions& options, Rng& rng,
                                               CategoricalGradientWorkspace& ws) {
  if (options.estimator == EncoderGradient::Enumerate) return enumerate(vae, params, grads, x, options.beta, ws);
  check_sampled_options(options);
  return sample(vae, params, grads, x, options, rng, ws);
}

}  // namespace latent
