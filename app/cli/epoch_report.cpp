// Each model kind's epoch table, CSV columns and
// summaries. A conditional run's columns are the MDN's NLL, the regressor's
// MSE and the conditional VAE's -ELBO (an upper bound on its NLL).
#include "cli/epoch_report.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace latent {

namespace {

const EpochReport kVaeReport{
    "epoch     step | train ELBO      recon       KL |  test ELBO      recon       KL | samples/s",
    "%5d %8lld | %10.3f %10.3f %8.3f | %10.3f %10.3f %8.3f | %8.0f\n",
    [](const EpochRow& r) -> std::array<double, 6> {
      return {r.train.elbo, r.train.reconstruction, r.train.kl, r.test.elbo, r.test.reconstruction, r.test.kl};
    },
    "epoch,step,train_elbo,train_reconstruction,train_kl,test_elbo,test_reconstruction,test_kl,seconds",
    [](const EpochRow& r) -> std::vector<double> {
      return {r.train.elbo, r.train.reconstruction, r.train.kl, r.test.elbo, r.test.reconstruction, r.test.kl};
    },
    "final test ELBO %.3f nats (reconstruction %.3f, KL %.3f)",
    [](const MetricPoint& t) -> std::array<double, 4> { return {t.elbo, t.reconstruction, t.kl, 0.0}; },
};

const EpochReport kConditionalReport{
    "epoch     step |    MDN NLL       test |    LSQ MSE       test | CVAE -ELBO       test | samples/s",
    "%5d %8lld | %10.4f %10.4f | %10.4f %10.4f | %10.4f %10.4f | %8.0f\n",
    [](const EpochRow& r) -> std::array<double, 6> {
      return {-r.train.mdn_log_lik, -r.test.mdn_log_lik, r.train.regressor_mse, r.test.regressor_mse, -r.train.elbo,
              -r.test.elbo};
    },
    "epoch,step,train_nll,test_nll,train_regressor_mse,test_regressor_mse,train_cvae_elbo,train_cvae_kl,"
    "test_cvae_elbo,test_cvae_kl,seconds",
    [](const EpochRow& r) -> std::vector<double> {
      return {-r.train.mdn_log_lik, -r.test.mdn_log_lik, r.train.regressor_mse, r.test.regressor_mse, r.train.elbo,
              r.train.kl, r.test.elbo, r.test.kl};
    },
    "final test NLL %.4f nats (least-squares MSE %.4f; conditional VAE -ELBO %.4f, KL %.4f)",
    [](const MetricPoint& t) -> std::array<double, 4> { return {-t.mdn_log_lik, t.regressor_mse, -t.elbo, t.kl}; },
};

// EM's train figures are means over its half-steps: after an E-step the
// ELBO equals log p(x), after an M-step it is below (the gap is KL(q || p(z|x))).
const EpochReport kMixtureReport{
    "epoch     step | train log p       ELBO      gap |  test log p  E_q log p(x|z)  KL(q||p(z)) | samples/s",
    "%5d %8lld | %11.4f %10.4f %8.4f | %11.4f %15.4f %12.4f | %8.0f\n",
    [](const EpochRow& r) -> std::array<double, 6> {
      return {r.train.log_lik, r.train.elbo, r.train.log_lik - r.train.elbo, r.test.log_lik, r.test.reconstruction,
              r.test.kl};
    },
    "epoch,step,train_log_lik,train_elbo,train_gap,test_log_lik,test_elbo,seconds",
    [](const EpochRow& r) -> std::vector<double> {
      return {r.train.log_lik, r.train.elbo, r.train.log_lik - r.train.elbo, r.test.log_lik, r.test.elbo};
    },
    "final test log p(x) %.4f nats per point (E_q[log p(x|z)] %.4f, KL(q || p(z)) %.4f)",
    [](const MetricPoint& t) -> std::array<double, 4> { return {t.log_lik, t.reconstruction, t.kl, 0.0}; },
};

// The held-out log p(x) sums over every code (0 when K^D is too many to sum);
// the gap KL(q(z|x) || p(z|x)) is log p(x) minus the ELBO.
const EpochReport kCategoricalReport{
    "epoch     step | train ELBO      recon       KL |  test log p  test ELBO      gap | samples/s",
    "%5d %8lld | %10.3f %10.3f %8.3f | %11.3f %10.3f %8.3f | %8.0f\n",
    [](const EpochRow& r) -> std::array<double, 6> {
      return {r.train.elbo, r.train.reconstruction, r.train.kl, r.test.log_lik, r.test.elbo,
              r.test.log_lik - r.test.elbo};
    },
    "epoch,step,train_elbo,train_reconstruction,train_kl,test_log_lik,test_elbo,test_reconstruction,test_kl,seconds",
    [](const EpochRow& r) -> std::vector<double> {
      return {r.train.elbo, r.train.reconstruction, r.train.kl, r.test.log_lik, r.test.elbo, r.test.reconstruction,
              r.test.kl};
    },
    "final test log p(x) %.3f nats, ELBO %.3f (reconstruction %.3f, KL %.3f)",
    [](const MetricPoint& t) -> std::array<double, 4> { return {t.log_lik, t.elbo, t.reconstruction, t.kl}; },
};

// The reconstruction log p(x | z_q), the paper's ELBO (reconstruction -
// log K), and how the examples spread over the codebook: its perplexity (K
// when used evenly) and the entries nobody uses.
const EpochReport kVqReport{
    "epoch     step | train recon  perplexity | test recon  test ELBO  perplexity   dead | samples/s",
    "%5d %8lld | %11.3f %11.2f | %10.3f %10.3f %11.2f %6.0f | %8.0f\n",
    [](const EpochRow& r) -> std::array<double, 6> {
      return {r.train.reconstruction, r.train.perplexity, r.test.reconstruction, r.test.elbo, r.test.perplexity,
              r.test.dead_codes};
    },
    "epoch,step,train_reconstruction,train_perplexity,test_reconstruction,test_perplexity,test_dead_codes,seconds",
    [](const EpochRow& r) -> std::vector<double> {
      return {r.train.reconstruction, r.train.perplexity, r.test.reconstruction, r.test.perplexity,
              r.test.dead_codes};
    },
    "final test reconstruction %.3f nats, codebook perplexity %.2f, %.0f dead entries",
    [](const MetricPoint& t) -> std::array<double, 4> { return {t.reconstruction, t.perplexity, t.dead_codes, 0.0}; },
};

}  // namespace

