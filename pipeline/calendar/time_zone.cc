#include "pipeline/calendar/time_zone.h"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <utility>

namespace dmca::pipeline {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

// The one adapter over ICU's zone rules. ICU's const methods may be called from several
// threads on an object nobody modifies (ICU User Guide, "Thread Safety").
class TimeZone::Rules {
 public:
  explicit Rules(std::unique_ptr<icu::BasicTimeZone> zone) : zone_(std::move(zone)) {}

  // Offset (raw + DST) in effect at the UTC instant `utc_ms`; 0 when ICU fails.
  milliseconds OffsetAtUtc(double utc_ms) const {
    int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone_->getOffset(utc_ms, /*local=*/false, raw, dst, status);
    return U_SUCCESS(status) ? milliseconds{raw + dst} : milliseconds{0};
  }

  // Offset for a wall-clock time, choosing as FromLocal's contract says.
  milliseconds OffsetAtLocal(double local_ms) const {
    int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone_->getOffsetFromLocal(local_ms, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, raw, dst,
                              status);
    return U_SUCCESS(status) ? milliseconds{raw + dst} : milliseconds{0};
  }

 private:
  std::unique_ptr<icu::BasicTimeZone> zone_;
};

Result<TimeZone> TimeZone::Named(std::string_view iana) {
  const auto bad = [&](std::string why) {
    return Status::InvalidArgument("time zone '" + std::string(iana) + "': " + why);
  };
  if (iana.empty()) return bad("empty name");
  const icu::UnicodeString id =
      icu::UnicodeString::fromUTF8(icu::StringPiece(iana.data(), static_cast<int32_t>(iana.size())));
  // createTimeZone never fails: an unknown ID gives a copy of "Etc/Unknown", which behaves as
  // UTC. getCanonicalID is the check that the name is one of the tz database's (system) IDs,
  // which also refuses ICU's custom "GMT+5" forms, since they have no DST rules.
  icu::UnicodeString canonical;
  UBool is_system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
  if (U_FAILURE(status) || !is_system || canonical == UNICODE_STRING_SIMPLE("Etc/Unknown")) {
    return bad("not an IANA time zone name ICU knows");
  }
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(id));
  icu::UnicodeString got;
  if (!zone || zone->getID(got) == UNICODE_STRING_SIMPLE("Etc/Unknown")) {
    return bad("not an IANA time zone name ICU knows");
  }
  auto* basic = dynamic_cast<icu::BasicTimeZone*>(zone.get());
  if (basic == nullptr) return Status::Internal("ICU zone without transition rules: " + std::string(iana));
  zone.release();
  return TimeZone(std::string(iana),
                  std::make_shared<const Rules>(std::unique_ptr<icu::BasicTimeZone>(basic)));
}

seconds TimeZone::UtcOffset(system_clock::time_point when) const {
  const double utc_ms =
      static_cast<double>(std::chrono::duration_cast<milliseconds>(when.time_since_epoch()).count());
  return std::chrono::duration_cast<seconds>(rules_->OffsetAtUtc(utc_ms));
}

Date TimeZone::LocalDate(system_clock::time_point when) const {
  const auto local = std::chrono::floor<seconds>(when) + UtcOffset(when);
  return Date{std::chrono::floor<std::chrono::days>(local)};
}

std::chrono::sys_seconds TimeZone::FromLocal(std::chrono::local_seconds local) const {
  const double local_ms = static_cast<double>(
      std::chrono::duration_cast<milliseconds>(local.time_since_epoch()).count());
  const auto offset = std::chrono::duration_cast<seconds>(rules_->OffsetAtLocal(local_ms));
  return std::chrono::sys_seconds{local.time_since_epoch() - offset};
}

system_clock::time_point TimeZone::StartOfDay(Date date) const {
  return FromLocal(std::chrono::local_days{date});
}

RestoreWindow RestoreWindowAt(system_clock::time_point received, const TimeZone& zone) {
  return RestoreWindowFor(zone.LocalDate(received));
}

}  // namespace dmca::pipeline
