// The letters to complainants (and, for a deficient counter-notice, to the uploader).

#include <algorithm>
#include <array>

#include "archive/render.h"
#include "archive/render_internal.h"

namespace dmca::archive {
namespace {

using internal::Escape;
using internal::RenderTemplate;
using internal::StringList;
using kainjow::mustache::data;
using parsers::notice::Kind;

struct Wording {
  std::string_view name;
  std::string_view citation;
  std::string_view label;
  std::string_view wording;
};

// 17 U.S.C. §512(c)(3)(A)(i)-(vi), verbatim.
constexpr std::array<Wording, 6> kTakedown = {{
    {"signature", "17 U.S.C. §512(c)(3)(A)(i)", "Signature",
     "A physical or electronic signature of a person authorized to act on behalf of the owner "
     "of an exclusive right that is allegedly infringed."},
    {"copyrighted_work", "17 U.S.C. §512(c)(3)(A)(ii)", "Identification of the copyrighted work",
     "Identification of the copyrighted work claimed to have been infringed, or, if multiple "
     "copyrighted works at a single online site are covered by a single notification, a "
     "representative list of such works at that site."},
    {"infringing_material", "17 U.S.C. §512(c)(3)(A)(iii)",
     "Identification of the infringing material and its location",
     "Identification of the material that is claimed to be infringing or to be the subject of "
     "infringing activity and that is to be removed or access to which is to be disabled, and "
     "information reasonably sufficient to permit the service provider to locate the material."},
    {"contact_information", "17 U.S.C. §512(c)(3)(A)(iv)", "Contact information",
     "Information reasonably sufficient to permit the service provider to contact the "
     "complaining party, such as an address, telephone number, and, if available, an "
     "electronic mail address at which the complaining party may be contacted."},
    {"good_faith_statement", "17 U.S.C. §512(c)(3)(A)(v)", "Good-faith statement",
     "A statement that the complaining party has a good faith belief that use of the material "
     "in the manner complained of is not authorized by the copyright owner, its agent, or the "
     "law."},
    {"accuracy_and_authority_statement", "17 U.S.C. §512(c)(3)(A)(vi)",
     "Statement of accuracy and authority under penalty of perjury",
     "A statement that the information in the notification is accurate, and under penalty of "
     "perjury, that the complaining party is authorized to act on behalf of the owner of an "
     "exclusive right that is allegedly infringed."},
}};

// 17 U.S.C. §512(g)(3)(A)-(D), verbatim; (D) holds both contact and jurisdiction.
constexpr std::array<Wording, 5> kCounter = {{
    {"signature", "17 U.S.C. §512(g)(3)(A)", "Signature",
     "A physical or electronic signature of the subscriber."},
    {"removed_material", "17 U.S.C. §512(g)(3)(B)",
     "Identification of the removed material and its former location",
     "Identification of the material that has been removed or to which access has been "
     "disabled and the location at which the material appeared before it was removed or access "
     "to it was disabled."},
    {"mistake_statement", "17 U.S.C. §512(g)(3)(C)", "Statement of mistake under penalty of perjury",
     "A statement under penalty of perjury that the subscriber has a good faith belief that the "
     "material was removed or disabled as a result of mistake or misidentification of the "
     "material to be removed or disabled."},
    {"contact_information", "17 U.S.C. §512(g)(3)(D)", "Name, address and telephone number",
     "The subscriber's name, address, and telephone number."},
    {"jurisdiction_consent", "17 U.S.C. §512(g)(3)(D)",
     "Consent to jurisdiction and to service of process",
     "A statement that the subscriber consents to the jurisdiction of Federal District Court "
     "for the judicial district in which the address is located, or if the subscriber's "
     "address is outside of the United States, for any judicial district in which the service "
     "provider may be found, and that the subscriber will accept service of process from the "
     "person who provided notification under subsection (c)(1)(C) or an agent of such "
     "person."},
}};

std::string Greeting(const parsers::notice::Notice& notice) {
  const auto& sender = notice.analysis.fields.sender;
  if (sender.name && !sender.name->empty()) return *sender.name;
  if (sender.organisation && !sender.organisation->empty()) return *sender.organisation;
  return "Sir or Madam";
}

data Common(const LetterInput& input, const RenderOptions& options) {
  const auto& o = input.notice.original;
  data d;
  d.set("subject", o.subject && !o.subject->empty() ? *o.subject : "Your DMCA notice");
  d.set("reference", input.reference);
  d.set("greeting", Greeting(input.notice));
  d.set("date", o.date.value_or(""));
  d.set("signer", input.signer);
  d.set("legal_email", options.legal_email);
  return d;
}

}  // namespace

std::string_view LetterKindName(LetterKind kind) {
  switch (kind) {
    case LetterKind::kAcknowledgement: return "acknowledgement";
    case LetterKind::kDeficiency: return "deficiency";
    case LetterKind::kCounterNoticeForward: return "counter_notice_forward";
    case LetterKind::kRestoration: return "restoration";
    case LetterKind::kCourtAction: return "court_action";
  }
  return "acknowledgement";
}

std::optional<LetterKind> LetterKindFromName(std::string_view name) {
  for (LetterKind k : {LetterKind::kAcknowledgement, LetterKind::kDeficiency,
                       LetterKind::kCounterNoticeForward, LetterKind::kRestoration,
                       LetterKind::kCourtAction}) {
    if (LetterKindName(k) == name) return k;
  }
  return std::nullopt;
}

StatutoryElement ElementWording(std::string_view name, bool counter_notice) {
  auto find = [&](const auto& table) -> StatutoryElement {
    for (const Wording& w : table) {
      if (w.name == name) {
        return {std::string(w.citation), std::string(w.label), std::string(w.wording)};
      }
    }
    return {};
  };
  return counter_notice ? find(kCounter) : find(kTakedown);
}

Result<std::string> RenderLetter(LetterKind kind, const LetterInput& input,
                                 const RenderOptions& options) {
  data d = Common(input, options);
  switch (kind) {
    case LetterKind::kAcknowledgement: {
      std::vector<std::string> urls;
      for (const auto& t : input.notice.targets) {
        if (t.in_scope && !t.spoof && std::find(urls.begin(), urls.end(), t.url) == urls.end()) {
          urls.push_back(t.url);
        }
      }
      d.set("targets", StringList(urls));
      d.set("has_targets", urls.empty() ? data(data::type::bool_false)
                                        : data(data::type::bool_true));
      return RenderTemplate(options, "letter_acknowledgement", d, Escape::kNone);
    }
    case LetterKind::kDeficiency: {
      const bool counter = input.notice.analysis.kind == Kind::kCounterNotice;
      const auto& missing = input.notice.analysis.missing;
      data list{data::type::list};
      int number = 0;
      // In statutory order, whatever order `missing` lists them in.
      auto add = [&](const auto& table) {
        for (const Wording& w : table) {
          if (std::find(missing.begin(), missing.end(), w.name) == missing.end()) continue;
          data item;
          item.set("number", std::to_string(++number));
          item.set("label", std::string(w.label));
          item.set("citation", std::string(w.citation));
          item.set("wording", std::string(w.wording));
          list.push_back(item);
        }
      };
      if (counter) {
        add(kCounter);
      } else {
        add(kTakedown);
      }
      if (number == 0) {
        return Status::InvalidArgument("deficiency letter: the notice lacks no known element");
      }
      d.set("missing", list);
      d.set("plural", number > 1 ? data(data::type::bool_true) : data(data::type::bool_false));
      d.set("what", counter ? "counter-notice" : "notice of claimed copyright infringement");
      d.set("rule", counter ? "17 U.S.C. §512(g)(3)" : "17 U.S.C. §512(c)(3)(B)(ii)");
      return RenderTemplate(options, "letter_deficiency", d, Escape::kNone);
    }
    case LetterKind::kCounterNoticeForward: {
      if (!input.counter_notice || input.earliest_restore.empty() ||
          input.latest_restore.empty() || input.counter_notice_received.empty()) {
        return Status::InvalidArgument(
            "counter-notice letter needs the counter-notice, its receipt date and the restore "
            "window");
      }
      d.set("received", input.counter_notice_received);
      d.set("earliest_restore", input.earliest_restore);
      d.set("latest_restore", input.latest_restore);
      d.set("counter_notice", input.counter_notice->body);
      return RenderTemplate(options, "letter_counter_notice_forward", d, Escape::kNone);
    }
    case LetterKind::kRestoration:
    case LetterKind::kCourtAction: {
      auto flag = [](bool on) { return data(on ? data::type::bool_true : data::type::bool_false); };
      d.set("targets", StringList(input.material));
      d.set("has_targets", flag(!input.material.empty()));
      d.set("restored_on", input.restored_on);
      d.set("to_complainant", flag(input.to_complainant));
      d.set("after_retraction", flag(input.after_retraction));
      d.set("after_counter_notice", flag(input.after_counter_notice));
      d.set("counter_notice_received", input.counter_notice_received);
      if (kind == LetterKind::kRestoration && input.restored_on.empty()) {
        return Status::InvalidArgument("restoration letter needs the day of the restoration");
      }
      return RenderTemplate(options,
                            kind == LetterKind::kRestoration ? "letter_restoration"
                                                             : "letter_court_action",
                            d, Escape::kNone);
    }
  }
  return Status::InvalidArgument("unknown letter kind");
}

}  // namespace dmca::archive
