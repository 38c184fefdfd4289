// The one shader-program type: a vertex + fragment pair from the embedded
// shaders/ files that declares its uniforms and vertex inputs up front, is built
// on first use, and refuses to draw until every declared uniform is set.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gui/gl/gl_objects.hpp"
#include "gui/gl/uniform_checklist.hpp"

namespace latent::gl {

struct ProgramSpec {
  std::string vertex, fragment;  // file names in shaders/, e.g. "colormap.vert"
  // Every uniform the drawing code sets, samplers included (set to their texture unit).
  std::vector<std::string> uniforms;
  // Vertex inputs and the locations the vertex layout feeds (none if the shader makes its vertices).
  std::vector<std::pair<std::string, int>> attributes = {};
  // What the app does instead when the program cannot be built, for the one report.
  std::string without;
};

// Usage on the UI thread, each time it draws:
//   if (!program.ready()) { fall back; }
//   program.use();
//   program.set("u_rect", ...);  // every declared uniform, again after each use()
//   program.draw(GL_TRIANGLE_STRIP, 4);
// Building fails, with one line naming the files, if a shader does not
// compile or link, lacks a declared uniform, or has a declared input
// elsewhere. draw() refuses, with a one-line error counted like a GL error,
// if the program is not current or a declared uniform was not set since use().
class Program {
 public:
  explicit Program(ProgramSpec spec);

  // Builds on the first call (the GL context must be current, so not in the
  // constructor); false from then on if building failed, reported once with
  // spec.without and counted like a GL error, so the smoke test notices.
  bool ready();
  bool usable() const { return !failed_; }

  // Makes it the current program with its vertex array bound.
  void use();
  void set(std::string_view uniform, int value);
  void set(std::string_view uniform, float value);
  void set(std::string_view uniform, float a, float b);
  void set(std::string_view uniform, float a, float b, float c, float d);
  // glDrawArrays(mode, 0, vertices) after the checks above; false if it refused.
  bool draw(GLenum mode, int vertices);

  // Its own vertex layout, bound by use(): each program draws from one.
  VertexArray& vertex_array() { return vertex_array_; }
  const std::string& name() const { return checklist_.program(); }

 private:
  void build();
  GLint location(std::string_view uniform);  // -1 (and a counted error) if undeclared

  ProgramSpec spec_;
  UniformChecklist checklist_;
  Handle<delete_program> handle_;
  VertexArray vertex_array_;
  std::vector<GLint> locations_;  // parallel to spec_.uniforms
  bool failed_ = false;
};

}  // namespace latent::gl
