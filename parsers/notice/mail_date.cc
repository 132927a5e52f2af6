#include "parsers/notice/mail_date.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace dmca::parsers::notice {
namespace {

using std::chrono::seconds;

// A date line is short; what lies beyond this is not part of it (and hostile text is cut).
constexpr std::size_t kMaxDateText = 512;

struct Token {
  enum class Kind { kNumber, kWord, kPunct, kOffset };
  Kind kind = Kind::kPunct;
  std::string word;  // kWord: ASCII lower-cased; kPunct: the character
  int value = 0;     // kNumber: the number (-1 when too long); kOffset: seconds east of UTC
  int digits = 0;    // kNumber: how many digits
  bool valid = true; // kOffset: hours and minutes in range
  bool space_before = false;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

std::vector<Token> Tokenize(std::string_view text) {
  if (text.size() > kMaxDateText) text = text.substr(0, kMaxDateText);
  std::vector<Token> tokens;
  bool space = true;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    Token t;
    t.space_before = space;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      ++i;
      continue;
    }
    space = false;
    // A sign after a digit is a date's dash ("2026-11-23"), unless it follows a time's
    // seconds or minutes ("17:12:09-08:00").
    const bool after_digit = i > 0 && IsDigit(text[i - 1]) && !(i >= 3 && text[i - 3] == ':');
    if ((c == '+' || c == '-') && !after_digit && i + 1 < text.size() && IsDigit(text[i + 1])) {
      // A numeric zone: "+0100", "-08:00", "+1" (in "UTC+1").
      std::size_t j = i + 1;
      while (j < text.size() && IsDigit(text[j]) && j - i <= 4) ++j;
      const std::string_view run = text.substr(i + 1, j - i - 1);
      int hours = 0, minutes = 0;
      if (run.size() == 4) {
        hours = (run[0] - '0') * 10 + (run[1] - '0');
        minutes = (run[2] - '0') * 10 + (run[3] - '0');
      } else if (run.size() <= 2) {
        hours = std::atoi(std::string(run).c_str());
        if (j + 2 < text.size() && text[j] == ':' && IsDigit(text[j + 1]) && IsDigit(text[j + 2])) {
          minutes = (text[j + 1] - '0') * 10 + (text[j + 2] - '0');
          j += 3;
        }
      } else {
        t.valid = false;
      }
      if (j < text.size() && IsDigit(text[j])) t.valid = false;  // five digits or more
      t.valid = t.valid && hours <= 23 && minutes <= 59;
      t.kind = Token::Kind::kOffset;
      t.value = (c == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
      tokens.push_back(std::move(t));
      i = j;
      continue;
    }
    if (IsDigit(c)) {
      std::size_t j = i;
      while (j < text.size() && IsDigit(text[j])) ++j;
      t.kind = Token::Kind::kNumber;
      t.digits = static_cast<int>(j - i);
      t.value = t.digits > 6 ? -1 : std::atoi(std::string(text.substr(i, j - i)).c_str());
      tokens.push_back(std::move(t));
      i = j;
      continue;
    }
    if (IsWordByte(c)) {
      std::size_t j = i;
      while (j < text.size() && IsWordByte(text[j])) ++j;
      t.kind = Token::Kind::kWord;
      t.word.reserve(j - i);
      for (std::size_t k = i; k < j; ++k) {
        const char b = text[k];
        t.word += (b >= 'A' && b <= 'Z') ? static_cast<char>(b - 'A' + 'a') : b;
      }
      tokens.push_back(std::move(t));
      i = j;
      continue;
    }
    t.kind = Token::Kind::kPunct;
    t.word = std::string(1, c);
    tokens.push_back(std::move(t));
    ++i;
  }
  return tokens;
}

// Month names in the languages forward headers are written in (lower case, UTF-8), with the
// unaccented spellings plain-text clients produce. A word names a month when it is one of these
// or an abbreviation of at least three letters that fits one month only ("sept", "févr", "dez";
// "jui" could be juin or juillet and names none).
struct MonthName {
  std::string_view name;
  unsigned month;
};
constexpr MonthName kMonthNames[] = {
    {"january", 1},   {"januar", 1},    {"janvier", 1},    {"enero", 1},     {"jänner", 1},
    {"february", 2},  {"februar", 2},   {"février", 2},    {"fevrier", 2},   {"febrero", 2},
    {"march", 3},     {"märz", 3},      {"maerz", 3},      {"mars", 3},      {"marzo", 3},
    {"april", 4},     {"avril", 4},     {"abril", 4},      {"may", 5},       {"mai", 5},
    {"mayo", 5},      {"june", 6},      {"juni", 6},       {"juin", 6},      {"junio", 6},
    {"july", 7},      {"juli", 7},      {"juillet", 7},    {"julio", 7},     {"august", 8},
    {"août", 8},      {"aout", 8},      {"agosto", 8},     {"september", 9}, {"septembre", 9},
    {"septiembre", 9}, {"setiembre", 9}, {"october", 10},  {"oktober", 10},  {"octobre", 10},
    {"octubre", 10},  {"november", 11}, {"novembre", 11},  {"noviembre", 11}, {"december", 12},
    {"dezember", 12}, {"décembre", 12}, {"decembre", 12},  {"diciembre", 12},
};

unsigned MonthOf(const std::string& word) {
  if (word.size() < 3) return 0;
  unsigned found = 0;
  for (const MonthName& m : kMonthNames) {
    if (m.name.substr(0, word.size()) != word) continue;
    if (found != 0 && found != m.month) return 0;
    found = m.month;
  }
  return found;
}

// RFC 5322 §3.3 and §4.3 zone names, and the abbreviations clients print after a time.
std::optional<int> ZoneWord(const std::string& word) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr Zone kZones[] = {
      {"ut", 0},    {"utc", 0},   {"gmt", 0},    {"z", 0},     {"wet", 0},   {"est", -5},
      {"edt", -4},  {"cst", -6},  {"cdt", -5},   {"mst", -7},  {"mdt", -6},  {"pst", -8},
      {"pdt", -7},  {"akst", -9}, {"akdt", -8},  {"hst", -10}, {"bst", 1},   {"cet", 1},
      {"mez", 1},   {"west", 1},  {"cest", 2},   {"mesz", 2},  {"eet", 2},   {"eest", 3},
      {"msk", 3},   {"jst", 9},   {"kst", 9},    {"aest", 10}, {"aedt", 11},
  };
  for (const Zone& z : kZones) {
    if (z.name == word) return z.hours * 3600;
  }
  return std::nullopt;
}

