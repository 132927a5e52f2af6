#include "mediawiki/executor.h"

#include <thread>

namespace dmca::mediawiki {

Status DryRunExecutor::Execute(const ApiCall& call) {
  calls_.push_back(call);
  if (out_ != nullptr) *out_ << "dry-run: " << Describe(call) << "\n";
  return Status::Ok();
}

Params PrepareParams(const ApiCall& call, const std::string& csrf, int maxlag) {
  Params out;
  for (const auto& [key, value] : call.params) {
    if (key == "token") {
      if (maxlag > 0) out.emplace_back("maxlag", std::to_string(maxlag));
      out.emplace_back(key, value == kCsrfPlaceholder ? csrf : value);
    } else {
      out.emplace_back(key, value);
    }
  }
  if (!call.needs_token && maxlag > 0) out.emplace_back("maxlag", std::to_string(maxlag));
  return out;
}

}  // namespace dmca::mediawiki
