// VAE forward and backward. Shapes: D data dims, L latent dims, B batch,
// M samples per example.
#include "core/models/vae.hpp"

#include <cmath>
#include <stdexcept>

#include "core/estimators/score_function.hpp"
#include "core/models/likelihood.hpp"

namespace latent {

Vae::Vae(const VaeConfig& config) : config_(config) {
  if (config.input_dim <= 0 || config.latent_dim <= 0)
    throw std::invalid_argument("VAE sizes must be positive");
  encoder_ = Mlp(layer_sizes(config.input_dim, config.encoder_hidden, 2 * config.latent_dim), config.activation,
                 Activation::Identity, layout_);
  decoder_ = Mlp(layer_sizes(config.latent_dim, config.decoder_hidden, config.input_dim), config.activation,
                 Activation::Identity, layout_);
  if (config.likelihood == Likelihood::Gaussian) log_sigma_ = layout_.add(config.input_dim, 1);
}

void Vae::init(float* params, Rng& rng) const {
  encoder_.init(params, rng);
  decoder_.init(params, rng);
  if (log_sigma_.size() > 0) {
    const float start = config_.learn_sigma ? 0.0f : std::log(config_.fixed_sigma);
    view(params, log_sigma_).setConstant(start);
  }
}

Vector Vae::decoder_log_sigma(const float* params) const {
  if (log_sigma_.size() == 0) return Vector();
  if (!config_.learn_sigma) return Vector::Constant(config_.input_dim, std::log(config_.fixed_sigma));
  return view(params, log_sigma_).col(0);
}

void Vae::encode(const float* params, const Matrix& x, Matrix& mu, Matrix& log_var, Workspace& ws) const {
  const Matrix& out = encoder_.forward(params, x, ws.encoder);  // (2L, B)
  const int L = config_.latent_dim;
  mu = out.topRows(L);
  log_var = out.bottomRows(L);
}

void Vae::decode(const float* params, const Matrix& z, Matrix& mean, Workspace& ws) const {
  mean = decoder_.forward(params, z, ws.decoder);  // (D, B)
  output_to_mean(mean);
}

void Vae::output_to_mean(Matrix& out) const {
  if (config_.likelihood == Likelihood::Bernoulli) out = (1.0f + (-out.array()).exp()).inverse().matrix();
}

void Vae::log_likelihood(const float* params, const Matrix& x, const Matrix& z, Vector& out, Workspace& ws,
                         Matrix* d_z) const {
  // x: (D, 1) or (D, K); z: (L, K)
  const int D = config_.input_dim, K = int(z.cols());
  if (x.rows() != D || (x.cols() != 1 && x.cols() != K))
    throw std::invalid_argument("log_likelihood: x must be (D, 1) or (D, K)");
  const Matrix& output = decoder_.forward(params, z, ws.decoder);  // (D, K)
  ws.log_lik.resize(D, K);
  if (d_z) ws.d_output.resize(D, K);
  const Vector log_sigma = decoder_log_sigma(params);
  for (int k = 0; k < K; ++k) {
    const auto xk = x.col(x.cols() == 1 ? 0 : k);
    Eigen::Ref<Matrix> d_block = d_z ? ws.d_output.middleCols(k, 1) : ws.d_output.leftCols(0);
    Eigen::Ref<Matrix>* d = d_z ? &d_block : nullptr;
    if (config_.likelihood == Likelihood::Bernoulli)
      bernoulli_log_prob(xk, output.col(k), ws.log_lik.col(k), d, 1.0f);
    else
      gaussian_log_prob(xk, output.col(k), log_sigma, ws.log_lik.col(k), d, 1.0f);
  }
  out = ws.log_lik.colwise().sum().transpose();
  if (d_z) decoder_.backward(params, nullptr, ws.decoder, ws.d_output, d_z);
}

ElboTerms Vae::forward(const float* params, const Matrix& x, const ElboOptions& options, Rng& rng, Workspace& ws,
                       bool want_output_gradient) const {
  // x: (D, B)
  const int D = config_.input_dim, L = config_.latent_dim;
  const int B = int(x.cols()), M = options.samples;
  if (x.rows() != D) throw std::invalid_argument("VAE input has the wrong number of rows");
  if (M < 1) throw std::invalid_argument("need at least one Monte Carlo sample");

  encode(params, x, ws.mu, ws.log_var, ws);      // (L, B) each
  ws.sigma = (0.5f * ws.log_var.array()).exp();  // (L, B)

  if (options.noise) {
    if (options.noise->rows() != L || options.noise->cols() != B * M)
      throw std::invalid_argument("fixed noise must have shape (latent, batch * samples)");
    ws.eps = *options.noise;
  } else {
    ws.eps.resize(L, B * M);
    for (Eigen::Index i = 0; i < ws.eps.size(); ++i) ws.eps.data()[i] = float(rng.normal());
  }
  ws.z.resize(L, B * M);  // reparameterization: z = mu + sigma * eps
  for (int m = 0; m < M; ++m)
    ws.z.middleCols(m * B, B).array() = ws.mu.array() + ws.sigma.array() * ws.eps.middleCols(m * B, B).array();

  const Matrix& out = decoder_.forward(params, ws.z, ws.decoder);  // (D, B*M)
  ws.log_lik.resize(D, B * M);
  if (want_output_gradient) ws.d_output.resize(D, B * M);
  const float grad_scale = -1.0f / float(B * M);  // loss = -mean over examples and samples

  const Vector log_sigma = decoder_log_sigma(params);  // (D), Gaussian only
  for (int m = 0; m < M; ++m) {
    const auto o = out.middleCols(m * B, B);
    auto ll = ws.log_lik.middleCols(m * B, B);
    // Without gradients the d_output block is empty and never written.
    Eigen::Ref<Matrix> d_block = want_output_gradient ? ws.d_output.middleCols(m * B, B) : ws.d_output.leftCols(0);
    Eigen::Ref<Matrix>* d = want_output_gradient ? &d_block : nullptr;
    if (config_.likelihood == Likelihood::Bernoulli)
      bernoulli_log_prob(x, o, ll, d, grad_scale);
    else
      gaussian_log_prob(x, o, log_sigma, ll, d, grad_scale);
  }

  ElboTerms terms;
  terms.reconstruction = double(ws.log_lik.sum()) / double(B * M);
  terms.kl = 0.5 * double((ws.mu.array().square() + ws.log_var.array().exp() - 1.0f - ws.log_var.array()).sum()) /
             double(B);
  return terms;
}

ElboTerms Vae::evaluate(const float* params, const Matrix& x, const ElboOptions& options, Rng& rng,
                        Workspace& ws) const {
  return forward(params, x, options, rng, ws, false);
}

ElboTerms Vae::loss_and_gradient(const float* params, float* grads, const Matrix& x, const ElboOptions& options,
                                 Rng& rng, Workspace& ws) const {
  const ElboTerms terms = forward(params, x, options, rng, ws, true);
  const int L = config_.latent_dim, B = int(x.cols()), M = options.samples;

  if (log_sigma_.size() > 0) {
    auto g = view(grads, log_sigma_).col(0);
    if (config_.learn_sigma) {
      // d(-log p)/d log s = 1 - r^2 per element, averaged like the loss.
      const Eigen::ArrayXf inv_s = (-decoder_log_sigma(params).array()).exp();
      const Matrix& out = ws.decoder.outputs.back();
      Eigen::ArrayXf sum = Eigen::ArrayXf::Zero(config_.input_dim);
      for (int m = 0; m < M; ++m) {
        const Eigen::ArrayXXf r = (x.array() - out.middleCols(m * B, B).array()).colwise() * inv_s;
        sum += (1.0f - r.square()).rowwise().sum();
      }
      g = (sum / float(B * M)).matrix();
    } else {
      g.setZero();
    }
  }

  const bool pathwise = options.estimator == EncoderGradient::Reparameterization;
  // The score function needs no d_z: skip the decoder's input gradient.
  decoder_.backward(params, grads, ws.decoder, ws.d_output, pathwise ? &ws.d_z : nullptr);  // d_z: (L, B*M)

  // The closed-form KL: dKL/dmu = mu, dKL/dlog_var = (sigma^2 - 1) / 2, each divided by B.
  ws.d_encoder.resize(2 * L, B);
  auto d_mu = ws.d_encoder.topRows(L);
  auto d_log_var = ws.d_encoder.bottomRows(L);
  const float kl_scale = options.beta / float(B);
  d_mu = kl_scale * ws.mu;
  d_log_var = (0.5f * kl_scale) * (ws.sigma.array().square() - 1.0f).matrix();
  if (pathwise) {
    // z = mu + sigma * eps: dz/dmu = 1, dz/dlog_var = eps * sigma / 2.
    for (int m = 0; m < M; ++m) {
      const auto dz = ws.d_z.middleCols(m * B, B).array();
      d_mu.array() += dz;
      d_log_var.array() += dz * ws.eps.middleCols(m * B, B).array() * 0.5f * ws.sigma.array();
    }
  } else {
    // f = log p(x|z), summed over data dimensions: (B, M).
    ws.reward.resize(B, M);
    for (int m = 0; m < M; ++m)
      ws.reward.col(m) = ws.log_lik.middleCols(m * B, B).colwise().sum().transpose().array();
    add_score_function_gradient(ws.reward, ws.eps, ws.sigma, options.estimator, options.baseline,
                                -1.0f / float(B * M), d_mu, d_log_var);
  }
  encoder_.backward(params, grads, ws.encoder, ws.d_encoder, nullptr);
  return terms;
}

}  // namespace latent
