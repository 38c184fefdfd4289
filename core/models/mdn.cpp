// MDN head and gradient. Shapes: Din inputs, Dout outputs, K components,
// B batch. The trunk runs in float; the mixture head runs in double, which
// costs little (K*Dout values per example) and keeps the NLL and its
// gradient finite for scales down to about 1e-300 and residuals up to 1e150.
//
// Scales: sigma = exp(s), s a raw trunk output. The NLL needs log sigma, and
// with exp it is s itself, exactly: no log of a rounded tiny number, and
// d NLL / d s = gamma (1 - r^2) is bounded near the data and grows only with
// the residual. softplus(s) + floor would also bound sigma away from zero
// (guarding against a component collapsing onto a single point), but its
// floor is a scale in data units that every data set would need tuned, and
// collapse does not happen on these problems with early-stopped training.
#include "core/models/mdn.hpp"

#include <cmath>
#include <stdexcept>

#include "core/math/log_density.hpp"

namespace latent {

namespace {
std::vector<int> trunk_sizes(const MdnConfig& c) {
  std::vector<int> sizes{c.input_dim};
  sizes.insert(sizes.end(), c.hidden.begin(), c.hidden.end());
  sizes.push_back(c.head_size());
  return sizes;
}
}  // namespace

Mdn::Mdn(const MdnConfig& config) : config_(config) {
  if (config.input_dim <= 0 || config.output_dim <= 0 || config.components <= 0)
    throw std::invalid_argument("MDN sizes (inputs, outputs, components) must be positive");
  network_ = Mlp(trunk_sizes(config), config.activation, Activation::Identity, layout_);
}

void Mdn::init(float* params, Rng& rng) const { network_.init(params, rng); }

void Mdn::forward(const float* params, const Matrix& x, const Matrix* y, Workspace& ws) const {
  // x: (Din, B), y: (Dout, B) or null
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  const int B = int(x.cols());
  if (x.rows() != config_.input_dim)
    throw std::invalid_argument("MDN input has " + std::to_string(x.rows()) + " rows, the model expects " +
                                std::to_string(config_.input_dim));
  if (y && (y->rows() != D || y->cols() != B))
    throw std::invalid_argument("MDN targets must be (output_dim, batch) and match the inputs' batch");

  const Matrix& out = network_.forward(params, x, ws.trunk);  // (K(1 + 2D), B)

  // log softmax over the K logits of each column, shifted by the column's
  // max so no exp overflows.
  ws.log_pi = out.topRows(K).cast<double>().array();
  ws.column_max = ws.log_pi.colwise().maxCoeff();
  ws.log_pi.rowwise() -= ws.column_max;
  ws.log_prob = ws.log_pi.exp().colwise().sum().log();  // scratch: log of the softmax normalizer
  ws.log_pi.rowwise() -= ws.log_prob;
  if (!y) return;

  // Per dimension: log N(y_d; mu_kd, sigma_kd) = -log sqrt(2 pi) - s_kd - r^2 / 2.
  // Computing r from exp(-s) (never dividing by sigma) keeps it finite when
  // sigma is tiny.
  const auto log_sigma = out.middleRows(K + KD, KD).cast<double>().array();
  ws.inv_sigma = (-log_sigma).exp();
  ws.residual = (y->cast<double>().replicate(K, 1).array() - out.middleRows(K, KD).cast<double>().array()) *
                ws.inv_sigma;
  ws.per_dim = -0.5 * kLog2Pi - log_sigma - 0.5 * ws.residual.square();

  // Sum over the D dimensions of each component: (K*D, B) column-major is
  // (D, K*B) with column k + K*b, whose column sums are (K, B) column-major.
  ws.responsibility.resize(K, B);
  Eigen::Map<Eigen::Array<double, 1, Eigen::Dynamic>>(ws.responsibility.data(), K * B) =
      Eigen::Map<const Eigen::ArrayXXd>(ws.per_dim.data(), D, K * B).colwise().sum();
  ws.responsibility += ws.log_pi;

  // log p = m + log sum_k exp(joint_k - m) with m the column max, so the
  // largest term is exp(0) = 1 however far the point lies from every mean.
  ws.column_max = ws.responsibility.colwise().maxCoeff();
  ws.responsibility.rowwise() -= ws.column_max;
  ws.responsibility = ws.responsibility.exp();
  ws.log_prob = ws.responsibility.colwise().sum();
  ws.responsibility.rowwise() /= ws.log_prob;
  ws.log_prob = ws.column_max + ws.log_prob.log();
}

double Mdn::evaluate(const float* params, const Matrix& x, const Matrix& y, Workspace& ws) const {
  forward(params, x, &y, ws);
  return -ws.log_prob.sum() / double(x.cols());
}

double Mdn::loss_and_gradient(const float* params, float* grads, const Matrix& x, const Matrix& y,
                              Workspace& ws) const {
  forward(params, x, &y, ws);
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  const int B = int(x.cols());
  const double scale = 1.0 / double(B);  // the loss is a mean over examples

  // With gamma_k = p(k | x, y), the responsibility:
  //   d NLL / d logit_k = pi_k - gamma_k
  //   d NLL / d mu_kd   = -gamma_k r_kd / sigma_kd
  //   d NLL / d s_kd    =  gamma_k (1 - r_kd^2)
  ws.d_out.resize(config_.head_size(), B);
  ws.d_out.topRows(K) = (scale * (ws.log_pi.exp() - ws.responsibility)).cast<float>().matrix();

  // gamma_k repeated over the D rows of component k: the (D, K*B) view again.
  const Eigen::Map<const Eigen::Array<double, 1, Eigen::Dynamic>> gamma(ws.responsibility.data(), K * B);
  Eigen::Map<Eigen::ArrayXXd> per_component(ws.per_dim.data(), D, K * B);

  ws.per_dim = ws.residual * ws.inv_sigma;
  per_component.rowwise() *= -scale * gamma;
  ws.d_out.middleRows(K, KD) = ws.per_dim.cast<float>().matrix();

  ws.per_dim = 1.0 - ws.residual.square();
  per_component.rowwise() *= scale * gamma;
  ws.d_out.middleRows(K + KD, KD) = ws.per_dim.cast<float>().matrix();

  network_.backward(params, grads, ws.trunk, ws.d_out, nullptr);
  return -ws.log_prob.sum() * scale;
}

void Mdn::log_prob(const float* params, const Matrix& x, const Matrix& y, Vector& out, Workspace& ws) const {
  // x: (Din, B), y: (Dout, B) -> out: (B)
  forward(params, x, &y, ws);
  out = ws.log_prob.transpose().cast<float>().matrix();
}

void Mdn::mixture(const float* params, const Matrix& x, Mixture& out, Workspace& ws) const {
  // x: (Din, B) -> pi (K, B), mu and sigma (K*Dout, B)
  forward(params, x, nullptr, ws);
  const int K = config_.components, KD = K * config_.output_dim;
  const Matrix& head = ws.trunk.outputs.back();
  out.pi = ws.log_pi.exp().cast<float>().matrix();
  out.mu = head.middleRows(K, KD);
  out.sigma = head.middleRows(K + KD, KD).array().exp().matrix();
}

void Mdn::log_density(const float* params, const Matrix& x, const Matrix& y_grid, Matrix& out,
                      Workspace& ws) const {
  // x: (Din, B), y_grid: (Dout, G) -> out: (G, B)
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  if (y_grid.rows() != D) throw std::invalid_argument("log_density: the y grid must have output_dim rows");
  forward(params, x, nullptr, ws);
  const Matrix& head = ws.trunk.outputs.back();
  const int B = int(x.cols()), G = int(y_grid.cols());
  const Eigen::ArrayXXd grid = y_grid.transpose().cast<double>().array();  // (G, D): one grid axis per column
  out.resize(G, B);
  ws.grid_terms.resize(G, K);
  for (int b = 0; b < B; ++b) {
    for (int k = 0; k < K; ++k) {
      auto term = ws.grid_terms.col(k);
      term.setConstant(ws.log_pi(k, b));
      for (int d = 0; d < D; ++d) {
        const double mu = head(K + k * D + d, b), log_sigma = head(K + KD + k * D + d, b);
        term -= 0.5 * kLog2Pi + log_sigma + 0.5 * ((grid.col(d) - mu) * std::exp(-log_sigma)).square();
      }
    }
    // Log-sum-exp over components, per grid point.
    const Eigen::ArrayXd hi = ws.grid_terms.rowwise().maxCoeff();
    const Eigen::ArrayXd sum = (ws.grid_terms.colwise() - hi).exp().rowwise().sum();
    out.col(b) = (hi + sum.log()).cast<float>().matrix();
  }
}

void Mdn::sample(const float* params, const Matrix& x, Matrix& y, Rng& rng, Workspace& ws) const {
  // x: (Din, B) -> y: (Dout, B)
  const int K = config_.components, D = config_.output_dim, KD = K * D;
  forward(params, x, nullptr, ws);
  const Matrix& head = ws.trunk.outputs.back();
  const int B = int(x.cols());
  y.resize(D, B);
  for (int b = 0; b < B; ++b) {
    // Pick a component by inverting the cumulative weights; the last one
    // takes whatever rounding leaves over.
    const double u = rng.uniform();
    double cumulative = 0.0;
    int k = 0;
    for (; k + 1 < K; ++k) {
      cumulative += std::exp(ws.log_pi(k, b));
      if (u < cumulative) break;
    }
    for (int d = 0; d < D; ++d)
      y(d, b) = float(head(K + k * D + d, b) + std::exp(double(head(K + KD + k * D + d, b))) * rng.normal());
  }
}

void Mdn::conditional_mean(const float* params, const Matrix& x, Matrix& out, Workspace& ws) const {
  // x: (Din, B) -> out: (Dout, B)
  const int K = config_.components, D = config_.output_dim;
  forward(params, x, nullptr, ws);
  const Matrix& head = ws.trunk.outputs.back();
  const int B = int(x.cols());
  out.setZero(D, B);
  for (int b = 0; b < B; ++b)
    for (int k = 0; k < K; ++k)
      out.col(b) += float(std::exp(ws.log_pi(k, b))) * head.block(K + k * D, b, D, 1);
}

}  // namespace latent
