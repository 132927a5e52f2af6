#pragma once

#include <optional>

#include "app/context.h"
#include "archive/render.h"
#include "archive/templates.h"

namespace dmca::app {

// RenderOptions from the configuration: the redaction marker and the templates ([templates]
// dir when set, else the built-in ones). Owns the loaded templates the options point to.
class LoadedRenderOptions {
 public:
  // The options, pointing at the templates this object owns: valid while it lives.
  const archive::RenderOptions& options() {
    options_.templates = templates_ ? &*templates_ : nullptr;
    return options_;
  }

 private:
  friend Result<LoadedRenderOptions> MakeRenderOptions(const Context& ctx);
  std::optional<archive::Templates> templates_;
  archive::RenderOptions options_;
};

Result<LoadedRenderOptions> MakeRenderOptions(const Context& ctx);

}  // namespace dmca::app
