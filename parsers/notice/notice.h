#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/finding.h"

namespace dmca::parsers::notice {

enum class Kind { kTakedown, kCounterNotice, kRetraction, kOther };
// "takedown", "counter_notice", "retraction", "other" (CONTRACT.md).
std::string_view KindName(Kind kind);
std::optional<Kind> KindFromName(std::string_view name);

// §512(c)(3)(B): complete; deficient (has elements 2, 3 and 4 but not all six: ask the
// sender); or not a notice (lacks 2, 3 or 4). Counter-notices: complete or deficient.
enum class Verdict { kComplete, kDeficient, kNotANotice };
std::string_view VerdictName(Verdict verdict);  // "complete", "deficient", "not_a_notice"

// One legal element of §512(c)(3)(A) or §512(g)(3), with the words that satisfied it.
struct Element {
  std::string name;                     // CONTRACT.md names, e.g. "good_faith_statement"
  bool present = false;
  std::optional<std::string> evidence;  // a verbatim substring of the notice text
};

struct Party {
  std::optional<std::string> name;          // a person
  std::optional<std::string> organisation;  // a company, agency or law firm
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  std::vector<std::string> addresses;       // postal addresses, one per entry
};

// What the notice says about who and what, beyond the elements.
struct Fields {
  Party sender;                          // who wrote it (an agent or law firm, or the owner)
  std::optional<std::string> principal;  // the owner it acts for, when not the sender
  std::vector<std::string> works;        // the copyrighted works, as described
  std::optional<std::string> date_sent;  // a date written in the text
  std::optional<std::string> signature;  // the signing line ("/s/ Jane Doe")
};

struct Analysis {
  Kind kind = Kind::kOther;
  std::string kind_reason;     // one sentence a lawyer can check: why this kind
  std::string other_category;  // kOther only: "trademark", "defamation", "privacy",
                               // "question", "spam" or "unknown"
  std::string language;        // "en", "de", "fr", "es", ... ("und" when unknown)
  std::vector<Element> elements;  // the kind's elements in statutory order; empty for kOther
  Verdict verdict = Verdict::kNotANotice;
  bool complete = false;              // every element present
  std::vector<std::string> missing;   // names of the absent elements
  Fields fields;
  Findings findings;
};

// Understands a notice body (UTF-8 text, already unwrapped from any forward). Pure and
// deterministic; never fails. `kind`, when given, is staff's classification: the elements
// are judged for that kind instead of the one the text suggests.
Analysis Analyze(std::string_view text, std::optional<Kind> kind = std::nullopt);

}  // namespace dmca::parsers::notice
