// The categorical VAE's encoder, decoder and pairwise log-likelihoods.
// Shapes: Din data dims, D groups, K categories, B examples, C codes.
#include "core/models/categorical_vae.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/math/log_density.hpp"
#include "core/models/gmm.hpp"
#include "core/nn/hidden_sizes.hpp"

namespace latent {

int64_t CategoricalVaeConfig::joint_codes() const {
  int64_t c = 1;
  for (int d = 0; d < groups; ++d) {
    if (c > std::numeric_limits<int64_t>::max() / categories) return std::numeric_limits<int64_t>::max();
    c *= categories;
  }
  return c;
}

CategoricalVaeConfig CategoricalVaeConfig::like(const VaeConfig& vae, int groups, int categories) {
  CategoricalVaeConfig c;
  copy_networks(vae, c);
  c.groups = groups;
  c.categories = categories;
  return c;
}

void CategoricalVaeConfig::check() const {
  check_size("input_dim", input_dim, kMaxDataDim);
  check_size("groups", groups, kMaxLatentDim);
  check_size("categories", categories, kMaxLatentDim);
  if (categories < 2) throw std::invalid_argument("\"categories\" is 1; a categorical latent needs at least 2 values");
  check_hidden_sizes(encoder_hidden);
  check_hidden_sizes(decoder_hidden);
  if (!(fixed_sigma >= kMinFixedSigma && fixed_sigma <= kMaxFixedSigma))
    throw std::invalid_argument("\"fixed_sigma\" is " + std::to_string(fixed_sigma) + "; use a number from 1e-4 to 1e4");
}

std::string CategoricalVaeConfig::describe() const {
  std::vector<int> decoder = decoder_hidden;
  decoder.push_back(input_dim);
  return widths_text(input_dim, encoder_hidden) + " > " + std::to_string(groups) + "x" + std::to_string(categories) +
         " categorical > " + hidden_sizes_text(decoder) + ", " + to_string(activation) + ", " + to_string(likelihood);
}

CategoricalVae::CategoricalVae(const CategoricalVaeConfig& config) : config_(config) {
  config.check();
  encoder_ = Mlp(layer_sizes(config.input_dim, config.encoder_hidden, config.code_size()), config.activation,
                 Activation::Identity, layout_);
  decoder_ = Mlp(layer_sizes(config.code_size(), config.decoder_hidden, config.input_dim), config.activation,
                 Activation::Identity, layout_);
  if (config.likelihood == Likelihood::Gaussian) log_sigma_ = layout_.add(config.input_dim, 1);
}

void CategoricalVae::init(float* params, Rng& rng) const {
  encoder_.init(params, rng);
  decoder_.init(params, rng);
  if (log_sigma_.size() > 0) view(params, log_sigma_).setConstant(config_.learn_sigma ? 0.0f : std::log(config_.fixed_sigma));
}

Eigen::VectorXd CategoricalVae::decoder_log_sigma(const float* params) const {
  if (log_sigma_.size() == 0) return Eigen::VectorXd();
  if (!config_.learn_sigma) return Eigen::VectorXd::Constant(config_.input_dim, std::log(double(config_.fixed_sigma)));
  return view(params, log_sigma_).col(0).cast<double>();
}

const Matrix& CategoricalVae::encode(const float* params, const Matrix& x, Workspace& ws) const {
  if (x.rows() != config_.input_dim) throw std::invalid_argument("categorical VAE input has the wrong number of rows");
  return encoder_.forward(params, x, ws.encoder);  // (D*K, B)
}

void CategoricalVae::encoder_backward(const float* params, float* grads, Matrix& d_logits, Workspace& ws) const {
  encoder_.backward(params, grads, ws.encoder, d_logits, nullptr);
}

void CategoricalVae::decode(const float* params, const Matrix& codes, Matrix& mean, Workspace& ws) const {
  const Matrix& out = decoder_.forward(params, codes, ws.decoder);  // (Din, C)
  if (config_.likelihood == Likelihood::Bernoulli)
    mean = (1.0f + (-out.array()).exp()).inverse().matrix();
  else
    mean = out;
}

void CategoricalVae::pair_log_likelihood(const float* params, const Matrix& x, const Matrix& codes,
                                         Eigen::MatrixXd& ll, Workspace& ws) const {
  // x: (Din, B), codes: (D*K, C)
  if (x.rows() != config_.input_dim || codes.rows() != config_.code_size())
    throw std::invalid_argument("pair_log_likelihood: x must be (input_dim, B) and codes (groups * categories, C)");
  const Eigen::MatrixXd out = decoder_.forward(params, codes, ws.decoder).cast<double>();  // (Din, C)
  const Eigen::MatrixXd xd = x.cast<double>();                                            // (Din, B)
  if (config_.likelihood == Likelihood::Bernoulli) {
    const Eigen::ArrayXXd l = out.array();
    const Eigen::RowVectorXd softplus = (l.max(0.0) + (-l.abs()).exp().log1p()).matrix().colwise().sum();  // (C)
    ll.noalias() = out.transpose() * xd;  // (C, B): sum_i l_ic x_ib
    ll.colwise() -= softplus.transpose();
  } else {
    const Eigen::VectorXd log_s = decoder_log_sigma(params), inv_s2 = (-2.0 * log_s.array()).exp().matrix();
    const double constant = -0.5 * double(config_.input_dim) * kLog2Pi - log_s.sum();
    // (x - m)^2 / s^2 expanded: the cross term is one product of matrices; in double, so
    // the cancellation of the squares costs nothing a float would notice.
    const Eigen::RowVectorXd x_sq = (xd.array().square().colwise() * inv_s2.array()).matrix().colwise().sum();  // (B)
    const Eigen::VectorXd m_sq = (out.array().square().colwise() * inv_s2.array()).matrix().colwise().sum().transpose();
    ll.noalias() = (out.array().colwise() * inv_s2.array()).matrix().transpose() * xd;  // (C, B)
    ll = (ll.array().rowwise() - 0.5 * x_sq.array()).matrix();
    ll.colwise() -= 0.5 * m_sq;
    ll.array() += constant;
  }
}

void CategoricalVae::pair_backward(const float* params, float* grads, const Matrix& x, const Eigen::MatrixXd& w,
                                   Workspace& ws, Matrix* d_codes) const {
  // x: (Din, B), w: (C, B); the decoder's output (Din, C) is in ws from pair_log_likelihood.
  const Eigen::MatrixXd out = ws.decoder.outputs.back().cast<double>();
  if (w.rows() != out.cols() || w.cols() != x.cols())
    throw std::invalid_argument("pair_backward: weights must be (codes, examples) of the last pair_log_likelihood");
  const Eigen::MatrixXd xd = x.cast<double>();
  const Eigen::MatrixXd xw = xd * w.transpose();              // (Din, C): sum_b w_cb x_b
  const Eigen::RowVectorXd w_code = w.rowwise().sum().transpose();  // (C): sum_b w_cb
  Eigen::MatrixXd d_out;                                      // (Din, C) of -sum w ll
  if (config_.likelihood == Likelihood::Bernoulli) {
    // d ll / d l = x - sigmoid(l)
    const Eigen::ArrayXXd sigmoid = (1.0 + (-out.array()).exp()).inverse();
    d_out = (sigmoid.rowwise() * w_code.array() - xw.array()).matrix();
  } else {
    // d ll / d m = (x - m) / s^2;  d(-ll) / d log s = 1 - (x - m)^2 / s^2
    const Eigen::VectorXd log_s = decoder_log_sigma(params);
    const Eigen::ArrayXd inv_s2 = (-2.0 * log_s.array()).exp();
    d_out = ((out.array().rowwise() * w_code.array() - xw.array()).colwise() * inv_s2).matrix();
    auto g = view(grads, log_sigma_).col(0);
    if (config_.learn_sigma) {
      const Eigen::VectorXd w_example = w.colwise().sum().transpose();  // (B)
      const Eigen::ArrayXd squares = (xd.array().square().matrix() * w_example).array() -
                                     2.0 * (out.array() * xw.array()).rowwise().sum() +
                                     (out.array().square().matrix() * w_code.transpose()).array();  // (Din)
      g = (w.sum() - inv_s2 * squares).cast<float>().matrix();
    } else {
      g.setZero();
    }
  }
  ws.d_output = d_out.cast<float>();
  decoder_.backward(params, grads, ws.decoder, ws.d_output, d_codes);
}

Matrix all_codes(int groups, int categories) {
  CategoricalVaeConfig shape;
  shape.groups = groups;
  shape.categories = categories;
  const int64_t count = shape.joint_codes();
  if (count > kMaxEnumeratedCodes)
    throw std::invalid_argument(std::to_string(categories) + "^" + std::to_string(groups) +
                                " joint codes are too many to enumerate; exact numbers need categories^groups <= " +
                                std::to_string(kMaxEnumeratedCodes));
  Matrix codes = Matrix::Zero(groups * categories, Eigen::Index(count));
  for (int64_t c = 0; c < count; ++c) {
    const std::vector<int> z = code_categories(c, groups, categories);
    for (int d = 0; d < groups; ++d) codes(d * categories + z[d], Eigen::Index(c)) = 1.0f;
  }
  return codes;
}

std::vector<int> code_categories(int64_t c, int groups, int categories) {
  std::vector<int> z(static_cast<size_t>(groups));
  for (int d = 0; d < groups; ++d, c /= categories) z[d] = int(c % categories);
  return z;
}

Eigen::MatrixXd group_log_softmax(const Matrix& logits, int groups, int categories) {
  // logits: (D*K, B)
  Eigen::MatrixXd out = logits.cast<double>();
  for (int d = 0; d < groups; ++d) {
    auto block = out.middleRows(d * categories, categories);  // (K, B)
    block.rowwise() -= log_marginal(block).transpose();
  }
  return out;
}

Eigen::MatrixXd code_table_mass(const Matrix& q, int groups, int categories) {
  const int K = categories;
  const Eigen::MatrixXd p = q.cast<double>();  // (D*K, N)
  const double n = double(std::max<Eigen::Index>(1, p.cols()));
  if (groups == 1) return (p.topRows(K).rowwise().sum() / n).transpose();
  return p.topRows(K) * p.middleRows(K, K).transpose() / n;  // sum_n q1(r) q2(c)
}

}  // namespace latent
