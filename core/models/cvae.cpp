// Conditional VAE forward and backward. Shapes: Din inputs x, Dout outputs
// y, L latent dims, B batch, M samples per example. Internally y is
// standardized; densities are converted back to y's units.
#include "core/models/cvae.hpp"

#include <cmath>
#include <stdexcept>

#include "core/estimators/score_function.hpp"
#include "core/math/log_density.hpp"
#include "core/math/log_sum_exp.hpp"
#include "core/models/likelihood.hpp"

namespace latent {

namespace {
void check_scaling(const InputScaling& s, int dim, const char* what) {
  if (!s.is_identity() && int(s.shift.size()) != dim)
    throw std::invalid_argument(std::string("conditional VAE: the ") + what + " scaling has " +
                                std::to_string(s.shift.size()) + " dimensions, the model " + std::to_string(dim));
}

// Standardized (Dout, N) -> y's own units, in place.
void unstandardize(const InputScaling& s, Matrix& y) {
  if (s.is_identity()) return;
  const Eigen::Map<const Eigen::ArrayXf> shift(s.shift.data(), Eigen::Index(s.shift.size()));
  const Eigen::Map<const Eigen::ArrayXf> scale(s.scale.data(), Eigen::Index(s.scale.size()));
  y.array() = (y.array().colwise() * scale).colwise() + shift;
}

// Row-wise log-sum-exp of a (R, C) array -> (R).
Eigen::ArrayXf log_sum_exp_rows(const Eigen::ArrayXXf& a) {
  Eigen::ArrayXf row_max, out;
  latent::log_sum_exp_rows(a, row_max, out);
  return out;
}
}  // namespace

ConditionalVae::ConditionalVae(const CvaeConfig& config) : config_(config) {
  if (config.input_dim <= 0 || config.output_dim <= 0 || config.latent_dim <= 0)
    throw std::invalid_argument("conditional VAE sizes (inputs, outputs, latent) must be positive");
  check_scaling(config.x_scaling, config.input_dim, "input");
  check_scaling(config.y_scaling, config.output_dim, "output");
  const int Din = config.input_dim, Dout = config.output_dim, L = config.latent_dim;
  encoder_ = Mlp(layer_sizes(Din + Dout, config.hidden, 2 * L), config.activation, Activation::Identity, layout_);
  decoder_ = Mlp(layer_sizes(Din + L, config.hidden, Dout), config.activation, Activation::Identity, layout_);
  if (config.prior == CvaePrior::Conditional)
    prior_ = Mlp(layer_sizes(Din, config.hidden, 2 * L), config.activation, Activation::Identity, layout_);
  log_sigma_ = layout_.add(Dout, 1);
}

void ConditionalVae::init(float* params, Rng& rng) const {
  encoder_.init(params, rng);
  decoder_.init(params, rng);
  if (config_.prior == CvaePrior::Conditional) prior_.init(params, rng);
  view(params, log_sigma_).setZero();  // s = the spread of y
}

double ConditionalVae::log_y_scale() const {
  double sum = 0.0;
  for (float s : config_.y_scaling.scale) sum += std::log(double(s));
  return sum;
}

Vector ConditionalVae::decoder_sigma(const float* params) const {
  Vector s = view(params, log_sigma_).col(0).array().exp();
  if (!config_.y_scaling.is_identity())
    s.array() *= Eigen::Map<const Eigen::ArrayXf>(config_.y_scaling.scale.data(), s.size());
  return s;
}

void ConditionalVae::stack_decoder_input(const Matrix& z, int batch, Workspace& ws) const {
  // x_std (Din, B), z (L, B*M) -> (Din + L, B*M): every sample of example b sees x_b.
  const int Din = config_.input_dim, N = int(z.cols());
  ws.decoder_in.resize(Din + config_.latent_dim, N);
  for (int start = 0; start < N; start += batch) ws.decoder_in.block(0, start, Din, batch) = ws.x_std;
  ws.decoder_in.bottomRows(config_.latent_dim) = z;
}

void ConditionalVae::prior(const float* params, const Matrix& x, Matrix& mu, Matrix& log_var, Workspace& ws) const {
  // x: (Din, B) -> mu, log_var: (L, B)
  if (x.rows() != config_.input_dim) throw std::invalid_argument("conditional VAE input has the wrong number of rows");
  const int L = config_.latent_dim;
  ws.x_std = config_.x_scaling.apply(x, ws.x_std);
  if (config_.prior == CvaePrior::StandardNormal) {
    mu.setZero(L, x.cols());
    log_var.setZero(L, x.cols());
    return;
  }
  const Matrix& out = prior_.forward(params, ws.x_std, ws.prior);  // (2L, B)
  mu = out.topRows(L);
  log_var = out.bottomRows(L);
}

void ConditionalVae::decode(const float* params, const Matrix& x, const Matrix& z, Matrix& mean,
                            Workspace& ws) const {
  // x: (Din, B), z: (L, B) -> mean: (Dout, B)
  if (x.rows() != config_.input_dim || z.rows() != config_.latent_dim || x.cols() != z.cols())
    throw std::invalid_argument("conditional VAE decode: x (Din, B) and z (L, B) must match");
  ws.x_std = config_.x_scaling.apply(x, ws.x_std);
  stack_decoder_input(z, int(x.cols()), ws);
  mean = decoder_.forward(params, ws.decoder_in, ws.decoder);
  unstandardize(config_.y_scaling, mean);
}

void ConditionalVae::sample(const float* params, const Matrix& x, Matrix& y, Rng& rng, Workspace& ws) const {
  // x: (Din, B) -> y: (Dout, B)
  prior(params, x, ws.mu_p, ws.log_var_p, ws);
  ws.z.resize(ws.mu_p.rows(), ws.mu_p.cols());
  for (Eigen::Index i = 0; i < ws.z.size(); ++i)
    ws.z.data()[i] = ws.mu_p.data()[i] + std::exp(0.5f * ws.log_var_p.data()[i]) * float(rng.normal());
  decode(params, x, ws.z, y, ws);
  const Vector s = decoder_sigma(params);
  for (Eigen::Index b = 0; b < y.cols(); ++b)
    for (Eigen::Index d = 0; d < y.rows(); ++d) y(d, b) += s(d) * float(rng.normal());
}

void ConditionalVae::slice_log_density(const float* params, const Matrix& x, const Matrix& y_grid, int samples,
                                       Rng& rng, Vector& out, Workspace& ws) const {
  // x: (Din, 1), y_grid: (Dout, G) -> out: (G)
  if (x.cols() != 1 || y_grid.rows() != config_.output_dim || samples < 1)
    throw std::invalid_argument("slice_log_density: x must be (Din, 1), y_grid (Dout, G), samples >= 1");
  const Matrix xs = x.replicate(1, samples);  // (Din, S)
  prior(params, xs, ws.mu_p, ws.log_var_p, ws);
  ws.z.resize(ws.mu_p.rows(), samples);
  for (Eigen::Index i = 0; i < ws.z.size(); ++i)
    ws.z.data()[i] = ws.mu_p.data()[i] + std::exp(0.5f * ws.log_var_p.data()[i]) * float(rng.normal());
  Matrix means;  // (Dout, S) in y's units
  decode(params, xs, ws.z, means, ws);
  const Eigen::ArrayXf log_s = decoder_sigma(params).array().log();
  const Eigen::Index G = y_grid.cols();
  Eigen::ArrayXXf terms = Eigen::ArrayXXf::Zero(G, samples);  // (G, S): log N(y_g; f(x, z_s), s^2)
  for (Eigen::Index d = 0; d < y_grid.rows(); ++d) {
    const float inv_s = std::exp(-log_s(d));
    const Eigen::ArrayXf y = y_grid.row(d).transpose().array();  // (G)
    for (int s = 0; s < samples; ++s)
      terms.col(s) -= 0.5f * (float(kLog2Pi) + ((y - means(d, s)) * inv_s).square()) + log_s(d);
  }
  out = (log_sum_exp_rows(terms) - std::log(float(samples))).matrix();
}

ElboTerms ConditionalVae::forward(const float* params, const Matrix& x, const Matrix& y, const ElboOptions& options,
                                  Rng& rng, Workspace& ws, bool want_output_gradient) const {
  // x: (Din, B), y: (Dout, B)
  const int Din = config_.input_dim, Dout = config_.output_dim, L = config_.latent_dim;
  const int B = int(x.cols()), M = options.samples;
  if (x.rows() != Din || y.rows() != Dout || y.cols() != B || B == 0)
    throw std::invalid_argument("conditional VAE: x must be (Din, B) and y (Dout, B) with B > 0");
  if (M < 1) throw std::invalid_argument("need at least one Monte Carlo sample");

  prior(params, x, ws.mu_p, ws.log_var_p, ws);  // also standardizes x into ws.x_std
  ws.y_std = config_.y_scaling.apply(y, ws.y_std);
  ws.encoder_in.resize(Din + Dout, B);
  ws.encoder_in.topRows(Din) = ws.x_std;
  ws.encoder_in.bottomRows(Dout) = ws.y_std;
  const Matrix& enc = encoder_.forward(params, ws.encoder_in, ws.encoder);  // (2L, B)
  ws.mu_q = enc.topRows(L);
  ws.log_var_q = enc.bottomRows(L);
  ws.sigma_q = (0.5f * ws.log_var_q.array()).exp();

  if (options.noise) {
    if (options.noise->rows() != L || options.noise->cols() != B * M)
      throw std::invalid_argument("fixed noise must have shape (latent, batch * samples)");
    ws.eps = *options.noise;
  } else {
    ws.eps.resize(L, B * M);
    for (Eigen::Index i = 0; i < ws.eps.size(); ++i) ws.eps.data()[i] = float(rng.normal());
  }
  ws.z.resize(L, B * M);  // z = mu_q + sigma_q * eps
  for (int m = 0; m < M; ++m)
    ws.z.middleCols(m * B, B).array() = ws.mu_q.array() + ws.sigma_q.array() * ws.eps.middleCols(m * B, B).array();

  stack_decoder_input(ws.z, B, ws);
  const Matrix& out = decoder_.forward(params, ws.decoder_in, ws.decoder);  // (Dout, B*M)
  ws.log_lik.resize(Dout, B * M);
  if (want_output_gradient) ws.d_output.resize(Dout, B * M);
  const float grad_scale = -1.0f / float(B * M);  // loss = -mean over examples and samples
  const Vector log_sigma = view(params, log_sigma_).col(0);
  for (int m = 0; m < M; ++m) {
    Eigen::Ref<Matrix> d_block = want_output_gradient ? ws.d_output.middleCols(m * B, B) : ws.d_output.leftCols(0);
    gaussian_log_prob(ws.y_std, out.middleCols(m * B, B), log_sigma, ws.log_lik.middleCols(m * B, B),
                      want_output_gradient ? &d_block : nullptr, grad_scale);
  }

  // KL(N(mu_q, var_q) || N(mu_p, var_p)) per dimension:
  //   0.5 [log var_p - log var_q + (var_q + (mu_q - mu_p)^2) / var_p - 1].
  const auto diff = ws.mu_q.array() - ws.mu_p.array();
  const auto kl = 0.5f * (ws.log_var_p.array() - ws.log_var_q.array() +
                          (ws.log_var_q.array().exp() + diff.square()) * (-ws.log_var_p.array()).exp() - 1.0f);
  ElboTerms terms;
  terms.reconstruction = double(ws.log_lik.sum()) / double(B * M) - log_y_scale();
  terms.kl = double(kl.sum()) / double(B);
  return terms;
}

ElboTerms ConditionalVae::evaluate(const float* params, const Matrix& x, const Matrix& y,
                                   const ElboOptions& options, Rng& rng, Workspace& ws) const {
  return forward(params, x, y, options, rng, ws, false);
}

ElboTerms ConditionalVae::loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                                            const ElboOptions& options, Rng& rng, Workspace& ws) const {
  const ElboTerms terms = forward(params, x, y, options, rng, ws, true);
  const int L = config_.latent_dim, B = int(x.cols()), M = options.samples;

  {  // d(-log p)/d log s = 1 - r^2 per element, averaged like the loss.
    const Eigen::ArrayXf inv_s = (-view(params, log_sigma_).col(0).array()).exp();
    const Matrix& out = ws.decoder.outputs.back();
    Eigen::ArrayXf sum = Eigen::ArrayXf::Zero(config_.output_dim);
    for (int m = 0; m < M; ++m)
      sum += (1.0f - ((ws.y_std.array() - out.middleCols(m * B, B).array()).colwise() * inv_s).square())
                 .rowwise()
                 .sum();
    view(grads, log_sigma_).col(0) = (sum / float(B * M)).matrix();
  }

  const bool pathwise = options.estimator == EncoderGradient::Reparameterization;
  // The score function needs no gradient with respect to z.
  decoder_.backward(params, grads, ws.decoder, ws.d_output, pathwise ? &ws.d_decoder_in : nullptr);

  // The closed-form KL's gradients, each divided by B and weighted by beta.
  const float kl_scale = options.beta / float(B);
  const Eigen::ArrayXXf diff = ws.mu_q.array() - ws.mu_p.array();        // (L, B)
  const Eigen::ArrayXXf inv_var_p = (-ws.log_var_p.array()).exp();       // (L, B)
  const Eigen::ArrayXXf var_q = ws.sigma_q.array().square();             // (L, B)
  ws.d_encoder.resize(2 * L, B);
  auto d_mu_q = ws.d_encoder.topRows(L);
  auto d_log_var_q = ws.d_encoder.bottomRows(L);
  d_mu_q = (kl_scale * diff * inv_var_p).matrix();
  d_log_var_q = (0.5f * kl_scale * (var_q * inv_var_p - 1.0f)).matrix();
  if (pathwise) {
    // z = mu_q + sigma_q * eps: dz/dmu_q = 1, dz/dlog_var_q = eps * sigma_q / 2.
    for (int m = 0; m < M; ++m) {
      const auto dz = ws.d_decoder_in.bottomRows(L).middleCols(m * B, B).array();
      d_mu_q.array() += dz;
      d_log_var_q.array() += dz * ws.eps.middleCols(m * B, B).array() * 0.5f * ws.sigma_q.array();
    }
  } else {
    // f = log p(y|x,z) in y's units, as the session's running baseline is.
    ws.reward.resize(B, M);
    for (int m = 0; m < M; ++m)
      ws.reward.col(m) = ws.log_lik.middleCols(m * B, B).colwise().sum().transpose().array() - float(log_y_scale());
    add_score_function_gradient(ws.reward, ws.eps, ws.sigma_q, options.estimator, options.baseline,
                                -1.0f / float(B * M), d_mu_q, d_log_var_q);
  }
  encoder_.backward(params, grads, ws.encoder, ws.d_encoder, nullptr);

  if (config_.prior == CvaePrior::Conditional) {
    // dKL/dmu_p = -(mu_q - mu_p) / var_p, dKL/dlog_var_p = (1 - (var_q + (mu_q - mu_p)^2) / var_p) / 2.
    ws.d_prior.resize(2 * L, B);
    ws.d_prior.topRows(L) = (-kl_scale * diff * inv_var_p).matrix();
    ws.d_prior.bottomRows(L) = (0.5f * kl_scale * (1.0f - (var_q + diff.square()) * inv_var_p)).matrix();
    prior_.backward(params, grads, ws.prior, ws.d_prior, nullptr);
  }
  return terms;
}

