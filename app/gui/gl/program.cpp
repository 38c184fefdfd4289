// Building a Program from the embedded shaders and checking its declared
// uniforms and inputs, at build time and before every draw.
#include "gui/gl/program.hpp"

#include <stdexcept>

#include "gui/gl/shader_sources.hpp"

namespace latent::gl {

namespace {

std::string_view embedded_text(const std::string& file) {
  for (const EmbeddedFile& s : embedded_shaders())
    if (s.name == file) return s.text;
  throw std::runtime_error("shaders/" + file + " is not embedded in this binary; add the file to shaders/ and rebuild");
}

GLuint compile(GLenum stage, const std::string& file) {
  // The files carry no #version line so one source could serve GL ES later.
  const std::string source = "#version 330 core\n#line 1\n" + std::string(embedded_text(file));
  const GLuint shader = glCreateShader(stage);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {0};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw std::runtime_error("shaders/" + file + ": does not compile: " + log);
  }
  return shader;
}

// The names of a linked program's active uniforms ("u_weights[0]" of an array as "u_weights").
std::vector<std::string> active_uniforms(GLuint program) {
  GLint count = 0;
  glGetProgramiv(program, GL_ACTIVE_UNIFORMS, &count);
  std::vector<std::string> names;
  for (GLint i = 0; i < count; ++i) {
    char name[256] = {0};
    GLint size = 0;
    GLenum type = 0;
    glGetActiveUniform(program, GLuint(i), sizeof name, nullptr, &size, &type, name);
    std::string text = name;
    if (const size_t bracket = text.find('['); bracket != std::string::npos) text.resize(bracket);
    names.push_back(text);
  }
  return names;
}

}  // namespace

Program::Program(ProgramSpec spec)
    : spec_(std::move(spec)), checklist_(spec_.vertex + " + " + spec_.fragment, spec_.uniforms) {}

bool Program::ready() {
  if (handle_) return true;
  if (failed_) return false;
  try {
    build();
  } catch (const std::exception& e) {
    report_error(std::string(e.what()) + "; " + spec_.without);
    failed_ = true;
    handle_.reset();
    return false;
  }
  return true;
}

void Program::build() {
  Handle<delete_shader> vs(compile(GL_VERTEX_SHADER, spec_.vertex));
  Handle<delete_shader> fs(compile(GL_FRAGMENT_SHADER, spec_.fragment));
  const GLuint program = glCreateProgram();
  handle_ = Handle<delete_program>(program);
  glAttachShader(program, vs.id());
  glAttachShader(program, fs.id());
  glLinkProgram(program);
  glDetachShader(program, vs.id());
  glDetachShader(program, fs.id());
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {0};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    throw std::runtime_error(name() + ": does not link: " + log);
  }
  if (const std::string mismatch = checklist_.check_shader(active_uniforms(program)); !mismatch.empty())
    throw std::runtime_error(mismatch);
  locations_.clear();
  for (const std::string& u : spec_.uniforms) locations_.push_back(glGetUniformLocation(program, u.c_str()));
  for (const auto& [input, location] : spec_.attributes) {
    const GLint found = glGetAttribLocation(program, input.c_str());
    if (found != location)
      throw std::runtime_error(name() + ": declares vertex input '" + input + "' at location " +
                               std::to_string(location) + " but the shader has it at " + std::to_string(found) +
                               "; give it layout(location = " + std::to_string(location) + ")");
  }
  if (check_errors("building a shader program") != 0) throw std::runtime_error(name() + ": GL error while building");
}

void Program::use() {
  glUseProgram(handle_.id());
  vertex_array_.bind();
  checklist_.bound();
}

GLint Program::location(std::string_view uniform) {
  const int i = checklist_.mark_set(uniform);
  if (i < 0) {
    report_error(checklist_.undeclared(uniform));
    return -1;
  }
  return locations_[size_t(i)];
}

// GL ignores location -1, so an undeclared name (already reported) writes nothing.
void Program::set(std::string_view uniform, int value) { glUniform1i(location(uniform), value); }
void Program::set(std::string_view uniform, float value) { glUniform1f(location(uniform), value); }
void Program::set(std::string_view uniform, float a, float b) { glUniform2f(location(uniform), a, b); }
void Program::set(std::string_view uniform, float a, float b, float c, float d) {
  glUniform4f(location(uniform), a, b, c, d);
}

bool Program::draw(GLenum mode, int vertices) {
  GLint current = 0;
  glGetIntegerv(GL_CURRENT_PROGRAM, &current);
  if (!handle_ || GLuint(current) != handle_.id()) {
    report_error(name() + ": draw skipped: the program is not current (call use() first)");
    return false;
  }
  if (const std::string unset = checklist_.check_draw(); !unset.empty()) {
    report_error(unset);
    return false;
  }
  glDrawArrays(mode, 0, vertices);
  return check_errors(("drawing with " + name()).c_str()) == 0;
}

}  // namespace latent::gl