bool IsNumber(const std::vector<Token>& t, std::size_t i) {
  return i < t.size() && t[i].kind == Token::Kind::kNumber;
}
bool IsPunct(const std::vector<Token>& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == Token::Kind::kPunct && t[i].word[0] == c;
}
bool IsWord(const std::vector<Token>& t, std::size_t i, std::string_view w) {
  return i < t.size() && t[i].kind == Token::Kind::kWord && t[i].word == w;
}
bool IsDay(const Token& t) { return t.kind == Token::Kind::kNumber && t.digits <= 2 && t.value >= 1 && t.value <= 31; }

struct Clock {
  std::size_t first = 0, end = 0;  // the tokens it spans
  int hour = 0, minute = 0, second = 0;
  std::optional<int> offset;       // seconds east of UTC
  bool bad_zone = false;
};

// The first "H:MM[:SS]" with what follows it: AM/PM ("PM", "p. m.", or 午前/午後 before it) and
// a zone.
std::optional<Clock> FindClock(const std::vector<Token>& t) {
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    if (!IsNumber(t, i) || t[i].digits > 2 || !IsPunct(t, i + 1, ':') || !IsNumber(t, i + 2) ||
        t[i + 2].digits != 2) {
      continue;
    }
    Clock c;
    c.first = i;
    c.hour = t[i].value;
    c.minute = t[i + 2].value;
    std::size_t j = i + 3;
    if (IsPunct(t, j, ':') && IsNumber(t, j + 1) && t[j + 1].digits == 2) {
      c.second = t[j + 1].value;
      j += 2;
    }
    int meridiem = 0;  // 1 am, 2 pm
    if (i > 0 && t[i - 1].kind == Token::Kind::kWord) {
      if (t[i - 1].word.ends_with("午前")) meridiem = 1;
      if (t[i - 1].word.ends_with("午後")) meridiem = 2;
    }
    if (IsWord(t, j, "am") || IsWord(t, j, "pm")) {
      meridiem = t[j].word == "am" ? 1 : 2;
      ++j;
    } else if ((IsWord(t, j, "a") || IsWord(t, j, "p")) && IsPunct(t, j + 1, '.') &&
               IsWord(t, j + 2, "m")) {
      meridiem = t[j].word == "a" ? 1 : 2;
      j += IsPunct(t, j + 3, '.') ? 4 : 3;
    }
    if (meridiem != 0) {
      if (c.hour < 1 || c.hour > 12) return std::nullopt;
      c.hour = c.hour % 12 + (meridiem == 2 ? 12 : 0);
    }
    if (IsPunct(t, j, '(')) ++j;  // "17:12:09 (PST)": a comment naming the zone
    if (j < t.size() && t[j].kind == Token::Kind::kOffset) {
      c.offset = t[j].value;
      c.bad_zone = !t[j].valid;
      ++j;
    } else if (j < t.size() && t[j].kind == Token::Kind::kWord) {
      if (const auto zone = ZoneWord(t[j].word)) {
        c.offset = *zone;
        ++j;
        // "UTC+1", "GMT-08:00": an offset from the named zone.
        if (*zone == 0 && j < t.size() && t[j].kind == Token::Kind::kOffset && !t[j].space_before) {
          c.offset = t[j].value;
          c.bad_zone = !t[j].valid;
          ++j;
        }
      }
    }
    c.end = j;
    return c;
  }
  return std::nullopt;
}

