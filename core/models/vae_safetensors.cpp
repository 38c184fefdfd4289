// Between our flat parameter buffer (column-major (out, in) blocks, the
// encoder's last layer stacking mu over log_var) and PyTorch's named,
// row-major tensors.
#include "core/models/vae_safetensors.hpp"

#include <cmath>
#include <set>

#include "core/models/vae.hpp"

namespace latent {
namespace {

const char* const kFix = "; the file must hold exactly the state_dict of the module in the README";

std::string layer_key(const char* part, size_t index, const char* what) {
  return std::string(part) + "." + std::to_string(2 * index) + "." + what;
}

// Copies a (rows, cols) block of `params` into a row-major tensor, or back.
NamedTensor block_to_tensor(const float* params, const ParamBlock& block, int first_row, int rows) {
  NamedTensor t;
  t.shape = block.cols == 1 ? std::vector<int64_t>{rows} : std::vector<int64_t>{rows, block.cols};
  t.values.resize(size_t(rows) * block.cols);
  const ConstMatrixMap m = view(params, block);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < block.cols; ++c) t.values[size_t(r) * block.cols + c] = m(first_row + r, c);
  return t;
}
void tensor_to_block(const NamedTensor& t, float* params, const ParamBlock& block, int first_row) {
  MatrixMap m = view(params, block);
  const int rows = int(t.values.size() / block.cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < block.cols; ++c) m(first_row + r, c) = t.values[size_t(r) * block.cols + c];
}

// The tensors of one Sequential (encoder or decoder) under their names, or
// of the mu and log_var heads (the encoder's last layer, split).
void add_mlp(SafetensorsFile& out, const char* part, const Mlp& mlp, const float* params, size_t layers) {
  for (size_t l = 0; l < layers; ++l) {
    const ParamBlock& w = mlp.weight_block(l);
    out.tensors[layer_key(part, l, "weight")] = block_to_tensor(params, w, 0, w.rows);
    out.tensors[layer_key(part, l, "bias")] = block_to_tensor(params, mlp.bias_block(l), 0, w.rows);
  }
}

struct Reader {
  const SafetensorsFile& file;
  const std::string& path;
  std::set<std::string> used;

