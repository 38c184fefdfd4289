// What the conditional-density models are made of: the mixture density
// network and its least-squares baseline (sizes, activation), and the fixed
// input scaling both apply before their MLP. Saved in checkpoints.
#pragma once
#include <string>
#include <vector>

#include "core/models/config_json.hpp"
#include "core/nn/activation.hpp"
#include "core/nn/tensor.hpp"

namespace latent {

// x -> (x - shift) / scale per input dimension, fixed (not trained), fit to
// the training inputs. Raw inputs of size ~10 (the sinusoid's) drive tanh
// units into saturation, so the trunk learns step-like features and
// overfits: on sinusoid-inverse (eight seeds) the held-out NLL is 1.42-1.85
// without it and 1.37-1.45 with it. The map changes only the network's
// input, so densities and errors stay in y's own units.
struct InputScaling {
  std::vector<float> shift, scale;  // empty: the identity

  bool is_identity() const { return shift.empty(); }
  // Mean and standard deviation of each row of x (Din, N); scale 1 for a
  // constant row.
  static InputScaling fit(const Matrix& x);
  // x: (Din, B) -> the scaled (Din, B): x itself for the identity (no
  // copy), else `storage`, filled. Throws std::invalid_argument on a size mismatch.
  const Matrix& apply(const Matrix& x, Matrix& storage) const;

  template <class Self, class Visit>
  static void fields(Self& s, Visit& visit) {
    visit("shift", s.shift);
    visit("scale", s.scale);
  }
  void check() const;  // as many scales as shifts, every scale positive
};

// What the MDN and its least-squares baseline share: an MLP from Din inputs,
// scaled first, to a head for Dout outputs.
struct ConditionalNetworkConfig {
  int input_dim = 1;   // Din
  int output_dim = 1;  // Dout
  std::vector<int> hidden{24};
  Activation activation = Activation::Tanh;
  InputScaling input_scaling;

  // What a checkpoint keeps (see config_json.hpp); the scaling is absent
  // from the oldest ones (the identity).
  template <class Self, class Visit>
  static void fields(Self& c, Visit& visit) {
    visit("input_dim", c.input_dim);
    visit("output_dim", c.output_dim);
    visit("hidden", c.hidden);
    visit("activation", c.activation);
    visit("input_scaling", c.input_scaling, Presence::Optional);
  }
  void check() const;  // sizes within size_limits.hpp, the scaling fits input_dim
};

struct MdnConfig : ConditionalNetworkConfig {
  static constexpr const char* kName = "MDN";
  int components = 5;  // K

  // Rows of the trunk's output per example: K logits, K*Dout means, K*Dout log sigmas.
  int head_size() const { return components * (1 + 2 * output_dim); }

  template <class Self, class Visit>
  static void fields(Self& c, Visit& visit) {
    ConditionalNetworkConfig::fields(c, visit);
    visit("components", c.components);
  }
  void check() const;  // the network's, and 1 to kMaxComponents components
  std::string describe() const;  // "1-24 > 5 x N(1), tanh"
};

struct RegressorConfig : ConditionalNetworkConfig {
  static constexpr const char* kName = "regressor";
  std::string describe() const;  // "1-24-1, tanh"
};

}  // namespace latent
