// The RAII GL owners: creation, uploads, vertex layouts, framebuffers, error counting.
#include "gui/gl/gl_objects.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>

namespace latent::gl {

namespace {
// Only the UI thread makes GL calls, but the count is read by the stats writer
// after the loop; an atomic keeps that read well-defined at no real cost.
std::atomic<int64_t> g_error_count{0};

// Print the first few only: a per-frame error would flood the terminal.
bool count_and_tell() { return g_error_count.fetch_add(1) < 10; }

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

}  // namespace

int check_errors(const char* where) {
  int found = 0;
  for (GLenum e = glGetError(); e != GL_NO_ERROR; e = glGetError()) {
    ++found;
    if (count_and_tell()) std::fprintf(stderr, "latentlab: GL error %s after %s\n", error_name(e), where);
  }
  return found;
}

int64_t error_count() { return g_error_count.load(); }

void report_error(const std::string& line) {
  if (count_and_tell()) std::fprintf(stderr, "latentlab: GL error: %s\n", line.c_str());
}

void delete_texture(GLuint id) { glDeleteTextures(1, &id); }
void delete_shader(GLuint id) { glDeleteShader(id); }
void delete_program(GLuint id) { glDeleteProgram(id); }
void delete_framebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void delete_vertex_array(GLuint id) { glDeleteVertexArrays(1, &id); }
void delete_buffer(GLuint id) { glDeleteBuffers(1, &id); }

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

// ---- Buffer

void Buffer::upload(const void* data, size_t bytes) {
  if (!handle_) {
    GLuint id = 0;
    glGenBuffers(1, &id);
    handle_ = Handle<delete_buffer>(id);
  }
  GLint previous = 0;
  glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &previous);
  glBindBuffer(GL_ARRAY_BUFFER, handle_.id());
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(bytes), data, GL_DYNAMIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, GLuint(previous));
}

// ---- VertexArray

GLuint VertexArray::created() {
  if (!handle_) {
    GLuint id = 0;
    glGenVertexArrays(1, &id);
    handle_ = Handle<delete_vertex_array>(id);
  }
  return handle_.id();
}

void VertexArray::bind() { glBindVertexArray(created()); }

void VertexArray::attribute(int location, const Buffer& buffer, int components, GLenum type, bool normalized,
                            int stride, size_t offset) {
  GLint previous_array = 0, previous_buffer = 0;
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &previous_array);
  glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &previous_buffer);
  glBindVertexArray(created());
  glBindBuffer(GL_ARRAY_BUFFER, buffer.id());
  glEnableVertexAttribArray(GLuint(location));
  glVertexAttribPointer(GLuint(location), components, type, normalized ? GL_TRUE : GL_FALSE, stride,
                        reinterpret_cast<const void*>(offset));
  glBindVertexArray(GLuint(previous_array));
  glBindBuffer(GL_ARRAY_BUFFER, GLuint(previous_buffer));
}

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
