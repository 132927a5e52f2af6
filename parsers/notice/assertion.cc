#include "parsers/notice/assertion.h"

#include <cctype>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

namespace dmca::parsers::notice {
namespace {

constexpr auto npos = std::string_view::npos;

struct Line {
  std::size_t begin, end;  // [begin, end) in the text, without the '\n'
};

Line LineOf(std::string_view s, std::size_t pos) {
  std::size_t b = pos == 0 ? npos : s.rfind('\n', pos - 1);
  b = b == npos ? 0 : b + 1;
  std::size_t e = s.find('\n', pos);
  if (e == npos) e = s.size();
  return {b, e};
}

// The line's words without markup around them: bullets, numbering, bold, headings, "<br>".
std::string_view Bare(std::string_view line) {
  for (;;) {
    const std::size_t before = line.size();
    while (!line.empty() && std::strchr(" \t\r*#>-_\xC2\xA0", line.front())) line.remove_prefix(1);
    while (!line.empty() && std::strchr(" \t\r*_", line.back())) line.remove_suffix(1);
    if (line.size() >= 4 && line.substr(line.size() - 4) == "<br>") line.remove_suffix(4);
    if (line.size() >= 2 && line.substr(line.size() - 2) == "\\") line.remove_suffix(2);
    // "6.", "6)", "(a)", "vi." numbering.
    std::size_t k = 0;
    while (k < line.size() && (std::isdigit(static_cast<unsigned char>(line[k])) ||
                               line[k] == '(' || (k < 4 && std::strchr("ivx", line[k])))) {
      ++k;
    }
    if (k > 0 && k < line.size() && (line[k] == '.' || line[k] == ')') &&
        (k + 1 == line.size() || line[k + 1] == ' ' || line[k + 1] == '\\')) {
      line.remove_prefix(k + 1);
      if (!line.empty() && line.front() == '\\') line.remove_prefix(1);
    }
    if (line.size() == before) return line;
  }
}

bool Blank(std::string_view line) { return Bare(line).empty(); }

bool StartsWithWord(std::string_view bare, std::string_view word) {
  return bare.size() >= word.size() && bare.compare(0, word.size(), word) == 0 &&
         (bare.size() == word.size() ||
          !std::isalpha(static_cast<unsigned char>(bare[word.size()])));
}

bool FirstPerson(std::string_view lower) {
  std::string padded = " " + std::string(lower) + " ";
  for (char& c : padded) {
    if (!std::isalpha(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80)
      c = ' ';
  }
  for (const char* w : {" i ", " we ", " my ", " our ", " me ", " us "}) {
    if (padded.find(w) != std::string::npos) return true;
  }
  return false;
}

// A request to the sender, not a statement by them.
bool IsInstruction(std::string_view bare) {
  for (std::string_view verb : {"please", "type", "enter", "provide", "copy", "include", "identify",
                                "describe", "list", "select", "check", "confirm that", "sign"}) {
    if (StartsWithWord(bare, verb)) return true;
  }
  for (std::string_view phrase : {"the following statement", "copy and paste", "(or copy",
                                  "statement below", "type your", "enter your"}) {
    if (bare.find(phrase) != npos) return true;
  }
  return false;
}

// §512(c)(3)(A) and §512(g)(3) in their own words, quoted back by templates and senders.
bool QuotesTheStatute(std::string_view lower_line) {
  for (std::string_view phrase :
       {"a statement that the complaining party", "a statement that the information in the",
        "a statement that the subscriber", "a statement under penalty of perjury that the",
        "the subscriber's consent", "a physical or electronic signature of a person"}) {
    if (lower_line.find(phrase) != npos) return true;
  }
  return false;
}

// A template's blank left unfilled ("I, [your name], have a good faith belief…"): the sender
// has not made the statement yet. "[private]" is the publisher's redaction, not a blank.
bool HasTemplateBlank(std::string_view lower_line) {
  for (std::string_view blank :
       {"[insert", "[your ", "<your ", "{{", "(insert", "[name]", "[full name]", "[signature]",
        "[date]", "[company", "xxxx", "_____"}) {
    if (lower_line.find(blank) != npos) return true;
  }
  return false;
}

bool EndsSentence(std::string_view bare) {
  return !bare.empty() && std::strchr(".!?:;", bare.back()) != nullptr;
}

// A short line standing alone (blank or a finished sentence before it, blank or a new line
// after), naming rather than saying: "6. Good-Faith Belief Statement".
bool IsHeading(std::string_view s, const Line& line, std::string_view lower) {
  const std::string_view bare = Bare(lower.substr(line.begin, line.end - line.begin));
  if (bare.empty() || bare.size() > 70 || FirstPerson(bare)) return false;
  if (!bare.empty() && std::strchr(".,;", bare.back())) return false;
  if (line.begin > 0) {
    const Line prev = LineOf(s, line.begin - 1);
    const std::string_view p = Bare(lower.substr(prev.begin, prev.end - prev.begin));
    if (!p.empty() && !EndsSentence(p)) return false;
  }
  return true;
}

// A form's yes-or-agree answer under a question: "Yes", "I agree", "[x]".
std::size_t AffirmativeAnswerEnd(std::string_view lower, std::size_t after) {
  std::size_t pos = after;
  for (int lines = 0; pos < lower.size() && lines < 4; ++lines) {
    const Line next = LineOf(lower, pos);
    const std::string_view bare = Bare(lower.substr(next.begin, next.end - next.begin));
    if (!bare.empty()) {
      for (std::string_view yes : {"yes", "i do", "i agree", "agreed", "i confirm", "true", "[x]",
                                   "x", "i have", "i swear", "i declare", "i certify"}) {
        if (StartsWithWord(bare, yes)) return next.end;
      }
      return npos;
    }
    pos = next.end + 1;
  }
  return npos;
}

}  // namespace

bool IsAssertedAt(const ScanText& text, std::size_t pos, std::size_t* answer_end) {
  const std::string_view s = text.original();
  const std::string_view lower = text.lower();
  const Line line = LineOf(s, pos);
  const std::string_view lower_line = lower.substr(line.begin, line.end - line.begin);
  if (QuotesTheStatute(lower_line) || HasTemplateBlank(lower_line)) return false;
  // The question the phrase stands in: a "?" before the sentence ends.
  bool question = false;
  for (std::size_t k = pos; k < s.size() && k < pos + 400; ++k) {
    const char c = s[k];
    if (c == '?') {
      question = true;
      break;
    }
    if ((c == '.' || c == '!') &&
        (k + 1 >= s.size() || std::isspace(static_cast<unsigned char>(s[k + 1])))) {
      break;
    }
    if (c == '\n' && k + 1 < s.size() &&
        (s[k + 1] == '\n' || Blank(lower.substr(k + 1, LineOf(s, k + 1).end - k - 1)))) {
      break;
    }
  }
  // The sentence holding the phrase, from its start on the line.
  std::size_t sentence = line.begin;
  for (std::size_t k = pos; k > line.begin + 1; --k) {
    if (std::strchr(".!?", s[k - 2]) && s[k - 1] == ' ') {
      sentence = k;
      break;
    }
  }
  const std::string_view sentence_bare = Bare(lower.substr(sentence, line.end - sentence));
  if (question || IsInstruction(sentence_bare)) {
    // In a form, the answer asserts it ("Do you have a good faith belief…?" "Yes").
    std::size_t end = pos;
    while (end < s.size() && s[end] != '?' && end < pos + 400) ++end;
    const Line qline = LineOf(s, std::min(end, s.size() - 1));
    const std::size_t answer = question ? AffirmativeAnswerEnd(lower, qline.end + 1) : npos;
    if (answer != npos && answer_end) *answer_end = answer;
    return answer != npos;
  }
  return !IsHeading(s, line, lower);
}

namespace {

// A line that can be the name answering a signature request: not blank, not a question,
// label or instruction, short, and not a contact field.
bool IsAnswerLine(std::string_view lower_line) {
  const std::string_view bare = Bare(lower_line);
  if (bare.empty() || bare.size() > 100) return false;
  if (bare.find_first_not_of("_/-=~. ") == npos) return false;  // a drawn line to sign on
  // A closing ("Sincerely,") leads to the name; it is not one.
  if (bare.back() == '?' || bare.back() == ':' || bare.back() == ',' || IsInstruction(bare)) {
    return false;
  }
  if (lower_line.find("**") != npos) return false;  // the next question, or a heading
  for (std::string_view label : {"phone", "tel", "email", "e-mail", "address", "fax", "mobile",
                                 "date", "name:", "company", "title:"}) {
    if (StartsWithWord(bare, label)) return false;
  }
  // A name, not a sentence or the heading of the next block ("My physical name and address").
  for (std::string_view opener : {"my", "our", "the", "this", "that", "these", "i", "we", "it",
                                  "if", "as", "in", "for", "to"}) {
    if (StartsWithWord(bare, opener)) return false;
  }
  int words = 1;
  for (char c : bare) words += c == ' ';
  return words <= 8;
}

bool IsDecoration(std::string_view lower_line) {
  const std::string_view bare = Bare(lower_line);
  return !bare.empty() && bare.find_first_not_of("_/-=~. ") == npos;
}

// The answer under a signing request at `line`: the next non-blank line, when it can be one.
std::size_t AnswerEnd(std::string_view lower, const Line& line) {
  std::size_t pos = line.end + 1;
  for (int lines = 0; pos < lower.size() && lines < 5; ++lines) {
    const Line next = LineOf(lower, pos);
    const std::string_view l = lower.substr(next.begin, next.end - next.begin);
    if (!Blank(l) && !IsDecoration(l)) return IsAnswerLine(l) ? next.end : npos;
    pos = next.end + 1;
  }
  return npos;
}

bool IsPlaceholder(std::string_view bare) {
  for (std::string_view p : {"[private]", "[redacted]", "[private].", "[]private]"}) {
    if (bare == p) return true;
  }
  return false;
}

bool OpensLine(std::string_view lower, std::size_t at, const Line& line) {
  for (std::size_t k = line.begin; k < at; ++k) {
    if (!std::strchr(" \t*>-#0123456789.)", lower[k])) return false;
  }
  return true;
}

}  // namespace

Element SignatureElement(const ScanText& text, const Fields& fields) {
  const std::string_view s = text.original();
  const std::string_view lower = text.lower();
  // "Signature: /s/ Jane Doe", "Signed: Jane Doe"; the request alone asks, its answer signs.
  for (std::string_view formula : {"signature", "signed", "full name", "full legal name",
                                   "sign this", "electronically signed", "electronicaily signed"}) {
    for (auto [b, e] = text.Find(formula); b != npos; std::tie(b, e) = text.Find(formula, e)) {
      const Line line = LineOf(s, b);
      const std::string_view lower_line = lower.substr(line.begin, line.end - line.begin);
      const std::size_t colon = lower_line.find(':', e - line.begin);
      if (colon != npos && colon + 1 < lower_line.size() &&
          IsAnswerLine(lower_line.substr(colon + 1)) &&
          (formula == "signature" || formula == "signed" || formula == "electronically signed")) {
        return {"signature", true, text.Clip(line.begin, line.end)};
      }
      // "… is electronically signed by the undersigned, [private]": signed with a name.
      if ((formula == "electronically signed" || formula == "electronicaily signed") &&
          lower_line.find(" by ", e - line.begin) != npos) {
        return {"signature", true, text.Clip(line.begin, line.end)};
      }
      if (const std::size_t answer = AnswerEnd(lower, line); answer != npos) {
        const std::string_view bare = Bare(lower_line);
        // A request or lead-in line, not a sentence merely mentioning a signature.
        if (bare.empty() || bare.size() > 200) continue;
        if (std::strchr(":?", bare.back()) || IsInstruction(bare) || bare.find("below") != npos ||
            bare.find("follow") != npos) {
          return {"signature", true, text.Clip(line.begin, answer)};
        }
      }
    }
  }
  // "/s/ Name" is an electronic signature by itself.
  for (auto [b, e] = text.Find("/s/"); b != npos; std::tie(b, e) = text.Find("/s/", e)) {
    const Line line = LineOf(s, b);
    if (!Bare(lower.substr(e, line.end - e)).empty()) return {"signature", true, text.LineAt(b)};
  }
  // A closing formula on its own short line, followed within a few lines by a name.
  static constexpr std::string_view kClosings[] = {"sincerely",
                                                   "sincerly",
                                                   "regards",
                                                   "truthfully",
                                                   "respectfully",
                                                   "yours truly",
                                                   "truly yours",
                                                   "yours faithfully",
                                                   "best,",
                                                   "best wishes",
                                                   "thank you",
                                                   "thanks",
                                                   "cordially",
                                                   "--",
                                                   "mit freundlichen grüßen",
                                                   "mit freundlichen grüssen",
                                                   "cordialement",
                                                   "atentamente",
                                                   "saludos",
                                                   "signed,",
                                                   "kind regards",
                                                   "best regards"};
  std::size_t best_begin = npos, best_end = npos;
  for (std::string_view closing : kClosings) {
    for (auto [b, e] = text.Find(closing); b != npos; std::tie(b, e) = text.Find(closing, e)) {
      const Line line = LineOf(s, b);
      if (!OpensLine(lower, b, line) || line.end - line.begin > 60) continue;
      const std::string_view bare = Bare(lower.substr(line.begin, line.end - line.begin));
      if (closing == "--" && bare.find_first_not_of("-") != npos && bare != "") continue;
      if (closing == "--" && lower.substr(line.begin, line.end - line.begin).find("---") != npos)
        continue;
      if (const std::size_t answer = AnswerEnd(lower, line);
          answer != npos && (best_begin == npos || b > best_begin)) {
        best_begin = b;
        best_end = answer;
      }
    }
  }
  if (best_begin != npos) return {"signature", true, text.Clip(best_begin, best_end)};
  // A redacted name opening the notice's last block (the publisher's placeholder where the
  // signer's name was), not a value under a label or a form question.
  for (std::size_t pos = s.size() * 2 / 3; pos < s.size();) {
    const Line line = LineOf(s, pos);
    const std::string_view bare = Bare(lower.substr(line.begin, line.end - line.begin));
    if (IsPlaceholder(bare) && line.begin > 0) {
      const Line prev = LineOf(s, line.begin - 1);
      const std::string_view p = lower.substr(prev.begin, prev.end - prev.begin);
      const std::string_view pb = Bare(p);
      const bool finished =
          !pb.empty() && (pb.back() == '.' || pb.back() == '"' ||
                          pb.substr(pb.size() >= 3 ? pb.size() - 3 : 0) == "\xE2\x80\x9D");
      if (Blank(p) || (finished && p.find("**") == npos && !IsInstruction(pb))) {
        // Under a blank line, the block before must not be a form's question.
        std::size_t q = prev.begin;
        while (q > 0 && Blank(lower.substr(LineOf(s, q - 1).begin,
                                           LineOf(s, q - 1).end - LineOf(s, q - 1).begin))) {
          q = LineOf(s, q - 1).begin;
        }
        const Line before = q > 0 ? LineOf(s, q - 1) : Line{0, 0};
        const std::string_view bl = lower.substr(before.begin, before.end - before.begin);
        const std::string_view bb = Bare(bl);
        if (bl.find("**") == npos && (bb.empty() || (bb.back() != ':' && bb.back() != '?'))) {
          return {"signature", true, text.LineAt(line.begin)};
        }
      }
    }
    pos = line.end + 1;
  }
  if (fields.signature) {
    if (const std::size_t at = s.rfind(*fields.signature); at != npos) {
      return {"signature", true, text.LineAt(at)};
    }
  }
  return {"signature", false, std::nullopt};
}

}  // namespace dmca::parsers::notice
