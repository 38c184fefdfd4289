// The shader program's uniform rules without a display: which uniforms are
// declared, which were set since the program was bound, and what the errors say.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gui/gl/uniform_checklist.hpp"

using latent::gl::UniformChecklist;

namespace {
UniformChecklist colormap() {
  return UniformChecklist("colormap.vert + colormap.frag", {"u_rect", "u_range", "u_opacity"});
}
const std::string kUnset = "colormap.vert + colormap.frag: draw skipped: ";
}  // namespace

TEST_CASE("uniform checklist: a shader with exactly the declared uniforms builds") {
  CHECK(colormap().check_shader({"u_opacity", "u_rect", "u_range"}).empty());
}

TEST_CASE("uniform checklist: building names each declared uniform the shader lacks") {
  const std::string error = colormap().check_shader({"u_rect"});
  const std::string start = "colormap.vert + colormap.frag: declares uniforms 'u_range', 'u_opacity' not found in the shader";
  CHECK(error.compare(0, start.size(), start) == 0);
  CHECK(error.find('\n') == std::string::npos);
}

TEST_CASE("uniform checklist: building names a shader uniform nobody declared") {
  const std::string error = colormap().check_shader({"u_rect", "u_range", "u_opacity", "u_gamma"});
  CHECK(error == "colormap.vert + colormap.frag: uniform 'u_gamma' in the shader but not declared; declare it");
}

TEST_CASE("uniform checklist: a draw is allowed only once every declared uniform was set since binding") {
  UniformChecklist c = colormap();
  c.bound();
  CHECK(c.check_draw() == kUnset + "uniforms 'u_rect', 'u_range', 'u_opacity' not set since the program was bound");
  CHECK(c.mark_set("u_rect") == 0);
  CHECK(c.mark_set("u_opacity") == 2);
  CHECK(c.check_draw() == kUnset + "uniform 'u_range' not set since the program was bound");
  CHECK(c.mark_set("u_range") == 1);
  CHECK(c.check_draw().empty());
  // Binding again forgets every value: the next draw must set them all anew.
  c.bound();
  c.mark_set("u_rect");
  c.mark_set("u_range");
  CHECK(c.check_draw() == kUnset + "uniform 'u_opacity' not set since the program was bound");
}

TEST_CASE("uniform checklist: setting an undeclared uniform is an error and counts for nothing") {
  UniformChecklist c = colormap();
  c.bound();
  CHECK(c.mark_set("u_ragne") == -1);
  CHECK(c.undeclared("u_ragne") == "colormap.vert + colormap.frag: sets uniform 'u_ragne', which it does not declare; "
                                   "add it to the program's uniforms");
  CHECK(c.check_draw().find("'u_range'") != std::string::npos);
}

TEST_CASE("uniform checklist: a program without uniforms may always draw") {
  UniformChecklist c("fullscreen.vert + plain.frag", {});
  CHECK(c.check_shader({}).empty());
  CHECK(c.check_draw().empty());
}
