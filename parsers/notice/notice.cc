#include "parsers/notice/notice.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <functional>
#include <tuple>

#include "parsers/notice/assertion.h"
#include "parsers/notice/fields.h"
#include "parsers/notice/text_scan.h"

namespace dmca::parsers::notice {
namespace {

constexpr auto npos = std::string_view::npos;
using Phrases = std::vector<std::string_view>;

// Statement patterns by meaning, English first, then German, French and Spanish. "…" is a
// short gap of any words; "*" ends a word stem. They describe what the statute asks for
// (17 U.S.C. §512(c)(3)(A), §512(g)(3)), not any one sender's sentence.
const Phrases kGoodFaith = {
    "good-faith belief", "good faith belief", "good faith … believe*", "believe* in good faith",
    "believe* … in good faith", "in good faith … not authori*", "good faith … not authori*",
    "good faith … unauthori*", "good faith … infring*", "not authori* by the copyright owner",
    "not authori* by … copyright owner", "not authori* by … the law",
    "without … authori* … owner … agent … law", "knowledge and belief … not authori*",
    "reason to believe … not authori*", "reason to believe … infring*",
    "believe* … not authori* by", "firmly believe* … infring*",
    "best of my knowledge … not authori*", "best of my knowledge … infring*",
    "good faith basis", "good reason to believe", "in gutem glauben", "nach bestem wissen", "guten glauben", "de bonne foi",
    "croi* … bonne foi", "de buena fe", "buena fe"};
const Phrases kPerjury = {"penalty of perjury", "penalties of perjury", "under perjury",
                          "penalty of purjury", "penalty of per jury", "purjury",
                          "pain of perjury", "perjury", "strafe des meineids", "meineid*",
                          "an eides statt", "eidesstattlich*", "peine de parjure", "parjure",
                          "pena de perjurio", "perjurio"};
const Phrases kAccuracy = {"accurate", "accuracy", "true and correct", "is correct",
                           "are correct", "is true", "truthful", "richtig", "korrekt",
                           "zutreffend", "exacte*", "exactes", "exacta*", "exacto*", "veraz"};
const Phrases kAuthority = {"authori* to act", "authori* … on behalf", "on behalf of",
                            "we represent", "i represent", "represent* … owner",
                            "the owner", "copyright owner", "rights holder", "agent",
                            "bevollmächtigt", "berechtigt", "autoris*", "autoriz*"};
const Phrases kClosings = {"sincerely", "sincerly", "regards", "truthfully", "respectfully",
                           "yours truly", "truly yours", "yours faithfully", "best,",
                           "best wishes", "thank you", "thanks", "cordially", "--", "mit freundlichen grüßen", "mit freundlichen grüssen",
                           "cordialement", "atentamente", "saludos", "signed,", "signature:",
                           "signed:", "electronic signature", "full legal name", "full name", "signed on",
                           "electronically signed", "/s/"};
const Phrases kWork = {"copyrighted work", "copyright work", "original work", "work*:",
                       "infringed work", "copyright in", "copyrights in", "copyright to",
                       "copyright of", "copyrighted by", "copyright holder of", "proprietary",
                       "belong* to", "belonging to", "owned by", "our source", "our copyrighted", "my copyrighted",
                       "source code from our", "our proprietary", "our product*", "our game*",
                       "our app*", "our website", "our content", "our c*de",
                       "our software", "our source code", "our code", "my code", "my software",
                       "my work", "our work", "my book", "our book", "my photo*", "our photo*",
                       "my image", "our image", "my song", "our song", "my lyrics", "my video",
                       "our video", "my article", "our article", "my map", "our map",
                       "the work*", "copyrighted content",
                       "titled", "entitled", "copyrighted c*de", "copyrighted source", "(copyrighted)",
                       "a copyrighted", "property of", "include* our", "written by",
                       "authored by", "published in", "published by", "urheberrechtlich geschützt*",
                       "werk", "œuvre", "oeuvre", "obra"};
const Phrases kMistake = {"mistake or misidentification", "mistake", "misidentif*",
                          "misunderstanding", "removed in error", "in error", "wrongly",
                          "erroneous*", "irrtum", "erreur", "error"};
const Phrases kJurisdiction = {"jurisdiction", "judicial district", "gerichtsbarkeit",
                               "gerichtsstand",
                               "compétence", "juridiction", "jurisdicción"};
const Phrases kService = {"service of process", "accept service", "accept the service",
                          "consent to service", "service by the person", "accept* … service",
                          "zustellung", "signification", "notificación"};
const Phrases kRemoved = {"was removed", "were removed", "been removed", "removed or disabled",
                          "disabled", "taken down", "take down notice", "takedown notice",
                          "access has been denied", "access to", "located at", "appeared at",
                          "following take down", "dmca notice", "removed"};
const Phrases kRetraction = {"retract*", "not needed anymore", "no longer needed",
                             "no longer necessary", "not necessary anymore", "please restore",
                             "can be restored", "may be restored", "reinstate*", "withdraw* … notice", "withdraw* … request",
                             "withdraw* … claim", "withdraw* … complaint", "withdraw* … takedown",
                             "withdraw* … dmca", "rescind*", "no longer … request*",
                             "zurückzieh*", "zurückgezogen", "retir* … notification",
                             "retir* … demande", "retirar … notificación", "retiramos"};
const Phrases kCounter = {"counter notice", "counter-notice", "counternotice", "counter notification",
                          "counter-notification", "512(g)", "gegendarstellung",
                          "contre-notification", "contranotificación"};
const Phrases kCopyright = {"copyright", "dmca", "infring*", "512(c)", "takedown", "take down",
                            "good faith belief", "good-faith belief", "believe* in good faith",
                            "without … permission", "unauthori* use", "unauthori* cop*",
                            "pirat*", "urheberrecht*", "droit d'auteur", "droits d'auteur",
                            "derechos de autor", "著作権", "版权", "авторск*"};
const Phrases kTrademark = {"trademark", "trade mark", "registered mark", "marque", "markenrecht",
                            "marca registrada", "counterfeit"};
const Phrases kDefamation = {"defamat*", "libel*", "slander*", "diffamation", "verleumd*",
                             "difamación", "false statements about"};
const Phrases kPrivacy = {"privacy", "personal data", "personal information", "gdpr",
                          "right to be forgotten", "dsgvo", "données personnelles",
                          "datos personales", "dox*"};
const Phrases kSpam = {"unsubscribe", "viagra", "casino", "crypto giveaway", "seo services",
                       "guest post"};

struct Hit {
  std::size_t begin = npos;
  std::size_t end = npos;
  explicit operator bool() const { return begin != npos; }
};

Hit First(const ScanText& text, const Phrases& phrases, std::size_t from = 0) {
  Hit best;
  for (std::string_view phrase : phrases) {
    const auto [b, e] = text.Find(phrase, from);
    if (b != npos && (best.begin == npos || b < best.begin)) best = {b, e};
  }
  return best;
}

// The first match the sender asserts: not inside a heading, a form's question or instruction,
// or a quotation of the statute (IsAssertedAt).
Hit FirstAsserted(const ScanText& text, const Phrases& phrases) {
  Hit best;
  for (std::string_view phrase : phrases) {
    for (auto [b, e] = text.Find(phrase); b != npos; std::tie(b, e) = text.Find(phrase, e)) {
      if (best.begin != npos && b >= best.begin) break;
      std::size_t answer_end = npos;
      if (IsAssertedAt(text, b, &answer_end)) {
        // A form's question and its answer are the evidence together.
        best = {b, answer_end == npos ? e : answer_end};
        break;
      }
    }
  }
  return best;
}

Element Present(const char* name, const ScanText& text, Hit hit) {
  return {name, true, text.Sentence(hit.begin, hit.end)};
}
Element Absent(const char* name) { return {name, false, std::nullopt}; }

// An e-mail address, a telephone number or a postal address of the sender.
Element ContactElement(const ScanText& text, const Fields& fields) {
  const std::string_view lower = text.lower();
  std::size_t best = npos;
  const auto consider = [&](const std::string& value) {
    const std::size_t at = text.original().find(value);
    if (at != npos && (best == npos || at < best)) best = at;
  };
  for (const auto& a : fields.sender.addresses) consider(a);
  for (const auto& p : fields.sender.phones) consider(p);
  for (const auto& e : fields.sender.emails) consider(e);
  for (std::string_view label : {"contact information", "contact info", "contact details",
                                 "contact:", "contact me at", "contact way", "contacted using",
                                 "contact phone", "reach me", "my details", "address:", "phone",
                                 "telephone", "tel:", "tel.", "email:", "e-mail:", "ph:", "mobile",
                                 "i live in", "physical address", "adresse", "teléfono",
                                 "dirección", "联系方式"}) {
    const auto [b, e] = text.Find(label);
    if (b != npos && (best == npos || b < best)) best = b;
  }
  if (best == npos) return Absent("contact_information");
  (void)lower;
  return {"contact_information", true, text.LineAt(best)};
}

// True when `pos` falls inside a URL or path token (a repository named "proprietary_x" names
// no work).
bool InsideToken(std::string_view text, std::size_t pos) {
  std::size_t b = pos;
  while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\n' && text[b - 1] != '\t' &&
         text[b - 1] != '(' && text[b - 1] != '<') {
    --b;
  }
  const std::string_view token = text.substr(b, pos - b);
  return token.find('/') != std::string_view::npos || token.find('_') != std::string_view::npos;
}

Element WorkElement(const ScanText& text) {
  Hit best;
  for (std::string_view phrase : kWork) {
    for (auto [b, e] = text.Find(phrase); b != npos; std::tie(b, e) = text.Find(phrase, e)) {
      if (InsideToken(text.lower(), b)) continue;
      if (!best || b < best.begin) best = {b, e};
      break;
    }
  }
  if (!best) return Absent("copyrighted_work");
  return Present("copyrighted_work", text, best);
}

// §512(c)(3)(A)(iii): the sentence or list naming the material. A URL standing on its own line
// (a list item) is quoted with the line that introduces it ("… at the following URLs:").
Element InfringingElement(const ScanText& text) {
  const std::string_view original = text.original();
  std::size_t url = npos;
  // A Wikimedia (or, in the corpus, GitHub) address names the material; the first address of
  // the notice may be the sender's own work.
  for (std::string_view host : {"wikipedia.org/", "wikimedia.org/", "wikidata.org/",
                                "wiktionary.org/", "wikisource.org/", "github.com/"}) {
    if (const std::size_t at = original.find(host); at != npos) url = std::min(url, at);
  }
  if (url == npos) url = std::min(original.find("http://"), original.find("https://"));
  if (url == npos) {
    const Hit hit = First(text, {"infringing material", "infringing content", "located at",
                                 "can be found at", "following url*", "following link*"});
    if (!hit) return Absent("infringing_material");
    return Present("infringing_material", text, hit);
  }
  // Back to the start of the address token.
  std::size_t begin = url;
  while (begin > 0 && !std::isspace(static_cast<unsigned char>(original[begin - 1])) &&
         original[begin - 1] != '<' && original[begin - 1] != '(') {
    --begin;
  }
  std::size_t end = url;
  while (end < original.size() && !std::isspace(static_cast<unsigned char>(original[end]))) ++end;
  std::size_t line_begin = begin == 0 ? npos : original.rfind('\n', begin - 1);
  line_begin = line_begin == npos ? 0 : line_begin + 1;
  bool alone = true;  // only bullets, numbering or brackets before the address on its line
  for (std::size_t k = line_begin; k < begin; ++k) {
    if (!std::strchr(" \t*-#>0123456789.()[]<", original[k])) alone = false;
  }
  if (!alone) return {"infringing_material", true, text.Sentence(begin, end)};
  // The introducing line, up to two lines above (a blank line may stand between).
  std::size_t prev_end = line_begin == 0 ? npos : line_begin - 1;
  for (int tries = 0; prev_end != npos && tries < 3; ++tries) {
    std::size_t prev_begin = prev_end == 0 ? npos : original.rfind('\n', prev_end - 1);
    prev_begin = prev_begin == npos ? 0 : prev_begin + 1;
    const std::string_view prev = original.substr(prev_begin, prev_end - prev_begin);
    if (prev.find_first_not_of(" \t\r") == npos) {
      prev_end = prev_begin == 0 ? npos : prev_begin - 1;
      continue;
    }
    std::string lower(prev);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t last = lower.find_last_not_of(" \t\r*");
    const bool introduces = (last != npos && lower[last] == ':') ||
                            lower.find("following") != std::string::npos ||
                            lower.find(" at") != std::string::npos;
    if (introduces && lower.find("http") == std::string::npos) {
      std::size_t stop = original.find('\n', end);
      if (stop == npos) stop = original.size();
      return {"infringing_material", true, text.Clip(prev_begin, stop)};
    }
    break;
  }
  return {"infringing_material", true, text.LineAt(url)};
}

Element StatementElement(const char* name, const ScanText& text, const Phrases& phrases) {
  const Hit hit = FirstAsserted(text, phrases);
  return hit ? Present(name, text, hit) : Absent(name);
}

// §512(c)(3)(A)(vi): accuracy AND, under penalty of perjury, authority to act.
Element AccuracyElement(const ScanText& text) {
  const Hit perjury = FirstAsserted(text, kPerjury);
  if (!perjury || !FirstAsserted(text, kAccuracy) || !FirstAsserted(text, kAuthority)) {
    return Absent("accuracy_and_authority_statement");
  }
  return Present("accuracy_and_authority_statement", text, perjury);
}

// §512(g)(3)(D): consent to the Federal District Court's jurisdiction AND acceptance of service.
Element JurisdictionElement(const ScanText& text) {
  const Hit jurisdiction = FirstAsserted(text, kJurisdiction);
  if (!jurisdiction || !FirstAsserted(text, kService)) return Absent("jurisdiction_consent");
  return Present("jurisdiction_consent", text, jurisdiction);
}

// The statement of the removed material: where it was, usually with its URL.
Element RemovedElement(const ScanText& text) {
  const Hit hit = First(text, kRemoved);
  if (hit) return Present("removed_material", text, hit);
  const std::size_t url = text.original().find("http");
  if (url != npos) return {"removed_material", true, text.LineAt(url)};
  return Absent("removed_material");
}

std::string Category(const ScanText& text) {
  if (First(text, kTrademark)) return "trademark";
  if (First(text, kDefamation)) return "defamation";
  if (First(text, kPrivacy)) return "privacy";
  if (First(text, kSpam)) return "spam";
  if (text.lower().find('?') != npos) return "question";
  return "unknown";
}

std::string DetectLanguage(const ScanText& text) {
  struct Marker {
    const char* lang;
    Phrases words;
  };
  static const Marker kMarkers[] = {
      {"de", {" und ", " der ", " die ", " nicht ", " ich ", " wir "}},
      {"fr", {" et ", " les ", " des ", " nous ", " je ", " pas "}},
      {"es", {" y ", " los ", " las ", " nosotros ", " que ", " por "}},
      {"en", {" the ", " and ", " of ", " to ", " that ", " is "}},
  };
  const std::string_view lower = text.lower();
  std::string best = "und";
  std::size_t best_count = 0;
  for (const Marker& m : kMarkers) {
    std::size_t count = 0;
    for (std::string_view w : m.words) {
      for (std::size_t p = lower.find(w); p != npos && count < 1000; p = lower.find(w, p + 1)) ++count;
    }
    if (count > best_count) {
      best_count = count;
      best = m.lang;
    }
  }
  return best;
}

}  // namespace

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kTakedown: return "takedown";
    case Kind::kCounterNotice: return "counter_notice";
    case Kind::kRetraction: return "retraction";
    case Kind::kOther: return "other";
  }
  return "other";
}