void EpochReport::print_header() const { std::printf("%s\n", header); }

void EpochReport::print_row(const EpochRow& r, double samples_per_second) const {
  const std::array<double, 6> v = row(r);
  std::printf(row_format, r.epoch, (long long)r.step, v[0], v[1], v[2], v[3], v[4], v[5], samples_per_second);
}

std::string EpochReport::csv(const std::vector<EpochRow>& rows) const {
  std::ostringstream out;
  out.precision(8);
  out << csv_header << '\n';
  for (const EpochRow& r : rows) {
    out << r.epoch << ',' << r.step;
    for (double v : csv_row(r)) out << ',' << v;
    out << ',' << r.seconds << '\n';
  }
  return out.str();
}

std::string EpochReport::summary_text(const MetricPoint& test) const {
  const std::array<double, 4> v = summary(test);
  char text[256];
  std::snprintf(text, sizeof text, summary_format, v[0], v[1], v[2], v[3]);
  return text;
}

const EpochReport& epoch_report(ModelKind kind) {
  switch (kind) {
    case ModelKind::Vae: return kVaeReport;
    case ModelKind::Conditional: return kConditionalReport;
    case ModelKind::Mixture: return kMixtureReport;
    case ModelKind::Categorical: return kCategoricalReport;
    case ModelKind::Vq: return kVqReport;
  }
  throw std::logic_error("`train` has no report for model kind " + to_string(kind));
}

}  // namespace latent
