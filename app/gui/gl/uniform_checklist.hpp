// The GL-free bookkeeping behind gl::Program: which uniforms a program declares,
// which were set since it was last bound, and the one-line errors when they disagree.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latent::gl {

class UniformChecklist {
 public:
  // `program` names it in every error (e.g. "colormap.vert + colormap.frag").
  UniformChecklist(std::string program, std::vector<std::string> declared)
      : program_(std::move(program)), declared_(std::move(declared)), set_(declared_.size(), false) {}

  const std::string& program() const { return program_; }
  const std::vector<std::string>& declared() const { return declared_; }

  // The position of `name` among the declared uniforms, or -1.
  int find(std::string_view name) const {
    for (size_t i = 0; i < declared_.size(); ++i)
      if (declared_[i] == name) return int(i);
    return -1;
  }

  // After linking, with the names of the shader's active uniforms: the error
  // naming each declared uniform the shader lacks and each active one left
  // undeclared (it would be drawn with whatever value it last had), or "".
  std::string check_shader(const std::vector<std::string>& active) const {
    std::vector<std::string> lacking, undeclared;
    for (const std::string& name : declared_)
      if (std::find(active.begin(), active.end(), name) == active.end()) lacking.push_back(name);
    for (const std::string& name : active)
      if (find(name) < 0) undeclared.push_back(name);
    std::string error;
    if (!lacking.empty())
      error = program_ + ": declares " + list(lacking) + " not found in the shader (GLSL drops unused uniforms); " +
              "use each in the shader or drop it from the declaration";
    if (!undeclared.empty())
      error += (error.empty() ? program_ + ": " : "; ") + list(undeclared) +
               " in the shader but not declared; declare it";
    return error;
  }

  // The program was just made current: nothing counts as set until set again.
  void bound() { set_.assign(declared_.size(), false); }

  // Records a value written to `name`: its position, or -1 if it was never declared.
  int mark_set(std::string_view name) {
    const int i = find(name);
    if (i >= 0) set_[size_t(i)] = true;
    return i;
  }
  // The error for setting a uniform that was never declared.
  std::string undeclared(std::string_view name) const {
    return program_ + ": sets uniform '" + std::string(name) +
           "', which it does not declare; add it to the program's uniforms";
  }

  // Before a draw: the error naming every declared uniform not set since bound(), or "".
  std::string check_draw() const {
    std::vector<std::string> unset;
    for (size_t i = 0; i < declared_.size(); ++i)
      if (!set_[i]) unset.push_back(declared_[i]);
    if (unset.empty()) return {};
    return program_ + ": draw skipped: " + list(unset) + " not set since the program was bound";
  }

 private:
  // "uniform 'a'" or "uniforms 'a', 'b'".
  static std::string list(const std::vector<std::string>& names) {
    std::string text = "uniform";
    if (names.size() > 1) text += "s";
    for (size_t i = 0; i < names.size(); ++i) text += (i ? ", '" : " '") + names[i] + "'";
    return text;
  }

  std::string program_;
  std::vector<std::string> declared_;
  std::vector<bool> set_;  // parallel to declared_
};

}  // namespace latent::gl
