#include "app/render_options.h"

namespace dmca::app {

Result<LoadedRenderOptions> MakeRenderOptions(const Context& ctx) {
  LoadedRenderOptions loaded;
  loaded.options_.redaction.marker = ctx.config.redaction_marker;
  loaded.options_.commons_list_title = ctx.config.publish.commons_list_title;
  loaded.options_.village_pump_title = ctx.config.publish.village_pump_title;
  loaded.options_.village_pump = ctx.config.publish.village_pump;
  if (!ctx.config.templates_dir.empty()) {
    auto templates = archive::Templates::Load(ctx.config.templates_dir);
    if (!templates.ok()) return templates.status();
    loaded.templates_ = std::move(templates).value();
  }
  return loaded;
}

}  // namespace dmca::app
