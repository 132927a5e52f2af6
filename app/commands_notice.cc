// The commands that read one message or URL and touch no store: parse, check, url, render,
// calendar (CONTRACT.md).

#include <Poco/JSON/Array.h>

#include "app/commands.h"
#include "app/render_options.h"
#include "archive/export.h"
#include "archive/render.h"
#include "app/context.h"
#include "app/report.h"
#include "parsers/mime/message.h"
#include "parsers/notice/understand.h"
#include "parsers/wikiurl/wiki_url.h"
#include "pipeline/calendar/business_days.h"
#include "pipeline/model/case_json.h"

namespace dmca::app {
namespace {

// A message file read as a message, a plain text file as a notice body (CONTRACT.md).
parsers::notice::Notice UnderstandInput(std::string bytes, const parsers::notice::Intake& intake) {
  if (LooksLikeMessage(bytes)) {
    return parsers::notice::Understand(parsers::mime::Message::Parse(std::move(bytes)), intake);
  }
  return parsers::notice::UnderstandText(bytes, intake);
}

int RunParse(Context& ctx, const Args& args) {
  if (args.positionals().size() != 1) return UsageError(ctx, "parse", "expects one FILE");
  auto bytes = ReadInput(args.positionals()[0]);
  if (!bytes.ok()) return Fail(ctx, bytes.status());
  const auto message = parsers::mime::Message::Parse(std::move(bytes).value());
  ctx.out << model::Stringify(model::ParseToJson(message)) << "\n";
  return kExitOk;
}

int RunCheck(Context& ctx, const Args& args) {
  if (args.positionals().size() != 1) return UsageError(ctx, "check", "expects one FILE");
  auto bytes = ReadInput(args.positionals()[0]);
  if (!bytes.ok()) return Fail(ctx, bytes.status());
  const auto notice = UnderstandInput(std::move(bytes).value(), ctx.config.intake);
  if (args.Has("--json")) {
    ctx.out << model::Stringify(model::CheckToJson(notice)) << "\n";
  } else {
    ctx.out << FormatCheckReport(notice);
  }
  return kExitOk;
}

int RunUrl(Context& ctx, const Args& args) {
  if (args.positionals().empty()) return UsageError(ctx, "url", "expects at least one URL");
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const std::string& url : args.positionals()) {
    const auto target = parsers::wikiurl::Resolve(url);
    if (args.Has("--json")) {
      array->add(model::TargetToJson(target));
    } else {
      ctx.out << url << "\n  ";
      if (target.in_scope) {
        ctx.out << *target.site << "  " << *target.title << "\n";
      } else {
        ctx.out << (target.spoof ? "SPOOF (look-alike of a Wikimedia host)" : "out of scope")
                << "\n";
      }
      for (const auto& finding : target.findings) ctx.out << "  " << finding.ToString() << "\n";
    }
  }
  if (args.Has("--json")) ctx.out << model::Stringify(array) << "\n";
  return kExitOk;
}

int RunRender(Context& ctx, const Args& args) {
  if (args.positionals().size() != 1) return UsageError(ctx, "render", "expects one FILE");
  auto bytes = ReadInput(args.positionals()[0]);
  if (!bytes.ok()) return Fail(ctx, bytes.status());
  auto options = MakeRenderOptions(ctx);
  if (!options.ok()) return Fail(ctx, options.status());
  const auto notice = UnderstandInput(std::move(bytes).value(), ctx.config.intake);
  auto pages = archive::RenderNotice(notice, options->options());
  if (!pages.ok()) return Fail(ctx, pages.status());
  if (args.Has("--json")) {
    ctx.out << model::Stringify(archive::PagesToJson(*pages)) << "\n";
    return kExitOk;
  }
  for (const auto& page : *pages) {
    ctx.out << "== " << page.site << "  " << page.title << "  ("
            << archive::PageModeName(page.mode) << ")\n" << page.wikitext << "\n\n";
  }
  return kExitOk;
}

int RunCalendar(Context& ctx, const Args& args) {
  if (args.positionals().size() != 1) return UsageError(ctx, "calendar", "expects one DATE");
  const auto received = pipeline::ParseDate(args.positionals()[0]);
  if (!received.ok()) return UsageError(ctx, "calendar", received.status().message());
  const auto window = pipeline::RestoreWindowFor(*received);
  if (args.Has("--json")) {
    ctx.out << "{\"received\": \"" << pipeline::FormatDate(window.received)
            << "\", \"earliest_restore\": \"" << pipeline::FormatDate(window.earliest)
            << "\", \"latest_restore\": \"" << pipeline::FormatDate(window.latest) << "\"}\n";
  } else {
    ctx.out << "Counter-notice received " << pipeline::FormatDate(window.received)
            << ": restore not before " << pipeline::FormatDate(window.earliest)
            << " (10th business day) and not after " << pipeline::FormatDate(window.latest)
            << " (14th), unless a court action is reported first.\n";
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> NoticeCommands() {
  return {
      {"parse", "show a message's MIME structure as JSON", "dmca parse --json FILE",
       "Lists the headers, every leaf part (path, type, charset, filename, size, SHA-256,\n"
       "text) and the defects found. FILE may be '-' for standard input.\n\n"
       "example: dmca parse --json samples/maildir/new/1700000001.complete.eml",
       {"--json"}, {}, RunParse},
      {"check", "understand a notice: kind, legal elements, targets",
       "dmca check [--json] FILE",
       "Recovers the original notice under any forwards, classifies it (takedown,\n"
       "counter-notice, retraction, other), checks the elements of 17 U.S.C. §512(c)(3) or\n"
       "§512(g)(3) with the words that satisfy each, and resolves every URL to a wiki page.\n"
       "Without --json it prints a report with the next step. A plain text file is read as\n"
       "a notice body. FILE may be '-'.\n\n"
       "example: dmca check samples/maildir/new/1700000002.deficient.eml",
       {"--json"}, {}, RunCheck},
      {"url", "resolve URLs to Wikimedia pages and files", "dmca url [--json] URL...",
       "Prints each URL's wiki (site) and canonical title, or why it is out of scope;\n"
       "look-alike hosts are flagged as spoofs.\n\n"
       "example: dmca url --json https://en.m.wikipedia.org/wiki/Datei:Foo.jpg",
       {"--json"}, {}, RunUrl},
      {"render", "the public pages publishing a notice would write",
       "dmca render [--json] FILE",
       "Prints the redacted pages (the Foundation wiki page, the Commons list section, the\n"
       "village pump notice) without touching any store or wiki. Personal data is replaced\n"
       "by the [archive] marker and the notice text is made inert in wikitext. FILE may be\n"
       "'-'.\n\nexample: dmca render --json samples/maildir/new/1732441001.M1P100.intake.complete-attached.eml",
       {"--json"}, {}, RunRender},
      {"calendar", "the restoration window for a counter-notice",
       "dmca calendar [--json] DATE",
       "DATE (YYYY-MM-DD) is the day a counter-notice was received. Prints the 10th and\n"
       "14th business days after it (17 U.S.C. §512(g)(2)(C)), skipping weekends and\n"
       "observed federal holidays (5 U.S.C. §6103).\n\nexample: dmca calendar --json 2026-11-24",
       {"--json"}, {}, RunCalendar},
  };
}

}  // namespace dmca::app