struct Ymd {
  int year = 0;
  unsigned month = 0, day = 0;
};

// 年, 月, 日 after numbers: "2026年11月23日".
std::optional<Ymd> JapaneseDate(const std::vector<Token>& t) {
  Ymd d;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (!IsNumber(t, i) || t[i + 1].kind != Token::Kind::kWord || t[i + 1].space_before) continue;
    const std::string& w = t[i + 1].word;
    if (w.starts_with("年") && t[i].digits == 4) d.year = t[i].value;
    if (w.starts_with("月") && t[i].digits <= 2) d.month = static_cast<unsigned>(t[i].value);
    if (w.starts_with("日") && t[i].digits <= 2) d.day = static_cast<unsigned>(t[i].value);
  }
  if (d.year == 0 || d.month == 0 || d.day == 0) return std::nullopt;
  return d;
}

// A month written as a word, the day next to it and the year.
std::optional<Ymd> WordDate(const std::vector<Token>& t, const Clock& clock) {
  const auto outside = [&](std::size_t i) { return i < clock.first || i >= clock.end; };
  std::optional<std::size_t> year_at;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (outside(i) && IsNumber(t, i) && t[i].digits == 4 && t[i].value >= 1900 && t[i].value < 2200) {
      year_at = i;
      break;
    }
  }
  // A weekday can look like a month ("mar." is Tuesday in French and Spanish) and a name like
  // "Jan" can follow the date: the month is the month word nearest the year.
  std::optional<std::size_t> month_at;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!outside(i) || t[i].kind != Token::Kind::kWord || MonthOf(t[i].word) == 0) continue;
    const auto distance = [&](std::size_t k) {
      return year_at ? (k > *year_at ? k - *year_at : *year_at - k) : k;
    };
    if (!month_at || distance(i) < distance(*month_at)) month_at = i;
  }
  if (!month_at) return std::nullopt;
  const std::size_t m = *month_at;
  const auto skippable = [&](std::size_t i) {
    return IsPunct(t, i, '.') || IsPunct(t, i, ',') || IsWord(t, i, "de");
  };
  std::optional<std::size_t> day_at;
  std::size_t k = m;
  while (k > 0 && (IsPunct(t, k - 1, '.') || IsWord(t, k - 1, "de"))) --k;
  if (k > 0 && IsDay(t[k - 1]) && outside(k - 1)) day_at = k - 1;
  std::size_t after = m + 1;
  while (after < t.size() && skippable(after)) ++after;
  if (!day_at && after < t.size() && IsDay(t[after]) && outside(after)) {
    day_at = after;
    ++after;
    while (after < t.size() && skippable(after)) ++after;
  }
  if (!day_at) return std::nullopt;
  Ymd d;
  d.month = MonthOf(t[m].word);
  d.day = static_cast<unsigned>(t[*day_at].value);
  if (year_at) {
    d.year = t[*year_at].value;
  } else if (IsNumber(t, after) && outside(after) && (t[after].digits == 2 || t[after].digits == 3)) {
    // RFC 5322 §4.3 obs-year: two digits are 2000-2049 or 1950-1999; three add 1900.
    const int y = t[after].value;
    d.year = t[after].digits == 3 ? 1900 + y : (y < 50 ? 2000 + y : 1900 + y);
  } else {
    return std::nullopt;
  }
  return d;
}

