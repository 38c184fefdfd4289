// The RAII GL owners: creation, uploads, shader compilation from files, error counting.
#include "gui/gl/gl_objects.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace latent::gl {

namespace {
// Only the UI thread makes GL calls, but the count is read by the stats writer
// after the loop; an atomic keeps that read well-defined at no real cost.
std::atomic<int64_t> g_error_count{0};

const char* error_name(GLenum e) {
  switch (e) {
    case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
    default: return "unknown GL error";
  }
}

std::string read_shader_file(const std::string& file) {
  const std::string path = shader_directory() + "/" + file;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error(path + ": cannot read shader; set LATENT_SHADER_DIR to the repository's shaders/ directory");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

GLuint compile(GLenum stage, const std::string& file) {
  // The files carry no #version line so one source could serve GL ES later.
  const std::string source = "#version 330 core\n#line 1\n" + read_shader_file(file);
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
    throw std::runtime_error(shader_directory() + "/" + file + ": does not compile: " + log);
  }
  return shader;
}
}  // namespace

int check_errors(const char* where) {
  int found = 0;
  for (GLenum e = glGetError(); e != GL_NO_ERROR; e = glGetError()) {
    ++found;
    // Print the first few only: a per-frame error would flood the terminal.
    if (g_error_count.fetch_add(1) < 10) std::fprintf(stderr, "latentlab: GL error %s after %s\n", error_name(e), where);
  }
  return found;
}

int64_t error_count() { return g_error_count.load(); }

void delete_texture(GLuint id) { glDeleteTextures(1, &id); }
void delete_shader(GLuint id) { glDeleteShader(id); }
void delete_program(GLuint id) { glDeleteProgram(id); }
void delete_framebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void delete_vertex_array(GLuint id) { glDeleteVertexArrays(1, &id); }
void delete_buffer(GLuint id) { glDeleteBuffers(1, &id); }

std::string shader_directory() {
  if (const char* env = std::getenv("LATENT_SHADER_DIR"); env && *env) return env;
#ifdef LATENT_SHADER_DIR
  return LATENT_SHADER_DIR;
#else
  return "shaders";
#endif
}

// ---- Texture

Texture::Texture(int width, int height, Format format, bool smooth) { ensure(width, height, format, smooth); }

bool Texture::ensure(int width, int height, Format format, bool smooth) {
  if (handle_ && width == width_ && height == height_ && format == format_) return false;
  GLuint id = 0;
  glGenTextures(1, &id);
  handle_ = Handle<delete_texture>(id);
  width_ = width;
  height_ = height;
  format_ = format;
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  glBindTexture(GL_TEXTURE_2D, id);
  const GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (format == Format::Grey8) {
    const GLint swizzle[4] = {GL_RED, GL_RED, GL_RED, GL_ONE};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, nullptr);
  } else if (format == Format::Float32) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, width, height, 0, GL_RED, GL_FLOAT, nullptr);
  } else {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  }
  glBindTexture(GL_TEXTURE_2D, GLuint(previous));
  check_errors("creating a texture");
  return true;
}

void Texture::upload(const uint8_t* pixels) {
  if (!handle_ || format_ == Format::Float32) return;  // floats go through upload(const float*)
  GLint previous = 0, alignment = 4;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
  glBindTexture(GL_TEXTURE_2D, handle_.id());
  // Grey rows of 28 bytes are not 4-byte aligned.
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, format_ == Format::Grey8 ? GL_RED : GL_RGBA,
                  GL_UNSIGNED_BYTE, pixels);
  glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
  glBindTexture(GL_TEXTURE_2D, GLuint(previous));
}

void Texture::upload(const float* values) {
  if (!handle_ || format_ != Format::Float32) return;
  GLint previous = 0, alignment = 4;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
  glBindTexture(GL_TEXTURE_2D, handle_.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // floats are 4-byte aligned whatever the width
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RED, GL_FLOAT, values);
  glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
  glBindTexture(GL_TEXTURE_2D, GLuint(previous));
}

void Texture::bind(int unit) const {
  glActiveTexture(GLenum(GL_TEXTURE0 + unit));
  glBindTexture(GL_TEXTURE_2D, handle_.id());
}

// ---- Program

Program::Program(const std::string& vertex_file, const std::string& fragment_file)
    : name_(vertex_file + " + " + fragment_file) {
  Handle<delete_shader> vs(compile(GL_VERTEX_SHADER, vertex_file));
  Handle<delete_shader> fs(compile(GL_FRAGMENT_SHADER, fragment_file));
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
    throw std::runtime_error(name_ + ": does not link: " + log);
  }
  check_errors("linking a program");
}

GLint Program::uniform(const char* name) const {
  const GLint location = glGetUniformLocation(handle_.id(), name);
  if (location < 0) std::fprintf(stderr, "latentlab: %s has no uniform '%s'\n", name_.c_str(), name);
  return location;
}

void Program::use() const { glUseProgram(handle_.id()); }
void Program::set(GLint location, int value) const { glUniform1i(location, value); }
void Program::set(GLint location, float value) const { glUniform1f(location, value); }
void Program::set(GLint location, float a, float b) const { glUniform2f(location, a, b); }
void Program::set(GLint location, float a, float b, float c, float d) const { glUniform4f(location, a, b, c, d); }

// ---- VertexArray

VertexArray::VertexArray() {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  handle_ = Handle<delete_vertex_array>(id);
}

void VertexArray::bind() const { glBindVertexArray(handle_.id()); }

void draw_triangle_strip(int vertices) { glDrawArrays(GL_TRIANGLE_STRIP, 0, vertices); }

void scissor(int x, int y, int width, int height) {
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, std::max(width, 0), std::max(height, 0));
}

// ---- RenderTarget

void RenderTarget::ensure(int width, int height) {
  if (framebuffer_ && width == color_.width() && height == color_.height()) return;
  color_ = Texture(width, height, Texture::Format::Rgba8, true);
  GLuint id = 0;
  glGenFramebuffers(1, &id);
  framebuffer_ = Handle<delete_framebuffer>(id);
  GLint previous = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_FRAMEBUFFER, id);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_.id(), 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    std::fprintf(stderr, "latentlab: framebuffer %dx%d incomplete (0x%x)\n", width, height, status);
    framebuffer_.reset();
  }
  check_errors("creating a framebuffer");
}

RenderTarget::Binding::Binding(const RenderTarget& target) {
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous_framebuffer_);
  glGetIntegerv(GL_VIEWPORT, previous_viewport_);
  glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer_.id());
  glViewport(0, 0, target.width(), target.height());
}

RenderTarget::Binding::~Binding() {
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous_framebuffer_));
  glViewport(previous_viewport_[0], previous_viewport_[1], previous_viewport_[2], previous_viewport_[3]);
}

}  // namespace latent::gl
