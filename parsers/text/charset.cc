#include "parsers/text/charset.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unistr.h>
#include <unicode/unorm2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace dmca::parsers::text {
namespace {

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// Counts the bytes ICU could not convert, then substitutes U+FFFD as the default callback does.
struct InvalidCounter {
  std::size_t count = 0;
};

void CountingToUCallback(const void* context, UConverterToUnicodeArgs* args,
                         const char* code_units, int32_t length, UConverterCallbackReason reason,
                         UErrorCode* err) {
  if (reason <= UCNV_IRREGULAR) {
    ++static_cast<InvalidCounter*>(const_cast<void*>(context))->count;
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, err);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsAscii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
}

// Labels mail uses that ICU does not know, or knows under another meaning (WHATWG Encoding).
std::string Canonical(std::string_view charset) {
  std::string name = Lower(charset);
  while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.pop_back();
  while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.erase(0, 1);
  if (name == "us-ascii" || name == "ascii" || name == "ansi_x3.4-1968") return "us-ascii";
  if (name == "iso-8859-1" || name == "latin1" || name == "iso8859-1") return "windows-1252";
  if (name == "ks_c_5601-1987" || name == "euc-kr") return "windows-949";
  if (name == "gb2312" || name == "gbk" || name == "x-gbk") return "gb18030";
  if (name == "x-sjis" || name == "shift-jis" || name == "sjis") return "shift_jis";
  if (name == "utf8") return "utf-8";
  if (name == "unicode-1-1-utf-7") return "utf-7";
  return name;
}

// Converts with ICU; nullopt when ICU does not know the charset.
std::optional<icu::UnicodeString> Decode(std::string_view bytes, const std::string& charset,
                                         std::size_t* invalid) {
  UErrorCode status = U_ZERO_ERROR;
  Converter converter(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status) || !converter) return std::nullopt;
  InvalidCounter counter;
  ucnv_setToUCallBack(converter.get(), CountingToUCallback, &counter, nullptr, nullptr, &status);
  icu::UnicodeString out;
  const int32_t capacity = static_cast<int32_t>(bytes.size()) * 2 + 16;
  UChar* buffer = out.getBuffer(capacity);
  const int32_t length = ucnv_toUChars(converter.get(), buffer, capacity, bytes.data(),
                                       static_cast<int32_t>(bytes.size()), &status);
  out.releaseBuffer(U_SUCCESS(status) ? length : 0);
  if (U_FAILURE(status)) return std::nullopt;
  *invalid = counter.count;
  return out;
}

std::string ToNfcUtf8(const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  std::string out;
  if (U_SUCCESS(status) && nfc->isNormalized(text, status) && U_SUCCESS(status)) {
    text.toUTF8String(out);
    return out;
  }
  status = U_ZERO_ERROR;
  const icu::UnicodeString normalized = nfc->normalize(text, status);
  (U_SUCCESS(status) ? normalized : text).toUTF8String(out);
  return out;
}

// Valid UTF-8 with no code point from U+0300 on (no lead byte 0xCC or above) is in NFC: every
// character below U+0300 has NFC_Quick_Check=Yes and none of them combines.
bool AlreadyNfc(std::string_view utf8) {
  return std::none_of(utf8.begin(), utf8.end(),
                      [](char c) { return static_cast<unsigned char>(c) >= 0xCC; });
}

// NFC of valid UTF-8, without a detour through UTF-16 when it is already normalized.
std::string NfcOfValidUtf8(std::string utf8) {
  if (AlreadyNfc(utf8)) return utf8;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || (nfc->isNormalizedUTF8(utf8, status) && U_SUCCESS(status))) {
    return utf8;
  }
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(utf8.size()));
  status = U_ZERO_ERROR;
  nfc->normalizeUTF8(0, utf8, sink, nullptr, status);
  return U_SUCCESS(status) ? out : utf8;
}

// A single-byte charset (ISO-8859-x, windows-125x, KOI8-R, the EBCDIC pages...) as a table from
// byte to UTF-8, made once per charset from ICU's own conversion of each byte, so that the text
// of real mail, mostly in these, is converted without ICU's per-call set-up and UTF-16 detour.
class SingleByteTable {
 public:
  // The table for `charset`, or null when ICU does not know it or it is not single-byte. Safe
  // to call from any thread; tables live as long as the process.
  static const SingleByteTable* For(const std::string& charset);

  // The UTF-8 of `bytes`, in NFC; `invalid` counts the bytes ICU substitutes.
  std::string Convert(std::string_view bytes, std::size_t* invalid) const {
    // Every byte of a single-byte charset maps to one BMP character: at most 3 UTF-8 bytes.
    std::string out(bytes.size() * 3 + 1, '\0');
    char* o = out.data();
    bool maybe_not_nfc = false;
    for (const char c : bytes) {
      const Entry& entry = entries_[static_cast<unsigned char>(c)];
      std::memcpy(o, entry.utf8.data(), entry.utf8.size());
      o += entry.length;
      *invalid += entry.invalid;
      maybe_not_nfc |= entry.maybe_not_nfc;
    }
    out.resize(static_cast<std::size_t>(o - out.data()));
    return maybe_not_nfc ? NfcOfValidUtf8(std::move(out)) : out;
  }

 private:
  struct Entry {
    std::array<char, 4> utf8{};
    unsigned char length = 0;
    unsigned char invalid = 0;  // 1 when ICU substituted the byte
    // Text of characters with NFC_Quick_Check=Yes and combining class 0 is in NFC (UAX #15
    // §9); only a character outside that (windows-1258's and windows-1255's combining marks)
    // needs a real check.
    bool maybe_not_nfc = false;
  };
  std::array<Entry, 256> entries_;
};

