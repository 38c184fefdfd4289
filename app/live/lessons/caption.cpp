// Caption numbers: which names exist, where their values come from, and how
// they are written.
#include "live/lessons/caption.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace latent {

namespace {

struct Field {
  std::string name;
  size_t begin = 0, end = 0;  // of "{...}" in the template
  int decimals = -1;          // -1: the line's rule
};

// The {name} and {name:N} fields of a template; `ok` false on an unclosed brace.
std::vector<Field> fields(const std::string& t, bool& ok) {
  std::vector<Field> out;
  ok = true;
  for (size_t i = t.find('{'); i != std::string::npos; i = t.find('{', i + 1)) {
    const size_t close = t.find('}', i);
    if (close == std::string::npos) {
      ok = false;
      break;
    }
    Field f;
    f.begin = i;
    f.end = close + 1;
    std::string inner = t.substr(i + 1, close - i - 1);
    if (const size_t colon = inner.find(':'); colon != std::string::npos) {
      const std::string digits = inner.substr(colon + 1);
      f.decimals = digits.size() == 1 && digits[0] >= '0' && digits[0] <= '6' ? digits[0] - '0' : -2;
      inner = inner.substr(0, colon);
    }
    f.name = inner;
    out.push_back(f);
    i = close;
  }
  return out;
}

bool is_count(const std::string& name) { return name == "step" || name == "batch" || name == "samples" || name == "vi_steps"; }

std::string format(double v, int decimals, bool count) {
  char buf[64];
  if (count) {
    // Thousands separators: 12,345 reads faster from the back of a room.
    std::string digits = std::to_string(int64_t(std::llround(std::fabs(v))));
    for (int i = int(digits.size()) - 3; i > 0; i -= 3) digits.insert(size_t(i), ",");
    std::string out = v < 0 ? "−" : "";
    out += digits;
    return out;
  }
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  // No "−0.0": a value that rounds to zero is written without a sign.
  bool zero = true;
  for (const char* c = buf; *c; ++c) zero &= *c == '0' || *c == '.';
  std::string out = v < 0 && !zero ? "−" : "";
  out += buf;
  return out;
}

void put(std::map<std::string, double>& out, const std::string& name, const nlohmann::json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_number()) out[name] = j[key].get<double>();
}

}  // namespace

const std::vector<CaptionNumber>& caption_numbers() {
  static const std::vector<CaptionNumber> names{
      {"step", "any", "the training step"},
      {"epoch", "any", "epochs of training so far"},
      {"elbo", "held-out evaluation", "held-out ELBO per example, nats (latest evaluation)"},
      {"reconstruction", "held-out evaluation", "held-out E_q[log p(x|z)], nats, same evaluation"},
      {"kl", "held-out evaluation", "held-out KL(q(z|x) ‖ p(z)), nats, same evaluation"},
      {"train_elbo", "training steps", "training ELBO, nats, mean of the last 100 steps"},
      {"train_reconstruction", "training steps", "training E_q[log p(x|z)], nats, same steps"},
      {"train_kl", "training steps", "training KL(q(z|x) ‖ p(z)), nats, same steps"},
      {"mdn_nll", "held-out evaluation", "conditional runs: the MDN's held-out −log p(y|x), nats"},
      {"mse", "held-out evaluation", "conditional runs: the least-squares regressor's held-out mean squared error"},
      {"beta", "any", "the weight on the KL term"},
      {"lr", "any", "the learning rate"},
      {"batch", "any", "the minibatch size"},
      {"samples", "any", "Monte Carlo samples M per example"},
      {"log_px", "bound panel", "log p(x) by quadrature, nats"},
      {"bound_elbo", "bound panel", "the encoder's ELBO for the chosen x, nats"},
      {"iwae_5", "bound panel", "IWAE bound with k = 5, nats"},
      {"iwae_50", "bound panel", "IWAE bound with k = 50, nats"},
      {"iwae_500", "bound panel", "IWAE bound with k = 500, nats"},
      {"bound_gap", "bound panel", "log p(x) − ELBO = KL(q(z|x) ‖ p(z|x)), nats"},
      {"elbo_q_star", "bound panel", "the ELBO of per-point q*, nats"},
      {"amortization_gap", "bound panel", "ELBO(q*) − ELBO(q), nats"},
      {"approximation_gap", "bound panel", "log p(x) − ELBO(q*), nats"},
      {"vi_steps", "bound panel", "per-point VI steps taken"},
      {"variance_pathwise", "gradient lab probe", "total variance of the pathwise estimate (latest probe)"},
      {"variance_score", "gradient lab probe", "total variance of the score-function estimate, same probe"},
      {"variance_ratio", "gradient lab probe", "score function ÷ pathwise variance, same probe"},
      {"snr_pathwise", "gradient lab probe", "signal-to-noise ratio of the pathwise estimate, same probe"},
      {"snr_score", "gradient lab probe", "signal-to-noise ratio of the score-function estimate, same probe"},
  };
  return names;
}

