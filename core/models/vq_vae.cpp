// VQ-VAE forward and backward. Shapes: Din data dims, d code dims
// (code_dim), K codebook entries, B examples.
#include "core/models/vq_vae.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>

#include "core/models/likelihood.hpp"
#include "core/nn/hidden_sizes.hpp"

namespace latent {

EnumNames<CodebookUpdate> enum_names(CodebookUpdate) {
  static constexpr EnumName<CodebookUpdate> names[] = {{CodebookUpdate::Gradient, "gradient"},
                                                       {CodebookUpdate::MovingAverage, "moving-average"}};
  return {"codebook update", names};
}

void VqVaeConfig::check() const {
  check_size("input_dim", input_dim, kMaxDataDim);
  check_size("code_dim", code_dim, kMaxLatentDim);
  check_size("codebook", codebook, kMaxCodebookSize);
  check_hidden_sizes(encoder_hidden);
  check_hidden_sizes(decoder_hidden);
  if (!(fixed_sigma >= kMinFixedSigma && fixed_sigma <= kMaxFixedSigma))
    throw std::invalid_argument("\"fixed_sigma\" is " + std::to_string(fixed_sigma) + "; use a number from 1e-4 to 1e4");
  if (!(commitment >= 0.0f && commitment <= 100.0f))
    throw std::invalid_argument("\"commitment\" is " + std::to_string(commitment) +
                                "; use a number from 0 to 100 (the paper's beta is 0.25)");
  if (!(decay >= 0.0f && decay < 1.0f))
    throw std::invalid_argument("\"decay\" is " + std::to_string(decay) + "; use a number from 0 to below 1 (the paper's is 0.99)");
}

std::string VqVaeConfig::describe() const {
  std::vector<int> decoder = decoder_hidden;
  decoder.push_back(input_dim);
  char beta[32];
  std::snprintf(beta, sizeof beta, "%g", double(commitment));
  return widths_text(input_dim, encoder_hidden) + " > " + std::to_string(codebook) + " codes in " +
         std::to_string(code_dim) + "-D (beta " + beta + ") > " + hidden_sizes_text(decoder) + ", " +
         to_string(activation) + ", " + to_string(likelihood) +
         (codebook_update == CodebookUpdate::MovingAverage ? ", moving-average codebook" : "");
}

VqVae::VqVae(const VqVaeConfig& config) : config_(config) {
  config.check();
  encoder_ = Mlp(layer_sizes(config.input_dim, config.encoder_hidden, config.code_dim), config.activation,
                 Activation::Identity, layout_);
  codebook_ = layout_.add(config.code_dim, config.codebook);
  if (config.codebook_update == CodebookUpdate::MovingAverage) {
    average_counts_ = layout_.add(1, config.codebook);
    average_sums_ = layout_.add(config.code_dim, config.codebook);
  }
  decoder_ = Mlp(layer_sizes(config.code_dim, config.decoder_hidden, config.input_dim), config.activation,
                 Activation::Identity, layout_);
  if (config.likelihood == Likelihood::Gaussian) log_sigma_ = layout_.add(config.input_dim, 1);
}

void VqVae::init(float* params, Rng& rng, const Matrix& x) const {
  // x: (Din, N)
  if (x.rows() != config_.input_dim || x.cols() == 0)
    throw std::invalid_argument("VQ-VAE init needs examples of the data: (input_dim, N) with N >= 1");
  encoder_.init(params, rng);
  decoder_.init(params, rng);
  if (log_sigma_.size() > 0) view(params, log_sigma_).setConstant(config_.learn_sigma ? 0.0f : std::log(config_.fixed_sigma));
  // An entry only moves when it is some example's nearest, so an entry that
  // starts away from the encoder's outputs stays there, dead. Where those
  // outputs fall depends on the data and the drawn weights, so no fixed
  // distribution is safe. A copy of an output is at least its own example's
  // nearest entry, and copies of random examples follow the outputs' density,
  // so the cells start with shares of the data alike. (Data-dependent
  // initialization as Lancucki et al. 2020 propose; they refine it by k-means.)
  Workspace ws;
  const Matrix& z_e = encode(params, x, ws);  // (d, N)
  std::vector<int> order(size_t(x.cols()));
  std::iota(order.begin(), order.end(), 0);
  MatrixMap e = view(params, codebook_);  // (d, K)
  for (int k = 0; k < config_.codebook; ++k) {
    // A partial Fisher-Yates shuffle: distinct examples while they last.
    const size_t i = size_t(k) % order.size();
    std::swap(order[i], order[i + rng.below(order.size() - i)]);
    e.col(k) = z_e.col(order[i]);
  }
  // One example's worth of weight each, so the first batches move the entries
  // most, and e = m / N holds from the start.
  if (average_counts_.size() > 0) {
    view(params, average_counts_).setOnes();
    view(params, average_sums_) = e;
  }
}

void VqVae::update_codebook(float* params, const std::vector<const Workspace*>& parts) const {
  if (average_counts_.size() == 0) return;
  const float gamma = config_.decay;
  auto counts = view(params, average_counts_).row(0);  // (K)
  MatrixMap sums = view(params, average_sums_), e = view(params, codebook_);  // (d, K)
  counts *= gamma;
  sums *= gamma;
  for (const Workspace* ws : parts) {
    const Matrix& z_e = ws->encoder.outputs.back();  // (d, B_part)
    for (size_t b = 0; b < ws->codes.size(); ++b) {
      counts(ws->codes[b]) += 1.0f - gamma;
      sums.col(ws->codes[b]) += (1.0f - gamma) * z_e.col(Eigen::Index(b));
    }
  }
  // An entry unused for long (N < 1e-30: ~6,900 steps at gamma 0.99) stays
  // where it is rather than divide 0 by 0.
  for (int k = 0; k < config_.codebook; ++k)
    if (counts(k) > 1e-30f) e.col(k) = sums.col(k) / counts(k);
}

Vector VqVae::decoder_log_sigma(const float* params) const {
  if (log_sigma_.size() == 0) return Vector();
  if (!config_.learn_sigma) return Vector::Constant(config_.input_dim, std::log(config_.fixed_sigma));
  return view(params, log_sigma_).col(0);
}

const Matrix& VqVae::encode(const float* params, const Matrix& x, Workspace& ws) const {
  if (x.rows() != config_.input_dim) throw std::invalid_argument("VQ-VAE input has the wrong number of rows");
  return encoder_.forward(params, x, ws.encoder);  // (d, B)
}

void VqVae::nearest(const float* params, const Matrix& z_e, std::vector<int>& codes) const {
  // z_e: (d, B); entries: (d, K)
  const ConstMatrixMap e = codebook(params);
  if (z_e.rows() != e.rows()) throw std::invalid_argument("nearest: z_e must have code_dim rows");
  codes.resize(size_t(z_e.cols()));
  for (Eigen::Index b = 0; b < z_e.cols(); ++b) {
    // Strictly smaller wins, so ties keep the lowest index (and NaN gives 0).
    int best = 0;
    float best_distance = (e.col(0) - z_e.col(b)).squaredNorm();
    for (Eigen::Index k = 1; k < e.cols(); ++k) {
      const float distance = (e.col(k) - z_e.col(b)).squaredNorm();
      if (distance < best_distance) {
        best_distance = distance;
        best = int(k);
      }
    }
    codes[size_t(b)] = best;
  }
}

void VqVae::decode(const float* params, const Matrix& z, Matrix& mean, Workspace& ws) const {
  const Matrix& out = decoder_.forward(params, z, ws.decoder);  // (Din, C)
  if (config_.likelihood == Likelihood::Bernoulli)
    mean = (1.0f + (-out.array()).exp()).inverse().matrix();
  else
    mean = out;
}

namespace {

// ||sg[z_e] - e||^2 and ||z_e - sg[e]||^2 have the same value; only their
// gradients differ, so one mean distance fills both.
VqTerms make_terms(double reconstruction, double distance, float beta) {
  return {reconstruction, distance, distance, -reconstruction + distance + double(beta) * distance};
}

}  // namespace

VqTerms VqVae::forward(const float* params, const Matrix& x, Workspace& ws, bool want_gradient) const {
  // x: (Din, B)
  const int Din = config_.input_dim, B = int(x.cols());
  const Matrix& z_e = encode(params, x, ws);  // (d, B)
  nearest(params, z_e, ws.codes);
  const ConstMatrixMap e = codebook(params);
  ws.z_q.resize(config_.code_dim, B);
  for (int b = 0; b < B; ++b) ws.z_q.col(b) = e.col(ws.codes[size_t(b)]);

  const Matrix& out = decoder_.forward(params, ws.z_q, ws.decoder);  // (Din, B)
  ws.log_lik.resize(Din, B);
  if (want_gradient) ws.d_output.resize(Din, B);
  Eigen::Ref<Matrix> d_block(ws.d_output);  // empty and never written without gradients
  Eigen::Ref<Matrix>* d = want_gradient ? &d_block : nullptr;
  const float grad_scale = -1.0f / float(B);  // loss = -mean over examples
  if (config_.likelihood == Likelihood::Bernoulli)
    bernoulli_log_prob(x, out, ws.log_lik, d, grad_scale);
  else
    gaussian_log_prob(x, out, decoder_log_sigma(params), ws.log_lik, d, grad_scale);

  const double n = double(std::max(B, 1));
  return make_terms(ws.log_lik.cast<double>().sum() / n, (z_e - ws.z_q).cast<double>().squaredNorm() / n,
                    config_.commitment);
}

VqTerms VqVae::evaluate(const float* params, const Matrix& x, Workspace& ws) const {
  return forward(params, x, ws, false);
}

VqTerms VqVae::loss_and_gradient(const float* params, float* grads, const Matrix& x, Workspace& ws) const {
  const VqTerms terms = forward(params, x, ws, true);
  const int B = int(x.cols());
  const Matrix& z_e = ws.encoder.outputs.back();  // (d, B)

  if (log_sigma_.size() > 0) {
    auto g = view(grads, log_sigma_).col(0);
    if (config_.learn_sigma) {
      // d(-log p)/d log s = 1 - r^2 per element, averaged like the loss.
      const Eigen::ArrayXf inv_s = (-decoder_log_sigma(params).array()).exp();
      const Eigen::ArrayXXf r = (x.array() - ws.decoder.outputs.back().array()).colwise() * inv_s;  // (Din, B)
      g = ((1.0f - r.square()).rowwise().sum() / float(B)).matrix();
    } else {
      g.setZero();
    }
  }
  decoder_.backward(params, grads, ws.decoder, ws.d_output, &ws.d_z_q);  // d_z_q: (d, B)

  // Straight-through: z_q = z_e + sg[z_q - z_e], so d loss / d z_e is the
  // decoder's d loss / d z_q, plus the commitment term's own gradient.
  const float pull = 2.0f / float(B);
  ws.d_z_e = ws.d_z_q + (config_.commitment * pull) * (z_e - ws.z_q);
  // Only the codebook loss reaches the entries: each is pulled toward the
  // outputs assigned to it.
  MatrixMap d_codebook = view(grads, codebook_);  // (d, K)
  d_codebook.setZero();
  if (average_counts_.size() > 0) {
    view(grads, average_counts_).setZero();  // state, not weights: the optimizer leaves it alone
    view(grads, average_sums_).setZero();
  } else {
    for (int b = 0; b < B; ++b) d_codebook.col(ws.codes[size_t(b)]) += pull * (ws.z_q.col(b) - z_e.col(b));
  }

  ws.d_output = ws.d_z_e;  // backward overwrites its input; d_z_e stays readable
  encoder_.backward(params, grads, ws.encoder, ws.d_output, nullptr);
  return terms;
}

VqEvaluation VqVae::evaluate_all(const float* params, const Matrix& x) const {
  // x: (Din, N)
  constexpr Eigen::Index kChunk = 500;  // examples per pass: bounds the decoder's scratch
  VqEvaluation out;
  out.usage = CodebookUsage(config_.codebook);
  Workspace ws;
  Matrix chunk;
  double reconstruction = 0.0, distance = 0.0;
  for (Eigen::Index start = 0; start < x.cols(); start += kChunk) {
    chunk = x.middleCols(start, std::min(kChunk, x.cols() - start));
    const VqTerms t = forward(params, chunk, ws, false);
    reconstruction += t.reconstruction * double(chunk.cols());
    distance += t.codebook_loss * double(chunk.cols());
    out.usage.add(ws.codes);
  }
  const double n = double(std::max<Eigen::Index>(x.cols(), 1));
  out.terms = make_terms(reconstruction / n, distance / n, config_.commitment);
  return out;
}

}  // namespace latent
