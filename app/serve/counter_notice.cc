#include "app/serve/counter_notice.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <optional>

#include "app/serve/security.h"
#include "parsers/mime/message.h"
#include "pipeline/ingest/stages.h"

namespace dmca::app::serve {
namespace {

// Header values come from the public: no line breaks (header injection), no control bytes.
std::string HeaderSafe(std::string value) {
  for (char& c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return value.substr(0, 200);
}

// The body's lines are the uploader's: CR and bare LF become CRLF, other control bytes go.
std::string BodySafe(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\r') continue;
    if (c == '\n') {
      out += "\r\n";
    } else if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
      out += c;
    }
  }
  return out;
}

// A message from a list of one; Commit has nothing to move.
class OneMessage final : public pipeline::Source {
 public:
  explicit OneMessage(pipeline::RawMessage message) : message_(std::move(message)) {}
  std::string Describe() const override { return "the counter-notice form"; }
  Result<std::optional<pipeline::RawMessage>> Next() override {
    if (taken_) return std::optional<pipeline::RawMessage>();
    taken_ = true;
    return std::optional<pipeline::RawMessage>(message_);
  }
  Status Commit(const pipeline::RawMessage&) override { return Status::Ok(); }

 private:
  pipeline::RawMessage message_;
  bool taken_ = false;
};

}  // namespace

std::string ComposeCounterNotice(const CounterNoticeForm& f, const std::string& reference,
                                 const std::string& legal_email,
                                 std::chrono::system_clock::time_point at) {
  const Poco::Timestamp stamp =
      Poco::Timestamp::fromEpochTime(std::chrono::system_clock::to_time_t(at));
  std::string subject = "DMCA counter-notice";
  if (!f.takedown.empty()) subject += " (case #" + HeaderSafe(f.takedown) + ")";
  std::string m;
  m += "From: " + HeaderSafe(f.name) + " <" + HeaderSafe(f.email) + ">\r\n";
  m += "To: " + HeaderSafe(legal_email) + "\r\n";
  m += "Subject: " + subject + "\r\n";
  m += "Date: " + Poco::DateTimeFormatter::format(stamp, Poco::DateTimeFormat::RFC1123_FORMAT) +
       "\r\n";
  m += "Message-ID: <" + reference + "@counter-notice.dmca>\r\n";
  m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: 8bit\r\n\r\n";
  m += "Counter-notification under 17 U.S.C. 512(g)(3)\r\n\r\n";
  m += "The following material was removed or disabled, and appeared at these locations "
       "before it was removed:\r\n" +
       BodySafe(f.material) + "\r\n\r\n";
  if (f.mistake) {
    m += "I swear, under penalty of perjury, that I have a good faith belief that the material "
         "identified above was removed or disabled as a result of mistake or misidentification "
         "of the material to be removed or disabled.\r\n\r\n";
  }
  if (f.jurisdiction) {
    m += "I consent to the jurisdiction of the Federal District Court for the judicial district "
         "in which my address is located, or if my address is outside of the United States, for "
         "any judicial district in which the service provider may be found, and I will accept "
         "service of process from the person who provided notification under subsection (c)(1)(C) "
         "or an agent of such person.\r\n\r\n";
  }
  // One-line fields stay one line: a line break typed into them cannot start a line of its own.
  m += "Name: " + HeaderSafe(f.name) + "\r\n";
  m += "Address: " + HeaderSafe(f.address) + "\r\n";
  m += "Telephone: " + HeaderSafe(f.phone) + "\r\n";
  m += "Email: " + HeaderSafe(f.email) + "\r\n\r\n";
  if (!f.signature.empty()) m += "/s/ " + HeaderSafe(f.signature) + "\r\n";
  return m;
}

std::vector<std::string> MissingFromCounterNotice(const std::string& message,
                                                  const CounterNoticeForm& form,
                                                  const parsers::notice::Intake& intake) {
  const auto notice = parsers::notice::Understand(parsers::mime::Message::Parse(message), intake);
  std::vector<std::string> missing;
  if (notice.analysis.kind == parsers::notice::Kind::kCounterNotice) {
    missing = notice.analysis.missing;
  } else {
    // Not read as a counter-notice yet (without its statements it is not one): judged as one,
    // to name what it lacks; and if it lacks nothing, the text as a whole is what is missing.
    missing = parsers::notice::Analyze(notice.body, parsers::notice::Kind::kCounterNotice).missing;
    if (missing.empty()) missing.push_back("counter_notice");
  }
  bool any_target = false;
  for (const auto& t : notice.targets) any_target = any_target || t.in_scope;
  if (!any_target &&
      std::find(missing.begin(), missing.end(), "removed_material") == missing.end()) {
    missing.push_back("removed_material");
  }
  if (form.email.find('@') == std::string::npos) missing.push_back("email");
  return missing;
}

Result<std::int64_t> IngestCounterNotice(pipeline::Store& store, const pipeline::Clock& clock,
                                         const std::string& message, const std::string& reference,
                                         const parsers::notice::Intake& intake) {
  OneMessage source({message, "web:" + reference, reference});
  const pipeline::RunStats stats = pipeline::IngestAll(source, store, clock, {}, intake);
  if (!stats.status.ok()) return stats.status;
  if (stats.errors > 0) return Status::Unavailable("the store is busy; please send it again");
  auto id = store.FindDuplicate("<" + reference + "@counter-notice.dmca>", TokenHash(message));
  if (!id.ok()) return id.status();
  if (!*id) return Status::Unavailable("the counter-notice was not stored; please send it again");
  return **id;
}

}  // namespace dmca::app::serve
