// Small RAII owners for every OpenGL object the app makes itself (textures,
// buffers, vertex arrays, framebuffers; programs in program.hpp), and the GL
// error count; created and destroyed on the UI thread only.
#pragma once
#include <GL/glcorearb.h>

#include <cstdint>
#include <string>
#include <utility>

#include <imgui.h>

namespace latent::gl {

// Drains glGetError, adds what it found to a process-wide count (reported in
// --stats) and prints the first few with `where`, so a broken call is named.
int check_errors(const char* where);
int64_t error_count();
// Counts a fault found by our own checks (a shader program that does not
// build, a draw with a uniform unset) like a GL error, and prints `line` if it is among the first few.
void report_error(const std::string& line);

// A move-only GLuint with a deleter: the one pattern every class below shares.
template <void (*Delete)(GLuint)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(GLuint id) : id_(id) {}
  ~Handle() { reset(); }
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, 0);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  GLuint id() const { return id_; }
  explicit operator bool() const { return id_ != 0; }
  void reset() {
    if (id_) Delete(id_);
    id_ = 0;
  }

 private:
  GLuint id_ = 0;
};

void delete_texture(GLuint id);
void delete_shader(GLuint id);
void delete_program(GLuint id);
void delete_framebuffer(GLuint id);
void delete_vertex_array(GLuint id);
void delete_buffer(GLuint id);

// A 2-D texture of 8-bit grey (GL_R8 swizzled to grey, since GL_LUMINANCE is
// gone in core profile), RGBA, or one 32-bit float per texel (GL_R32F: data
// for a shader to colour, e.g. a heatmap). Nearest filtering by default: a
// 28x28 image should show its pixels, not a blur.
class Texture {
 public:
  enum class Format { Grey8, Rgba8, Float32 };
  Texture() = default;
  Texture(int width, int height, Format format, bool smooth = false);

  // Replaces the whole image: width*height bytes (grey) or 4x that (RGBA), rows top to bottom.
  void upload(const uint8_t* pixels);
  // The same for a Float32 texture: width*height floats, row 0 first (t = 0 in GL).
  void upload(const float* values);
  // Reallocates if the size or format differs; returns true if it did.
  bool ensure(int width, int height, Format format, bool smooth = false);
  // Binds it to texture unit `unit`, which stays the active unit.
  void bind(int unit) const;

  GLuint id() const { return handle_.id(); }
  int width() const { return width_; }
  int height() const { return height_; }
  explicit operator bool() const { return bool(handle_); }
  ImTextureID imgui_id() const { return (ImTextureID)(intptr_t)handle_.id(); }

 private:
  Handle<delete_texture> handle_;
  int width_ = 0, height_ = 0;
  Format format_ = Format::Grey8;
};

// A buffer of vertex data, created by its first upload.
class Buffer {
 public:
  // Replaces the contents (GL_DYNAMIC_DRAW: points change every few frames).
  void upload(const void* data, size_t bytes);
  GLuint id() const { return handle_.id(); }

 private:
  Handle<delete_buffer> handle_;
};

// A vertex layout, created on first use: core profile needs one bound even
// for a draw that makes its vertices from gl_VertexID (then it stays empty).
class VertexArray {
 public:
  void bind();
  // Feeds vertex input `location` from `buffer`: `components` values of `type`
  // per vertex, `stride` bytes apart from `offset`. Leaves the bindings as it found them.
  void attribute(int location, const Buffer& buffer, int components, GLenum type, bool normalized, int stride,
                 size_t offset);

 private:
  GLuint created();
  Handle<delete_vertex_array> handle_;
};

// A framebuffer with one RGBA colour texture, for panels that render a
// picture with their own shader. bind() sets the viewport; the Binding
// restores the previous framebuffer and viewport when it goes out of scope.
class RenderTarget {
 public:
  RenderTarget() = default;
  void ensure(int width, int height);  // (re)allocates on a size change
  const Texture& texture() const { return color_; }
  int width() const { return color_.width(); }
  int height() const { return color_.height(); }

  class Binding {
   public:
    explicit Binding(const RenderTarget& target);
    ~Binding();
    Binding(const Binding&) = delete;
    Binding& operator=(const Binding&) = delete;

   private:
    GLint previous_framebuffer_ = 0;
    GLint previous_viewport_[4] = {0, 0, 0, 0};
  };

 private:
  Handle<delete_framebuffer> framebuffer_;
  Texture color_;
};

// Draw-time state for code that renders with its own program (e.g. inside an
// ImDrawList callback, where ImGui's backend restores its state afterwards).
// Limits drawing to a rectangle in framebuffer pixels (origin bottom-left) and turns the scissor test on.
void scissor(int x, int y, int width, int height);

}  // namespace latent::gl
