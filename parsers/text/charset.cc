#include "parsers/text/charset.h"

#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <memory>
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

void Report(Findings* findings, std::string code, Finding::Severity severity,
            std::string_view where, std::string what) {
  if (findings) findings->push_back({std::move(code), severity, std::string(where), std::move(what)});
}

// Valid UTF-8 with no code point from U+0300 on (no lead byte 0xCC or above) is in NFC: every
// character below U+0300 has NFC_Quick_Check=Yes and none of them combines.
bool AlreadyNfc(std::string_view utf8) {
  return std::none_of(utf8.begin(), utf8.end(),
                      [](char c) { return static_cast<unsigned char>(c) >= 0xCC; });
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
  if (IsAscii(utf8) || (AlreadyNfc(utf8) && IsValidUtf8(utf8))) return std::string(utf8);
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
  if ((charset == "utf-8" || charset.empty() || charset == "us-ascii") && IsValidUtf8(bytes) &&
      AlreadyNfc(bytes)) {
    if (charset != "utf-8") {
      Report(findings, "charset.undeclared_8bit", Finding::Severity::kInfo, where,
             "8-bit bytes with no charset declared; read as utf-8");
    }
    return std::string(bytes);
  }
  if (charset.empty() || charset == "us-ascii") {
    // 8-bit bytes under us-ascii: real mail means UTF-8 or a Windows code page.
    charset = IsValidUtf8(bytes) ? "utf-8" : "windows-1252";
    Report(findings, "charset.undeclared_8bit", Finding::Severity::kInfo, where,
           "8-bit bytes with no charset declared; read as " + charset);
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
  if (invalid > 0) {
    Report(findings, "charset.invalid_bytes", Finding::Severity::kWarning, where,
           std::to_string(invalid) + " byte sequence(s) invalid in " + charset +
               " replaced by U+FFFD");
  }
  return ToNfcUtf8(*text);
}

}  // namespace dmca::parsers::text