  SafetensorsError error(const std::string& name, const std::string& what) const {
    return SafetensorsError(path + ": tensor '" + name + "': " + what);
  }
  const NamedTensor& tensor(const std::string& name, std::vector<int64_t> shape) {
    const auto it = file.tensors.find(name);
    if (it == file.tensors.end()) throw error(name, "missing" + std::string(kFix));
    if (it->second.shape != shape) {
      auto text = [](const std::vector<int64_t>& s) {
        std::string t = "(";
        for (size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
        return t + ")";
      };
      throw error(name, "shape " + text(it->second.shape) + ", expected " + text(shape) +
                            " from the layers around it; every Linear's input must match the previous output");
    }
    used.insert(name);
    return it->second;
  }
  // The output sizes of part.0, part.2, ... (weights (out, in)), chained from `in`.
  std::vector<int> chain(const char* part, int in) {
    std::vector<int> outs;
    for (size_t l = 0;; ++l) {
      const auto it = file.tensors.find(layer_key(part, l, "weight"));
      if (it == file.tensors.end()) break;
      if (it->second.shape.size() != 2 || it->second.shape[0] < 1 || it->second.shape[0] > 65536)
        throw error(it->first, "a Linear weight must be (out, in) with 1 <= out <= 65536");
      const int out = int(it->second.shape[0]);
      tensor(it->first, {out, in});
      tensor(layer_key(part, l, "bias"), {out});
      outs.push_back(out);
      in = out;
    }
    if (outs.empty()) throw error(layer_key(part, 0, "weight"), "missing" + std::string(kFix));
    return outs;
  }
  std::string metadata(const std::string& key, const std::string& fallback) const {
    const auto it = file.metadata.find(key);
    return it == file.metadata.end() ? fallback : it->second;
  }
};

}  // namespace

SafetensorsFile vae_to_safetensors(const Checkpoint& checkpoint, const std::string& path) {
  if (checkpoint.model_kind != "vae" || !checkpoint.architecture.contains("vae"))
    throw SafetensorsError(path + ": only a VAE can be exported as safetensors; this checkpoint holds a '" +
                           checkpoint.model_kind + "' model");
  const Vae vae(config_from_json<VaeConfig>(checkpoint.architecture, "vae"));
  const VaeConfig& c = vae.config();
  if (checkpoint.params.size() != vae.param_count())
    throw SafetensorsError(path + ": the checkpoint's parameters do not match its architecture; re-save it");
  const float* params = checkpoint.params.data();
  SafetensorsFile out;
  const Mlp& enc = vae.encoder();
  add_mlp(out, "encoder", enc, params, enc.layer_count() - 1);
  const size_t last = enc.layer_count() - 1;
  const ParamBlock &w = enc.weight_block(last), &b = enc.bias_block(last);
  out.tensors["mu.weight"] = block_to_tensor(params, w, 0, c.latent_dim);
  out.tensors["mu.bias"] = block_to_tensor(params, b, 0, c.latent_dim);
  out.tensors["log_var.weight"] = block_to_tensor(params, w, c.latent_dim, c.latent_dim);
  out.tensors["log_var.bias"] = block_to_tensor(params, b, c.latent_dim, c.latent_dim);
  add_mlp(out, "decoder", vae.decoder(), params, vae.decoder().layer_count());
  if (c.likelihood == Likelihood::Gaussian) {
    out.tensors["log_sigma"].shape = {c.input_dim};
    const Vector log_sigma = vae.decoder_log_sigma(params);
    out.tensors["log_sigma"].values.assign(log_sigma.data(), log_sigma.data() + log_sigma.size());
    if (!c.learn_sigma) out.metadata["fixed_sigma"] = std::to_string(c.fixed_sigma);
  }
  out.metadata["activation"] = to_string(c.activation);
  out.metadata["likelihood"] = to_string(c.likelihood);
  out.metadata["dataset"] = checkpoint.architecture.value("dataset", std::string("fashion-mnist"));
  return out;
}

Checkpoint vae_from_safetensors(const SafetensorsFile& file, const std::string& path) {
  Reader read{file, path, {}};
  auto metadata_enum = [&]<class Enum>(const char* key, const char* fallback, Enum) {
    try {
      return from_string<Enum>(read.metadata(key, fallback));
    } catch (const std::invalid_argument& e) {  // "unknown activation 'x' (use relu, ...)"
      throw SafetensorsError(path + ": __metadata__ \"" + key + "\": " + e.what());
    }
  };
  VaeConfig c;
  c.activation = metadata_enum("activation", "relu", Activation{});
  c.likelihood = metadata_enum("likelihood", "bernoulli", Likelihood{});
  const auto first = file.tensors.find("encoder.0.weight");
  if (first == file.tensors.end() || first->second.shape.size() != 2)
    throw read.error("encoder.0.weight", "missing or not (out, in)" + std::string(kFix));
  c.input_dim = int(first->second.shape[1]);
  c.encoder_hidden = read.chain("encoder", c.input_dim);
  const int hidden = c.encoder_hidden.back();
  const auto mu = file.tensors.find("mu.weight");
  if (mu == file.tensors.end() || mu->second.shape.size() != 2)
    throw read.error("mu.weight", "missing or not (out, in)" + std::string(kFix));
  c.latent_dim = int(mu->second.shape[0]);
  if (c.latent_dim < 1 || c.latent_dim > 64) throw read.error("mu.weight", "a latent size of 1 to 64 is supported");
  c.decoder_hidden = read.chain("decoder", c.latent_dim);
  if (c.decoder_hidden.back() != c.input_dim)
    throw read.error(layer_key("decoder", c.decoder_hidden.size() - 1, "weight"),
                     "outputs " + std::to_string(c.decoder_hidden.back()) + " values, but the encoder reads " +
                         std::to_string(c.input_dim) + "; the decoder must end at the data's size");
  c.decoder_hidden.pop_back();
  const bool gaussian = c.likelihood == Likelihood::Gaussian;
  if (gaussian) {
    c.learn_sigma = !file.metadata.count("fixed_sigma");
    if (!c.learn_sigma) c.fixed_sigma = std::stof(read.metadata("fixed_sigma", "0.1"));
  }
  const Vae vae(c);
  Checkpoint out;
  out.model_kind = "vae";
  out.architecture = {{"dataset", read.metadata("dataset", "fashion-mnist")}, {"vae", config_to_json(c)}};
  out.params.assign(vae.param_count(), 0.0f);
  float* params = out.params.data();
  const Mlp& enc = vae.encoder();
  for (size_t l = 0; l + 1 < enc.layer_count(); ++l) {
    tensor_to_block(file.tensors.at(layer_key("encoder", l, "weight")), params, enc.weight_block(l), 0);
    tensor_to_block(file.tensors.at(layer_key("encoder", l, "bias")), params, enc.bias_block(l), 0);
  }
  const size_t last = enc.layer_count() - 1;
  const int L = c.latent_dim;
  tensor_to_block(read.tensor("mu.weight", {L, hidden}), params, enc.weight_block(last), 0);
  tensor_to_block(read.tensor("mu.bias", {L}), params, enc.bias_block(last), 0);
  tensor_to_block(read.tensor("log_var.weight", {L, hidden}), params, enc.weight_block(last), L);
  tensor_to_block(read.tensor("log_var.bias", {L}), params, enc.bias_block(last), L);
  const Mlp& dec = vae.decoder();
  for (size_t l = 0; l < dec.layer_count(); ++l) {
    tensor_to_block(file.tensors.at(layer_key("decoder", l, "weight")), params, dec.weight_block(l), 0);
    tensor_to_block(file.tensors.at(layer_key("decoder", l, "bias")), params, dec.bias_block(l), 0);
  }
  if (gaussian)
    tensor_to_block(read.tensor("log_sigma", {c.input_dim}), params, vae.log_sigma_block(), 0);
  for (const auto& [name, tensor] : file.tensors) {
    if (!read.used.count(name))
      throw read.error(name, gaussian || name != "log_sigma"
                                 ? "not part of the module" + std::string(kFix)
                                 : "a Bernoulli decoder has no log_sigma; set __metadata__ \"likelihood\" to \"gaussian\"");
    for (float v : tensor.values)
      if (!std::isfinite(v)) throw read.error(name, "holds a NaN or infinite value; export a model that trained without diverging");
  }
  return out;
}

}  // namespace latent