const SingleByteTable* SingleByteTable::For(const std::string& charset) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const SingleByteTable>, std::less<>> tables;
  // Labels come from untrusted mail and ICU accepts endless variants of a name ("x,opt=1"):
  // past this many, a new label goes the slow way instead of growing the cache.
  constexpr std::size_t kMaxLabels = 512;
  const std::lock_guard lock(mutex);
  if (auto found = tables.find(charset); found != tables.end()) return found->second.get();
  if (tables.size() >= kMaxLabels) return nullptr;
  UErrorCode status = U_ZERO_ERROR;
  const Converter converter(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status) || !converter) return nullptr;
  const UConverterType type = ucnv_getType(converter.get());
  std::unique_ptr<SingleByteTable> table;
  if (type == UCNV_SBCS || type == UCNV_LATIN_1 || type == UCNV_US_ASCII) {
    table = std::make_unique<SingleByteTable>();
    for (int byte = 0; byte < 256; ++byte) {
      const char c = static_cast<char>(byte);
      std::size_t invalid = 0;
      const auto text = Decode(std::string_view(&c, 1), charset, &invalid);
      std::string utf8;
      if (text) text->toUTF8String(utf8);
      if (!text || text->countChar32() != 1 || utf8.size() > 3) {
        table.reset();  // not the one-byte, one-character mapping this table assumes
        break;
      }
      Entry& entry = table->entries_[static_cast<std::size_t>(byte)];
      std::memcpy(entry.utf8.data(), utf8.data(), utf8.size());
      entry.length = static_cast<unsigned char>(utf8.size());
      entry.invalid = invalid > 0 ? 1 : 0;
      const UChar32 character = text->char32At(0);
      entry.maybe_not_nfc = u_getIntPropertyValue(character, UCHAR_NFC_QUICK_CHECK) != UNORM_YES ||
                            u_getCombiningClass(character) != 0;
    }
  }
  return tables.emplace(charset, std::move(table)).first->second.get();
}

void Report(Findings* findings, std::string code, Finding::Severity severity,
            std::string_view where, std::string what) {
  if (findings)
    findings->push_back({std::move(code), severity, std::string(where), std::move(what)});
}

void ReportInvalid(Findings* findings, std::string_view where, const std::string& charset,
                   std::size_t invalid) {
  if (invalid == 0) return;
  Report(
      findings, "charset.invalid_bytes", Finding::Severity::kWarning, where,
      std::to_string(invalid) + " byte sequence(s) invalid in " + charset + " replaced by U+FFFD");
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    int extra = 0;
    unsigned min = 0;
    if ((*p & 0xE0) == 0xC0) { extra = 1; min = 0x80; }
    else if ((*p & 0xF0) == 0xE0) { extra = 2; min = 0x800; }
    else if ((*p & 0xF8) == 0xF0) { extra = 3; min = 0x10000; }
    else return false;
    if (end - p <= extra) return false;
    unsigned cp = *p & (0x3F >> extra);
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += extra + 1;
  }
  return true;
}

std::string NormalizeNfc(std::string_view utf8) {
  if (IsValidUtf8(utf8)) return NfcOfValidUtf8(std::string(utf8));
  std::size_t invalid = 0;
  auto text = Decode(utf8, "utf-8", &invalid);
  return text ? ToNfcUtf8(*text) : std::string(utf8);
}

// Charsets whose 7-bit bytes are not ASCII text (escape sequences, UTF-7, UTF-16/32).
bool SevenBitIsAscii(std::string_view charset) {
  return charset.rfind("iso-2022", 0) != 0 && charset.rfind("utf-7", 0) != 0 &&
         charset.rfind("utf-16", 0) != 0 && charset.rfind("utf-32", 0) != 0 &&
         charset.rfind("ucs-", 0) != 0 && charset != "hz-gb-2312" && charset != "hz";
}

std::string ToUtf8(std::string_view bytes, std::string_view declared, Findings* findings,
                   std::string_view where) {
  std::string charset = Canonical(declared);
  if (IsAscii(bytes) && SevenBitIsAscii(charset)) return std::string(bytes);
  if (charset.empty() || charset == "us-ascii") {
    // 8-bit bytes under us-ascii: real mail means UTF-8 or a Windows code page.
    const bool utf8 = IsValidUtf8(bytes);
    charset = utf8 ? "utf-8" : "windows-1252";
    Report(findings, "charset.undeclared_8bit", Finding::Severity::kInfo, where,
           "8-bit bytes with no charset declared; read as " + charset);
    if (utf8) return NfcOfValidUtf8(std::string(bytes));
  } else if (charset == "utf-8" && IsValidUtf8(bytes)) {
    return NfcOfValidUtf8(std::string(bytes));
  }
  if (const SingleByteTable* table = SingleByteTable::For(charset)) {
    std::size_t invalid = 0;
    std::string utf8 = table->Convert(bytes, &invalid);
    ReportInvalid(findings, where, charset, invalid);
    return utf8;
  }
  std::size_t invalid = 0;
  auto text = Decode(bytes, charset, &invalid);
  if (!text) {
    const std::string fallback = IsValidUtf8(bytes) ? "utf-8" : "windows-1252";
    Report(findings, "charset.unknown", Finding::Severity::kWarning, where,
           "unknown charset '" + std::string(declared) + "'; read as " + fallback);
    text = Decode(bytes, fallback, &invalid);
    if (!text) return std::string(bytes);
  }
  ReportInvalid(findings, where, charset, invalid);
  return ToNfcUtf8(*text);
}

}  // namespace dmca::parsers::text
