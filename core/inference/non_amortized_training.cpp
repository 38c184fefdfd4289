// The non-amortized training step: pathwise ELBO gradients for the decoder
// (through Mlp::backward) and for each minibatch point's own Gaussian, with
// a sparse per-point Adam (a point's moments only move when it is visited).
#include "core/inference/non_amortized_training.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/math/log_density.hpp"
#include "core/models/likelihood.hpp"

namespace latent {

bool supports_non_amortized_training(const VaeConfig& config) {
  return !(config.likelihood == Likelihood::Gaussian && config.learn_sigma);
}

NonAmortizedTrainer::NonAmortizedTrainer(const VaeConfig& config, const Dataset& train,
                                         const NonAmortizedSettings& settings)
    : vae_(config), train_(train), settings_(settings), rng_(settings.seed ^ 0x6c6f63616cull) {
  if (!supports_non_amortized_training(config))
    throw std::invalid_argument("non-amortized training supports Bernoulli or fixed-sigma Gaussian decoders only");
  if (train.size() == 0) throw std::invalid_argument("non-amortized training needs a non-empty data set");
  if (train.dim != config.input_dim) throw std::invalid_argument("non-amortized training: data and model sizes differ");
  if (settings.batch_size < 1 || settings.local_steps < 0)
    throw std::invalid_argument("non-amortized training: batch size must be >= 1 and local steps >= 0");
  params_.assign(vae_.param_count(), 0.0f);
  Rng init(settings.seed);
  vae_.init(params_.data(), init);
  grads_.assign(vae_.param_count(), 0.0f);  // encoder entries stay zero, so Adam never moves them
  decoder_adam_.resize(vae_.param_count());
  const int L = vae_.latent_dim(), N = int(train.size());
  mu_ = Matrix::Zero(L, N);  // every point starts at the prior
  log_var_ = Matrix::Zero(L, N);
  m1_ = Matrix::Zero(2 * L, N);
  m2_ = Matrix::Zero(2 * L, N);
  local_t_.assign(size_t(N), 0);
}

size_t NonAmortizedTrainer::decoder_param_count() const {
  size_t n = 0;
  for (size_t l = 0; l < vae_.decoder().layer_count(); ++l)
    n += vae_.decoder().weight_block(l).size() + vae_.decoder().bias_block(l).size();
  return n;
}

double NonAmortizedTrainer::local_gradient(const std::vector<int>& idx, bool want_decoder) {
  // x_: (D, B), already gathered for idx
  const int L = vae_.latent_dim(), D = vae_.input_dim(), B = int(idx.size());
  eps_.resize(L, B);
  z_.resize(L, B);  // z = mu_i + sigma_i * eps
  for (int b = 0; b < B; ++b)
    for (int l = 0; l < L; ++l) {
      eps_(l, b) = float(rng_.normal());
      z_(l, b) = mu_(l, idx[b]) + std::exp(0.5f * log_var_(l, idx[b])) * eps_(l, b);
    }
  const Matrix& out = vae_.decoder().forward(params_.data(), z_, ws_.decoder);  // (D, B)
  log_lik_.resize(D, B);
  d_output_.resize(D, B);
  Eigen::Ref<Matrix> d = d_output_;
  const float scale = -1.0f / float(B);  // loss = -(1/B) sum_b log p(x_b|z_b)
  if (vae_.config().likelihood == Likelihood::Bernoulli)
    bernoulli_log_prob(x_, out, log_lik_, &d, scale);
  else
    gaussian_log_prob(x_, out, vae_.decoder_log_sigma(params_.data()), log_lik_, &d, scale);
  vae_.decoder().backward(params_.data(), want_decoder ? grads_.data() : nullptr, ws_.decoder, d_output_, &d_z_);

  // Per point b, d(-ELBO_b)/dz_b = B * d_z_(:, b); then the chain rule through
  // z = mu + sigma * eps and the closed-form KL, as in the VAE's encoder step.
  d_mu_.resize(L, B);
  d_log_var_.resize(L, B);
  double elbo = 0.0;
  for (int b = 0; b < B; ++b) {
    elbo += double(log_lik_.col(b).sum());
    for (int l = 0; l < L; ++l) {
      const float mu = mu_(l, idx[b]), lv = log_var_(l, idx[b]), sigma = std::exp(0.5f * lv);
      const float g = float(B) * d_z_(l, b);
      d_mu_(l, b) = g + mu;
      d_log_var_(l, b) = g * eps_(l, b) * 0.5f * sigma + 0.5f * (sigma * sigma - 1.0f);
      elbo -= 0.5 * (double(mu) * mu + double(sigma) * sigma - 1.0 - lv);
    }
  }
  return elbo / B;
}

void NonAmortizedTrainer::local_adam_step(const std::vector<int>& idx) {
  const int L = vae_.latent_dim();
  const double b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = settings_.local_learning_rate;
  for (size_t b = 0; b < idx.size(); ++b) {
    const int i = idx[b];
    const int t = ++local_t_[size_t(i)];
    const double c1 = 1.0 - std::pow(b1, t), c2 = 1.0 - std::pow(b2, t);
    for (int j = 0; j < 2 * L; ++j) {
      const double g = j < L ? d_mu_(j, Eigen::Index(b)) : d_log_var_(j - L, Eigen::Index(b));
      m1_(j, i) = float(b1 * m1_(j, i) + (1 - b1) * g);
      m2_(j, i) = float(b2 * m2_(j, i) + (1 - b2) * g * g);
      const float update = float(lr * (m1_(j, i) / c1) / (std::sqrt(m2_(j, i) / c2) + eps));
      if (j < L)
        mu_(j, i) -= update;
      else
        log_var_(j - L, i) -= update;
    }
  }
}

double NonAmortizedTrainer::step() {
  const int n = int(train_.size()), B = std::min(settings_.batch_size, n);
  std::vector<int> idx;
  while (int(idx.size()) < B) {
    if (order_pos_ >= order_.size()) {  // new epoch: Fisher-Yates with our own Rng
      order_.resize(size_t(n));
      std::iota(order_.begin(), order_.end(), 0);
      for (int i = n - 1; i > 0; --i) std::swap(order_[size_t(i)], order_[rng_.below(uint64_t(i) + 1)]);
      order_pos_ = 0;
    }
    idx.push_back(order_[order_pos_++]);
  }
  train_.gather(idx.data(), B, x_);
  for (int s = 0; s < settings_.local_steps; ++s) {
    local_gradient(idx, false);
    local_adam_step(idx);
  }
  const double elbo = local_gradient(idx, true);
  local_adam_step(idx);
  AdamSettings adam;
  adam.learning_rate = settings_.decoder_learning_rate;
  decoder_adam_.step(params_.data(), grads_.data(), adam);
  samples_seen_ += B;
  return elbo;
}

double NonAmortizedTrainer::mean_elbo(int samples, Rng& rng) {
  // Batches of whole points: x (D, B) repeated S times against z (L, B*S).
  const int N = int(train_.size()), L = vae_.latent_dim(), S = std::max(1, samples);
  const int B = std::max(1, 512 / S);
  double total = 0.0;
  std::vector<int> idx;
  Matrix x_rep, z;
  Vector ll;
  for (int start = 0; start < N; start += B) {
    const int n = std::min(B, N - start);
    idx.resize(size_t(n));
    std::iota(idx.begin(), idx.end(), start);
    train_.gather(idx.data(), n, x_);
    x_rep.resize(x_.rows(), Eigen::Index(n) * S);
    z.resize(L, Eigen::Index(n) * S);
    for (int b = 0; b < n; ++b) {
      const int i = start + b;
      for (int s = 0; s < S; ++s) {
        x_rep.col(b * S + s) = x_.col(b);
        for (int l = 0; l < L; ++l)
          z(l, b * S + s) = mu_(l, i) + std::exp(0.5f * log_var_(l, i)) * float(rng.normal());
      }
      for (int l = 0; l < L; ++l) total -= kl_to_standard_normal(mu_(l, i), log_var_(l, i));
    }
    vae_.log_likelihood(params_.data(), x_rep, z, ll, ws_);
    total += double(ll.cast<double>().sum()) / S;
  }
  return total / N;
}

}  // namespace latent
