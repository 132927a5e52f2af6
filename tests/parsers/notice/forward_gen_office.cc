#include "tests/parsers/notice/forward_gen_office.h"

#include <gsf/gsf.h>

#include "tests/parsers/notice/forward_gen_text.h"

namespace dmca::parsers::notice::testing {
namespace {

void Put16(std::string& out, unsigned v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
void Put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void Put64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string Utf16Le(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      cp = ((c & 0x07) << 18) | ((utf8[i + 1] & 0x3F) << 12) | ((utf8[i + 2] & 0x3F) << 6) |
           (utf8[i + 3] & 0x3F);
      len = 4;
    } else if (c >= 0xE0) {
      cp = ((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
      len = 3;
    } else if (c >= 0xC0) {
      cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
      len = 2;
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      Put16(out, 0xD800 + (cp >> 10));
      Put16(out, 0xDC00 + (cp & 0x3FF));
    } else {
      Put16(out, cp);
    }
  }
  return out;
}

std::uint64_t Filetime(const OfficeFields& f) {
  // Days from civil (Hinnant), then 100 ns periods since 1601.
  int y = f.year - (f.month <= 2);
  const int era = y / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned m = static_cast<unsigned>(f.month);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(f.day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long long days = static_cast<long long>(era) * 146097 + doe - 719468;
  const long long unix_seconds = days * 86400 + f.hour * 3600 + f.minute * 60 + f.second;
  return static_cast<std::uint64_t>(unix_seconds + 11644473600LL) * 10000000ULL;
}

// One TNEF attribute: level, id, length, data, checksum (sum of the data bytes, mod 65536).
void Attribute(std::string& out, int level, std::uint32_t id, const std::string& data) {
  out += static_cast<char>(level);
  Put32(out, id);
  Put32(out, static_cast<std::uint32_t>(data.size()));
  out += data;
  unsigned sum = 0;
  for (unsigned char c : data) sum += c;
  Put16(out, sum & 0xFFFF);
}

// A variable-length MAPI property in attMAPIProps: tag, value count, length, padded bytes.
void MapiString(std::string& out, unsigned id, const std::string& utf8) {
  const std::string value = ToWindows1252(utf8) + '\0';
  Put32(out, (id << 16) | 0x001E);  // PT_STRING8
  Put32(out, 1);
  Put32(out, static_cast<std::uint32_t>(value.size()));
  out += value;
  while (out.size() % 4 != 0) out += '\0';
}

// The body as RTF: "\par" line ends, "\uN?" for anything beyond ASCII.
std::string ToRtf(std::string_view utf8) {
  std::string out = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0 ";
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xE0) {
      cp = ((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
      len = 3;
    } else if (c >= 0xC0) {
      cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
      len = 2;
    }
    i += len;
    if (cp == '\n') {
      out += "\\par\n";
    } else if (cp == '\\' || cp == '{' || cp == '}') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else {
      out += "\\u" + std::to_string(cp < 0x8000 ? cp : static_cast<int>(cp) - 65536) + "?";
    }
  }
  return out + "}";
}

// [MS-OXRTFCP] compressed RTF using literals only (a control byte of 0 before each 8 bytes):
// valid LZFu that any reader decompresses, without writing a compressor.
std::string CompressedRtf(const std::string& rtf) {
  std::string body;
  for (std::size_t i = 0; i < rtf.size(); i += 8) {
    body += '\0';
    body += rtf.substr(i, 8);
  }
  std::string out;
  Put32(out, static_cast<std::uint32_t>(body.size() + 12));  // COMPSIZE: all after itself
  Put32(out, static_cast<std::uint32_t>(rtf.size()));        // RAWSIZE
  Put32(out, 0x75465A4C);                                    // "LZFu"
  Put32(out, 0);                                             // CRC, unchecked by readers
  return out + body;
}

void MapiBinary(std::string& out, unsigned id, const std::string& bytes) {
  Put32(out, (id << 16) | 0x0102);  // PT_BINARY
  Put32(out, 1);
  Put32(out, static_cast<std::uint32_t>(bytes.size()));
  out += bytes;
  while (out.size() % 4 != 0) out += '\0';
}

}  // namespace

std::string WriteTnef(const OfficeFields& f) {
  std::string out;
  Put32(out, 0x223E9F78);  // TNEF signature
  Put16(out, 0x0001);      // attachment key
  std::string version;
  Put32(version, 0x00010000);
  Attribute(out, 1, (0x0008u << 16) | 0x9006, version);  // attTnefVersion
  std::string codepage;
  Put32(codepage, 1252);
  Put32(codepage, 0);
  Attribute(out, 1, (0x0006u << 16) | 0x9007, codepage);                         // attOemCodepage
  Attribute(out, 1, (0x0001u << 16) | 0x8004, ToWindows1252(f.subject) + '\0');  // attSubject
  std::string props;
  std::string body_props;
  Put32(props, 6);
  MapiString(props, 0x0C1A, f.sender_name);
  MapiString(props, 0x0C1F, f.sender_address);
  MapiString(props, 0x0037, f.subject);
  MapiString(props, 0x0E04, f.to);
  if (f.rtf_only) {
    MapiBinary(props, 0x1009, CompressedRtf(ToRtf(f.body)));  // PR_RTF_COMPRESSED
  } else {
    MapiString(props, 0x1000, f.body);
  }
  Put32(props, (0x0039u << 16) | 0x0040);  // PR_CLIENT_SUBMIT_TIME, PT_SYSTIME
  Put64(props, Filetime(f));
  Attribute(out, 1, (0x0006u << 16) | 0x9003, props);  // attMAPIProps
  return out;
}

std::string WriteMsg(const OfficeFields& f) {
  GsfOutput* memory = gsf_output_memory_new();
  GsfOutfile* ole = gsf_outfile_msole_new(memory);
  auto stream = [&](const char* name, const std::string& bytes) {
    GsfOutput* child = gsf_outfile_new_child(ole, name, FALSE);
    gsf_output_write(child, bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
    gsf_output_close(child);
    g_object_unref(child);
  };
  stream("__substg1.0_001A001F", Utf16Le("IPM.Note"));
  stream("__substg1.0_0C1A001F", Utf16Le(f.sender_name));
  stream("__substg1.0_0C1F001F", Utf16Le(f.sender_address));
  stream("__substg1.0_0037001F", Utf16Le(f.subject));
  stream("__substg1.0_0E04001F", Utf16Le(f.to));
  if (f.rtf_only) {
    stream("__substg1.0_10090102", CompressedRtf(ToRtf(f.body)));
  } else {
    stream("__substg1.0_1000001F", Utf16Le(f.body));
  }
  std::string props(32, '\0');  // [MS-OXMSG] §2.4.1.1: the top-level message's header
  Put32(props, (0x0039u << 16) | 0x0040);
  Put32(props, 0x6);  // readable, writable
  Put64(props, Filetime(f));
  stream("__properties_version1.0", props);
  gsf_output_close(GSF_OUTPUT(ole));
  g_object_unref(ole);
  const guint8* bytes = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(memory));
  std::string out(reinterpret_cast<const char*>(bytes),
                  static_cast<std::size_t>(gsf_output_size(memory)));
  g_object_unref(memory);
  return out;
}

}  // namespace dmca::parsers::notice::testing
