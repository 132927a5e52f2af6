#include "app/commands.h"

namespace dmca::app {

std::vector<Command> CaseCommands() { return {}; }

}  // namespace dmca::app
