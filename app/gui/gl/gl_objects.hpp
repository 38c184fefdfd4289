// Small RAII owners for the few OpenGL objects the app makes itself (textures,
// shaders, a framebuffer, a vertex array); created and destroyed on the UI thread only.
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

// A linked vertex + fragment program. Sources are read from the shader
// directory (LATENT_SHADER_DIR, or $LATENT_SHADER_DIR at run time) with
// `#version 330 core` prepended. Throws std::runtime_error with the file
// name and the compiler's log.
class Program {
 public:
  Program() = default;
  Program(const std::string& vertex_file, const std::string& fragment_file);
  GLuint id() const { return handle_.id(); }
  explicit operator bool() const { return bool(handle_); }
  GLint uniform(const char* name) const;  // -1 (and a warning once) if the shader lacks it
  // Makes it the current program; the setters below write its uniforms (location -1 is ignored by GL).
  void use() const;
  void set(GLint location, int value) const;
  void set(GLint location, float value) const;
  void set(GLint location, float a, float b) const;
  void set(GLint location, float a, float b, float c, float d) const;

 private:
  Handle<delete_program> handle_;
  std::string name_;
};

// An empty vertex array: core profile needs one bound even for a draw that
// makes its vertices from gl_VertexID.
class VertexArray {
 public:
  VertexArray();
  GLuint id() const { return handle_.id(); }
  void bind() const;

 private:
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

// Where shader files are read from (for error messages and the smoke test).
std::string shader_directory();

// Draw-time state for code that renders with its own program (e.g. inside an
// ImDrawList callback, where ImGui's backend restores its state afterwards).
// A triangle strip of `vertices` vertices that the vertex shader makes from gl_VertexID.
void draw_triangle_strip(int vertices);
// Limits drawing to a rectangle in framebuffer pixels (origin bottom-left) and turns the scissor test on.
void scissor(int x, int y, int width, int height);

}  // namespace latent::gl
