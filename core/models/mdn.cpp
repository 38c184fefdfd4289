// MDN head and gradient. Shapes: Din inputs, Dout outputs, K components,
// B batch.
//
// Scales: sigma = exp(s), s a raw trunk output. The NLL needs log sigma, and
// with exp it is s itself, exactly: no log of a rounded tiny number, and
// d NLL / d s = gamma (1 - r^2) is bounded near the data and grows only with
// the residual. softplus(s) + floor would also bound sigma away from zero
// (guarding against a component collapsing onto a single point), but its
// floor is a scale in data units that every data set would need tuned, and
// collapse does not happen on these problems at the step counts we train for.
//
// Range: the residual r = (y - mu) exp(-s) is formed without dividing by
// sigma, and the mixture is summed by log-sum-exp, so the NLL and its
// gradient stay finite in float while sigma > ~1e-37, |r| < ~1e19 and
// |y - mu| / sigma^2 < ~1e38 (sigma = 1e-6 with a point 1e3 away is fine).
// Beyond that the loss is infinite, which the trainer treats as divergence.
#include "core/models/mdn.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/math/log_density.hpp"
#include "core/math/log_sum_exp.hpp"

namespace latent {

Mdn::Mdn(const MdnConfig& config) : config_(config) {
  if (config.input_dim <= 0 || config.output_dim <= 0 || config.components <= 0)
    throw std::invalid_argument("MDN sizes (inputs, outputs, components) must be positive");
  if (!config.input_scaling.is_identity() && int(config.input_scaling.shift.size()) != config.input_dim)
    throw std::invalid_argument("MDN input scaling does not match input_dim");
  network_ = Mlp(layer_sizes(config.input_dim, config.hidden, config.head_size()), config.activation, Activation::Identity, layout_);
}

void Mdn::init(float* params, Rng& rng, const Matrix* targets) const {
  network_.init(params, rng);
  if (!targets) return;
  // targets: (Dout, N)
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  if (targets->rows() != D || targets->cols() == 0)
    throw std::invalid_argument("Mdn::init: targets must be (output_dim, N) with N > 0");
  auto bias = view(params, network_.bias_block(network_.layer_count() - 1)).col(0);
  const Eigen::Index n = targets->cols();
  std::vector<float> sorted(static_cast<size_t>(n));
  for (int d = 0; d < D; ++d) {
    for (Eigen::Index i = 0; i < n; ++i) sorted[size_t(i)] = (*targets)(d, i);
    std::sort(sorted.begin(), sorted.end());
    const Eigen::ArrayXd row = targets->row(d).transpose().cast<double>().array();
    const double sd = std::sqrt((row - row.mean()).square().mean());
    for (int k = 0; k < K; ++k) {
      bias(K + k * D + d) = sorted[size_t((k + 0.5) / K * double(n))];
      bias(K + KD + k * D + d) = float(std::log((sd > 0.0 ? sd : 1.0) / K));
    }
  }
}

void Mdn::forward(const float* params, const Matrix& x, const Matrix* y, Workspace& ws) const {
  // x: (Din, B), y: (Dout, B) or null
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  if (x.rows() != config_.input_dim)
    throw std::invalid_argument("MDN input has " + std::to_string(x.rows()) + " rows, the model expects " +
                                std::to_string(config_.input_dim));
  if (x.cols() == 0) throw std::invalid_argument("MDN batch is empty");
  if (y && (y->rows() != D || y->cols() != x.cols()))
    throw std::invalid_argument("MDN targets must be (output_dim, batch) and match the inputs' batch");

  const Matrix& input = config_.input_scaling.apply(x, ws.scaled_input);
  ws.head = network_.forward(params, input, ws.trunk).transpose().array();  // (B, K(1 + 2D))

  // log softmax of the logits.
  ws.log_pi = ws.head.leftCols(K);
  log_sum_exp_rows(ws.log_pi, ws.row_max, ws.log_prob);  // log_prob: scratch for the normalizer
  for (int k = 0; k < K; ++k) ws.log_pi.col(k) -= ws.log_prob;
  if (!y) return;

  // Per dimension: log N(y_d; mu_kd, sigma_kd) = -log sqrt(2 pi) - s_kd - r^2 / 2,
  // summed over the D dimensions of each component, plus log pi_k.
  ws.targets = y->transpose().array();  // (B, D)
  ws.inv_sigma = (-ws.head.middleCols(K + KD, KD)).exp();
  ws.residual = (ws.targets.replicate(1, K) - ws.head.middleCols(K, KD)) * ws.inv_sigma;
  ws.responsibility = ws.log_pi;
  for (int k = 0; k < K; ++k)
    for (int d = 0; d < D; ++d)
      ws.responsibility.col(k) -= float(0.5 * kLog2Pi) + ws.head.col(K + KD + k * D + d) +
                                  0.5f * ws.residual.col(k * D + d).square();

  log_sum_exp_rows(ws.responsibility, ws.row_max, ws.log_prob);  // log p(y_b | x_b)
  // Column by column here and above: Eigen does not vectorize over a
  // colwise() broadcast, and this exp was a third of the head's time.
  for (int k = 0; k < K; ++k) ws.responsibility.col(k) = (ws.responsibility.col(k) - ws.log_prob).exp();
}

double Mdn::evaluate(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const {
  forward(params, x, &y, ws);
  // Summed in double: a float sum over many examples drifts in the last digits.
  return -ws.log_prob.cast<double>().sum() / double(x.cols());
}

double Mdn::loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                              Workspace& ws) const {
  const double nll = evaluate(params, x, y, ws);
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  const float scale = 1.0f / float(x.cols());  // the loss is a mean over examples

  // With gamma_k = p(k | x, y), the responsibility:
  //   d NLL / d logit_k = pi_k - gamma_k
  //   d NLL / d mu_kd   = -gamma_k r_kd / sigma_kd
  //   d NLL / d s_kd    =  gamma_k (1 - r_kd^2)
  ws.d_head.resize(ws.head.rows(), ws.head.cols());
  ws.d_head.leftCols(K) = scale * (ws.log_pi.exp() - ws.responsibility);
  for (int k = 0; k < K; ++k) {
    const auto gamma = scale * ws.responsibility.col(k);
    for (int d = 0; d < D; ++d) {
      const int j = k * D + d;
      const auto r = ws.residual.col(j);
      ws.d_head.col(K + j) = -gamma * r * ws.inv_sigma.col(j);
      ws.d_head.col(K + KD + j) = gamma * (1.0f - r.square());
    }
  }
  ws.d_out = ws.d_head.matrix().transpose();
  network_.backward(params, grads, ws.trunk, ws.d_out, nullptr);
  return nll;
}

void Mdn::log_prob(const float* params, const Matrix& x, const Matrix& y, Vector& out, Workspace& ws) const {
  // x: (Din, B), y: (Dout, B) -> out: (B)
  forward(params, x, &y, ws);
  out = ws.log_prob.matrix();
}

void Mdn::mixture(const float* params, const Matrix& x, Mixture& out, Workspace& ws) const {
  // x: (Din, B) -> pi (K, B), mu and sigma (K*Dout, B)
  forward(params, x, nullptr, ws);
  const int K = config_.components, KD = K * config_.output_dim;
  out.pi = ws.log_pi.exp().matrix().transpose();
  out.mu = ws.head.middleCols(K, KD).matrix().transpose();
  out.sigma = ws.head.middleCols(K + KD, KD).exp().matrix().transpose();
}

void Mdn::log_density(const float* params, const Matrix& x, const Matrix& y_grid, Matrix& out,
                      Workspace& ws) const {
  // x: (Din, B), y_grid: (Dout, G) -> out: (G, B)
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  if (y_grid.rows() != D) throw std::invalid_argument("log_density: the y grid must have output_dim rows");
  forward(params, x, nullptr, ws);
  const int B = int(x.cols()), G = int(y_grid.cols());
  const Eigen::ArrayXXf grid = y_grid.transpose().array();  // (G, D): one grid axis per column
  Eigen::ArrayXf row_max, column;
  out.resize(G, B);
  ws.grid_terms.resize(G, K);
  for (int b = 0; b < B; ++b) {
    for (int k = 0; k < K; ++k) {
      auto term = ws.grid_terms.col(k);
      term.setConstant(ws.log_pi(b, k));
      for (int d = 0; d < D; ++d) {
        const float mu = ws.head(b, K + k * D + d), log_sigma = ws.head(b, K + KD + k * D + d);
        term -= float(0.5 * kLog2Pi) + log_sigma + 0.5f * ((grid.col(d) - mu) * std::exp(-log_sigma)).square();
      }
    }
    log_sum_exp_rows(ws.grid_terms, row_max, column);
    out.col(b) = column.matrix();
  }
}

void Mdn::sample(const float* params, const Matrix& x, Matrix& y, Rng& rng, Workspace& ws) const {
  // x: (Din, B) -> y: (Dout, B)
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  forward(params, x, nullptr, ws);
  const int B = int(x.cols());
  y.resize(D, B);
  for (int b = 0; b < B; ++b) {
    // Pick a component by inverting the cumulative weights; the last one
    // takes whatever rounding leaves over.
    const double u = rng.uniform();
    double cumulative = 0.0;
    int k = 0;
    for (; k + 1 < K; ++k) {
      cumulative += std::exp(double(ws.log_pi(b, k)));
      if (u < cumulative) break;
    }
    for (int d = 0; d < D; ++d)
      y(d, b) = float(ws.head(b, K + k * D + d) + std::exp(double(ws.head(b, K + KD + k * D + d))) * rng.normal());
  }
}

void Mdn::conditional_mean(const float* params, const Matrix& x, Matrix& out, Workspace& ws) const {
  // x: (Din, B) -> out: (Dout, B)
  const int K = config_.components, D = config_.output_dim;
  forward(params, x, nullptr, ws);
  const Eigen::ArrayXXf pi = ws.log_pi.exp();  // (B, K)
  Eigen::ArrayXXf mean = Eigen::ArrayXXf::Zero(x.cols(), D);
  for (int k = 0; k < K; ++k)
    for (int d = 0; d < D; ++d) mean.col(d) += pi.col(k) * ws.head.col(K + k * D + d);
  out = mean.matrix().transpose();
}

}  // namespace latent