std::string check_numbers(const std::string& numbers) {
  bool ok = true;
  std::string source, source_name;
  for (const Field& f : fields(numbers, ok)) {
    if (f.decimals == -2) return "{" + f.name + ":...} takes one digit, 0 to 6, for the decimals";
    const auto& known = caption_numbers();
    const auto it = std::find_if(known.begin(), known.end(), [&](const CaptionNumber& c) { return c.name == f.name; });
    if (it == known.end()) return "{" + f.name + "} is not a caption number; the README lists them";
    if (it->source == "any") continue;
    if (source.empty()) {
      source = it->source;
      source_name = f.name;
    } else if (it->source != source) {
      return "{" + source_name + "} (" + source + ") and {" + f.name + "} (" + it->source +
             ") may be of different models; use numbers of one source in one line";
    }
  }
  return ok ? std::string() : std::string("a { is not closed; write names as {elbo}");
}

std::map<std::string, double> caption_values(const Snapshot& s, const nlohmann::json& figures) {
  std::map<std::string, double> v;
  v["step"] = double(s.step);
  v["epoch"] = s.epoch;
  v["beta"] = s.training.beta;
  v["lr"] = s.training.learning_rate;
  v["batch"] = s.training.batch_size;
  v["samples"] = s.training.mc_samples;
  if (!s.test_metrics.empty()) {
    const MetricPoint& p = s.test_metrics.back();
    v["elbo"] = p.elbo;
    v["reconstruction"] = p.reconstruction;
    v["kl"] = p.kl;
    if (s.model.kind == ModelKind::Conditional) {
      v["mdn_nll"] = -p.mdn_log_lik;
      v["mse"] = p.regressor_mse;
    }
  }
  if (const size_t n = s.train_metrics.size(); n > 0) {
    const size_t count = std::min<size_t>(n, 100);
    double elbo = 0, rec = 0, kl = 0;
    for (size_t i = n - count; i < n; ++i) {
      elbo += s.train_metrics[i].elbo;
      rec += s.train_metrics[i].reconstruction;
      kl += s.train_metrics[i].kl;
    }
    v["train_elbo"] = elbo / double(count);
    v["train_reconstruction"] = rec / double(count);
    v["train_kl"] = kl / double(count);
  }
  if (s.probes && !s.probes->empty()) {
    const VarianceProbeResult& p = s.probes->back();
    const EstimatorVariance* path = nullptr;
    const EstimatorVariance* score = nullptr;
    for (const EstimatorVariance& e : p.estimators) {
      if (e.estimator == EncoderGradient::Reparameterization) path = &e;
      if (e.estimator == EncoderGradient::ScoreFunction) score = &e;
    }
    if (path) v["variance_pathwise"] = path->total_variance, v["snr_pathwise"] = path->mean_snr;
    if (score) v["variance_score"] = score->total_variance, v["snr_score"] = score->mean_snr;
    if (path && score && path->total_variance > 0) v["variance_ratio"] = score->total_variance / path->total_variance;
  }
  // The bound panel's figures: all of the one model it shows.
  if (figures.contains("bound")) {
    const nlohmann::json& b = figures["bound"];
    if (b.contains("figures")) {
      const nlohmann::json& f = b["figures"];
      put(v, "log_px", f, "log_px");
      put(v, "bound_elbo", f, "elbo");
      if (v.count("log_px") && v.count("bound_elbo")) v["bound_gap"] = v["log_px"] - v["bound_elbo"];
      if (f.contains("iwae"))
        for (const auto& row : f["iwae"]) {
          const int k = row[0].get<int>();
          if (k == 5 || k == 50 || k == 500) v["iwae_" + std::to_string(k)] = row[1].get<double>();
        }
    }
    if (b.contains("vi")) {
      const nlohmann::json& vi = b["vi"];
      put(v, "vi_steps", vi, "steps");
      if (vi.value("finished", false)) {
        put(v, "elbo_q_star", vi, "optimized_elbo");
        if (v.count("elbo_q_star") && vi.contains("encoder_elbo"))
          v["amortization_gap"] = v["elbo_q_star"] - vi["encoder_elbo"].get<double>();
        if (v.count("elbo_q_star") && v.count("log_px")) v["approximation_gap"] = v["log_px"] - v["elbo_q_star"];
      }
    }
  }
  return v;
}

std::string render_numbers(const std::string& numbers, const std::map<std::string, double>& values) {
  bool ok = true;
  const std::vector<Field> fs = fields(numbers, ok);
  double largest = 0.0;
  for (const Field& f : fs)
    if (auto it = values.find(f.name); it != values.end() && !is_count(f.name) && std::isfinite(it->second))
      largest = std::max(largest, std::fabs(it->second));
  const int line_decimals = largest >= 10.0 ? 1 : 2;
  std::string out;
  size_t at = 0;
  for (const Field& f : fs) {
    out += numbers.substr(at, f.begin - at);
    const auto it = values.find(f.name);
    if (it == values.end() || !std::isfinite(it->second))
      out += "…";
    else
      out += format(it->second, f.decimals >= 0 ? f.decimals : line_decimals, is_count(f.name));
    at = f.end;
  }
  return out + numbers.substr(at);
}

}  // namespace latent
