// The GLSL files of shaders/, embedded in the binary at build time
// (cmake/embed_text_files.cmake writes the table), so no file is read at run time.
#pragma once
#include <span>
#include <string_view>

namespace latent::gl {

struct EmbeddedFile {
  std::string_view name;  // its name in shaders/, e.g. "colormap.frag"
  std::string_view text;  // as written: no #version line
};
std::span<const EmbeddedFile> embedded_shaders();

}  // namespace latent::gl
