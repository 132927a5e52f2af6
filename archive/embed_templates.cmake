# Turns templates/*.mustache into a C++ source holding each one as a raw string literal, so
# `dmca` renders with its default templates from any working directory.
# Usage: cmake -DTEMPLATE_DIR=<dir> -DOUTPUT=<file.cc> [-DNAMESPACE=<ns>] -P embed_templates.cmake
# (NAMESPACE: where BuiltinTemplateSources() goes; app/serve embeds templates/web/ with it.)
if(NOT NAMESPACE)
  set(NAMESPACE "dmca::archive::internal")
endif()
file(GLOB files "${TEMPLATE_DIR}/*.mustache")
list(SORT files)
set(delimiter "dmca_tpl")
set(entries "")
foreach(path IN LISTS files)
  file(READ "${path}" content)
  get_filename_component(name "${path}" NAME_WE)
  string(FIND "${content}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw string delimiter )${delimiter}\"")
  endif()
  string(APPEND entries "    {\"${name}\", R\"${delimiter}(${content})${delimiter}\"},\n")
endforeach()
set(source "// Generated from templates/*.mustache by archive/embed_templates.cmake. Do not edit.
#include <string_view>
#include <utility>
#include <vector>

namespace ${NAMESPACE} {

const std::vector<std::pair<std::string_view, std::string_view>>& BuiltinTemplateSources() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kSources = {
${entries}  };
  return kSources;
}

}  // namespace ${NAMESPACE}
")
file(WRITE "${OUTPUT}.tmp" "${source}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