std::optional<Kind> KindFromName(std::string_view name) {
  for (Kind kind : {Kind::kTakedown, Kind::kCounterNotice, Kind::kRetraction, Kind::kOther}) {
    if (KindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kComplete: return "complete";
    case Verdict::kDeficient: return "deficient";
    case Verdict::kNotANotice: return "not_a_notice";
  }
  return "not_a_notice";
}

Analysis Analyze(std::string_view text_in, std::optional<Kind> kind) {
  Analysis a;
  const ScanText text(text_in);
  a.language = DetectLanguage(text);
  a.fields = ExtractFields(text_in);

  const Hit retraction = First(text, kRetraction);
  const Hit counter = First(text, kCounter);
  const bool mistake = static_cast<bool>(First(text, kMistake));
  const bool jurisdiction = static_cast<bool>(First(text, kJurisdiction));
  const bool copyright = static_cast<bool>(First(text, kCopyright));
  if (retraction && !(jurisdiction && mistake)) {
    a.kind = Kind::kRetraction;
    a.kind_reason = "It withdraws an earlier request: \"" +
                    text.Sentence(retraction.begin, retraction.end, 120) + "\"";
  } else if ((counter && (mistake || jurisdiction)) || (mistake && jurisdiction)) {
    a.kind = Kind::kCounterNotice;
    a.kind_reason = counter ? "It calls itself a counter-notice: \"" +
                                  text.Sentence(counter.begin, counter.end, 120) + "\""
                            : "It claims a removal by mistake and consents to jurisdiction "
                              "(§512(g)(3)(C)-(D)).";
  } else if (copyright) {
    const Hit hit = First(text, kCopyright);
    a.kind = Kind::kTakedown;
    a.kind_reason = "It complains of copyright infringement: \"" +
                    text.Sentence(hit.begin, hit.end, 120) + "\"";
  } else {
    a.kind = Kind::kOther;
    a.other_category = Category(text);
    a.kind_reason = a.other_category == "unknown"
                        ? "It names no copyright claim and no other known kind of complaint."
                        : "It is a " + a.other_category + " matter, not a copyright claim.";
  }
  // The reason is one line in reports: the quoted words keep their spaces, not line breaks.
  for (char& c : a.kind_reason) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (a.kind == Kind::kTakedown && First(text, kTrademark) &&
      !First(text, {"copyright", "dmca", "copyrighted", "urheberrecht*", "droit d'auteur",
                    "derechos de autor"})) {
    a.kind = Kind::kOther;
    a.other_category = "trademark";
    a.kind_reason = "It is a trademark matter, not a copyright claim.";
  }
  if (kind && *kind != a.kind) {
    a.kind = *kind;
    a.kind_reason = "Classified by staff as " + std::string(KindName(*kind)) + ".";
    if (*kind != Kind::kOther) a.other_category.clear();
  }

  switch (a.kind) {
    case Kind::kTakedown:
      a.elements = {SignatureElement(text, a.fields),
                    WorkElement(text),
                    InfringingElement(text),
                    ContactElement(text, a.fields),
                    StatementElement("good_faith_statement", text, kGoodFaith),
                    AccuracyElement(text)};
      break;
    case Kind::kCounterNotice: {
      // §512(g)(3)(C): the belief of mistake is stated under penalty of perjury.
      Element mistake_element = FirstAsserted(text, kPerjury)
                                    ? StatementElement("mistake_statement", text, kMistake)
                                    : Absent("mistake_statement");
      a.elements = {SignatureElement(text, a.fields), RemovedElement(text), std::move(mistake_element),
                    ContactElement(text, a.fields), JurisdictionElement(text)};
      break;
    }
    case Kind::kRetraction:
      a.elements = {StatementElement("retraction_statement", text, kRetraction)};
      break;
    case Kind::kOther:
      break;
  }
  for (const Element& e : a.elements) {
    if (!e.present) a.missing.push_back(e.name);
  }
  a.complete = a.kind != Kind::kOther && a.missing.empty();
  const auto has = [&](std::string_view name) {
    return std::any_of(a.elements.begin(), a.elements.end(),
                       [&](const Element& e) { return e.name == name && e.present; });
  };
  if (a.complete) {
    a.verdict = Verdict::kComplete;
  } else if (a.kind == Kind::kTakedown) {
    // §512(c)(3)(B)(ii): with (ii), (iii) and (iv) the provider must ask for the rest.
    a.verdict = has("copyrighted_work") && has("infringing_material") &&
                        has("contact_information")
                    ? Verdict::kDeficient
                    : Verdict::kNotANotice;
  } else if (a.kind == Kind::kOther) {
    a.verdict = Verdict::kNotANotice;
  } else {
    a.verdict = Verdict::kDeficient;
  }
  return a;
}

}  // namespace dmca::parsers::notice