// "2026-11-23", "2026/11/23", "23.11.2026", "23-11-2026", "11/23/2026".
std::optional<Ymd> NumericDate(const std::vector<Token>& t, const Clock& clock, bool* ambiguous) {
  for (std::size_t i = 0; i + 4 < t.size(); ++i) {
    if (i >= clock.first && i < clock.end) continue;
    if (!IsNumber(t, i) || !IsNumber(t, i + 2) || !IsNumber(t, i + 4)) continue;
    const char sep = t[i + 1].kind == Token::Kind::kPunct ? t[i + 1].word[0] : 0;
    if ((sep != '-' && sep != '.' && sep != '/') || !IsPunct(t, i + 3, sep)) continue;
    const Token &a = t[i], &b = t[i + 2], &c = t[i + 4];
    if (a.digits == 4 && b.digits <= 2 && c.digits <= 2) {
      return Ymd{a.value, static_cast<unsigned>(b.value), static_cast<unsigned>(c.value)};
    }
    if (c.digits != 4 || a.digits > 2 || b.digits > 2) continue;
    Ymd day_first{c.value, static_cast<unsigned>(b.value), static_cast<unsigned>(a.value)};
    if (sep != '/') return day_first;  // dots and dashes: day first (DIN 5008, ISO-less Europe)
    // Slashes: 23/11 can only be day first, 11/23 only month first; 03/04 is either.
    if (a.value > 12) return day_first;
    if (b.value > 12 || a.value == b.value) {
      return Ymd{c.value, static_cast<unsigned>(a.value), static_cast<unsigned>(b.value)};
    }
    *ambiguous = true;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::sys_seconds> MailDate::Utc() const {
  if (!offset) return std::nullopt;
  return std::chrono::sys_seconds{local.time_since_epoch() - *offset};
}

std::optional<MailDate> ParseMailDate(std::string_view text) {
  const std::vector<Token> tokens = Tokenize(text);
  const std::optional<Clock> clock = FindClock(tokens);
  if (!clock || clock->bad_zone || clock->hour > 23 || clock->minute > 59 || clock->second > 60) {
    return std::nullopt;
  }
  std::optional<Ymd> date = JapaneseDate(tokens);
  if (!date) date = WordDate(tokens, *clock);
  bool ambiguous = false;
  if (!date) date = NumericDate(tokens, *clock, &ambiguous);
  if (!date || ambiguous) return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{year{date->year}, month{date->month}, day{date->day}};
  if (!ymd.ok()) return std::nullopt;
  // A leap second (RFC 5322 §3.3 allows 60) is the last second of its minute here: the clock
  // counts days, and a second either way changes nothing.
  const int second = clock->second == 60 ? 59 : clock->second;
  MailDate out;
  out.local = local_days{ymd} + hours{clock->hour} + minutes{clock->minute} + seconds{second};
  if (clock->offset) out.offset = seconds{*clock->offset};
  return out;
}

}  // namespace dmca::parsers::notice
