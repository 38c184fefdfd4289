# Writes OUTPUT, a C++ file holding text files as raw strings in a table
# (name, text), so the program reads no file of the source tree at run time.
# Usage: cmake -DDIR=<folder> -DGLOBS="*.json" -DOUTPUT=<file.cpp> -DHEADER=<include path>
#              -DNAMESPACE=<ns> -DFUNCTION=<name> -P embed_text_files.cmake
# HEADER declares `struct EmbeddedFile { std::string_view name, text; }` and
# `std::span<const EmbeddedFile> FUNCTION();` in NAMESPACE.
set(globs "")
foreach(g IN LISTS GLOBS)
  list(APPEND globs "${DIR}/${g}")
endforeach()
file(GLOB files LIST_DIRECTORIES false RELATIVE "${DIR}" ${globs})
list(SORT files)
set(delimiter "embedded")
set(table "")
foreach(name IN LISTS files)
  file(READ "${DIR}/${name}" text)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${DIR}/${name}: contains )${delimiter}\", which would end its embedded string; reword that line")
  endif()
  string(APPEND table "    {\"${name}\", R\"${delimiter}(${text})${delimiter}\"},\n")
endforeach()
file(WRITE "${OUTPUT}" "// Generated from ${DIR} by cmake/embed_text_files.cmake at build time; do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

namespace {
constexpr EmbeddedFile kFiles[] = {
${table}};
}  // namespace

std::span<const EmbeddedFile> ${FUNCTION}() { return kFiles; }

}  // namespace ${NAMESPACE}
")