void ConditionalVae::importance_log_likelihood(const float* params, const Matrix& x, const Matrix& y, int samples,
                                               Rng& rng, Vector& out, Workspace& ws) const {
  // x: (Din, B), y: (Dout, B) -> out: (B)
  ElboOptions options;
  options.samples = samples;
  forward(params, x, y, options, rng, ws, false);
  const int B = int(x.cols()), K = samples;
  // log w_bk = log p(y|x,z) + log p(z|x) - log q(z|x,y) at z_bk = mu_q + sigma_q eps_bk.
  Eigen::ArrayXXf log_w(B, K);
  for (int k = 0; k < K; ++k) {
    const auto eps = ws.eps.middleCols(k * B, B).array();  // (L, B)
    const auto z = ws.z.middleCols(k * B, B).array();
    const auto log_q = -0.5f * (float(kLog2Pi) + ws.log_var_q.array() + eps.square());
    const auto log_p =
        -0.5f * (float(kLog2Pi) + ws.log_var_p.array() + (z - ws.mu_p.array()).square() * (-ws.log_var_p.array()).exp());
    log_w.col(k) = (ws.log_lik.middleCols(k * B, B).colwise().sum().array() + (log_p - log_q).colwise().sum())
                       .transpose();
  }
  out = (log_sum_exp_rows(log_w) - std::log(float(K)) - float(log_y_scale())).matrix();
}

}  // namespace latent
