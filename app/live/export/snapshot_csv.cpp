// Writing the curves and the latent codes of a snapshot as CSV text.
#include "live/export/snapshot_csv.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace latent {

namespace {

// Shortest text that reads back as the same float.
std::string number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.*g", std::numeric_limits<float>::max_digits10, v);
  return text;
}

// A class name as one CSV field: quoted when it holds a comma, a quote or a line break.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The three series a run's curves plot, in the panel's order.
void series(const MetricPoint& p, bool conditional, float out[3]) {
  out[0] = conditional ? p.mdn_log_lik : p.elbo;
  out[1] = conditional ? p.elbo : p.reconstruction;
  out[2] = conditional ? p.regressor_mse : p.kl;
}

}  // namespace

std::string curves_csv(const Snapshot& s) {
  const MetricSeries &train = s.train_metrics, &test = s.test_metrics;
  if (train.empty() && test.empty()) throw ExportError("no training curves yet; train a few steps first");
  const bool conditional = s.model.kind == ModelKind::Conditional;
  std::string csv = conditional ? "step,epoch,train_mdn_log_lik,train_cvae_elbo,train_regressor_mse,"
                                  "test_mdn_log_lik,test_cvae_elbo,test_regressor_mse\n"
                                : "step,epoch,estimator,train_elbo,train_reconstruction,train_kl,"
                                  "test_elbo,test_reconstruction,test_kl\n";
  // Both series run in step order: merge them, a held-out point joining the training row of its step.
  size_t i = 0, j = 0;
  while (i < train.size() || j < test.size()) {
    const bool take_train = i < train.size() && (j >= test.size() || train[i].step <= test[j].step);
    const bool take_test = j < test.size() && (i >= train.size() || test[j].step <= train[i].step);
    const MetricPoint* trained = take_train ? &train[i] : nullptr;
    const MetricPoint* held_out = take_test ? &test[j] : nullptr;
    const MetricPoint& p = trained ? *trained : *held_out;
    csv += std::to_string(p.step) + ',' + number(p.epoch);
    if (!conditional) csv += std::string(",") + (trained ? to_string(EncoderGradient(p.estimator)) : "");
    for (const MetricPoint* part : {trained, held_out}) {
      float values[3] = {};
      if (part) series(*part, conditional, values);
      for (float v : values) csv += part ? ',' + number(v) : std::string(",");
    }
    csv += '\n';
    i += take_train;
    j += take_test;
  }
  return csv;
}

std::string codes_csv(const Snapshot& s) {
  if (s.model.kind == ModelKind::Conditional) throw ExportError("a conditional run has no latent codes of held-out points; open a VAE run");
  if (!s.codes || !s.data) throw ExportError("no latent codes yet (the model is still loading); try again in a moment");
  const LatentCodes& c = *s.codes;
  const Dataset& test = s.data->test;
  const int L = int(c.mu.rows());
  std::string csv = "index,label,class";
  for (const char* name : {"mu_", "sigma_"})
    for (int d = 1; d <= L; ++d) csv += ',' + std::string(name) + std::to_string(d);
  csv += '\n';
  for (size_t n = 0; n < c.test_indices.size(); ++n) {
    const int index = c.test_indices[n];
    const int label = index >= 0 && size_t(index) < test.labels.size() ? test.labels[size_t(index)] : -1;
    const std::string name = label >= 0 && label < test.class_count() ? test.class_names[size_t(label)] : "";
    csv += std::to_string(index) + ',' + std::to_string(label) + ',' + field(name);
    for (int d = 0; d < L; ++d) csv += ',' + number(c.mu(d, Eigen::Index(n)));
    for (int d = 0; d < L; ++d) csv += ',' + number(std::exp(0.5 * double(c.log_var(d, Eigen::Index(n)))));
    csv += '\n';
  }
  return csv;
}

}  // namespace latent
