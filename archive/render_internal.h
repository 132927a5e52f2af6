#pragma once

// Shared by render.cc and letters.cc only: mustache data stays out of the public headers.

#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "archive/render.h"

namespace dmca::archive::internal {

enum class Escape { kWikitext, kNone };

// Renders template `name` from options.templates (or the built-in set). InvalidArgument
// when the template is missing or kainjow reports an error.
Result<std::string> RenderTemplate(const RenderOptions& options, std::string_view name,
                                   const kainjow::mustache::data& data, Escape escape);

kainjow::mustache::data StringList(const std::vector<std::string>& items);

}  // namespace dmca::archive::internal
