#include "parsers/mime/decoders.h"

#include <array>
#include <cstdint>

#include "parsers/mime/base64_blocks.h"

namespace dmca::parsers::mime {
namespace {

constexpr std::array<signed char, 256> MakeBase64Table() {
  std::array<signed char, 256> table{};
  for (auto& v : table) v = -1;
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
  // base64url (RFC 4648 §5) shows up in broken mailers; accept it.
  table['-'] = 62;
  table['_'] = 63;
  return table;
}
constexpr auto kBase64 = MakeBase64Table();

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void Report(Findings* findings, const char* code, std::string_view where, std::string what) {
  if (findings) {
    findings->push_back({code, Finding::Severity::kWarning, std::string(where), std::move(what)});
  }
}

}  // namespace

std::string DecodeBase64(std::string_view in, Findings* findings, std::string_view where) {
  std::string out(in.size() / 4 * 3 + 3 + kBase64BlockSlack, '\0');
  char* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t junk = 0;
  bool padded = false;
  std::size_t i = 0;
  while (i < n) {
    if (bits == 0 && !padded) {
      // Fast paths on a byte boundary: the whole 32-character blocks that make up most of a
      // line, then four characters at a time up to the line break.
      if (i + 32 <= n) {
        const std::size_t blocks = DecodeBase64Blocks(p + i, n - i, o);
        i += blocks;
        o += blocks / 4 * 3;
      }
      while (i + 4 <= n) {
        const int a = kBase64[p[i]], b = kBase64[p[i + 1]], c = kBase64[p[i + 2]],
                  d = kBase64[p[i + 3]];
        if ((a | b | c | d) < 0) break;
        const std::uint32_t v = static_cast<std::uint32_t>(a) << 18 |
                                static_cast<std::uint32_t>(b) << 12 |
                                static_cast<std::uint32_t>(c) << 6 | static_cast<std::uint32_t>(d);
        *o++ = static_cast<char>(v >> 16);
        *o++ = static_cast<char>(v >> 8);
        *o++ = static_cast<char>(v);
        i += 4;
      }
      if (i >= n) break;
    }
    const unsigned char ch = p[i++];
    const signed char v = kBase64[ch];
    if (v < 0) {
      if (ch == '=') {
        padded = true;
      } else if (ch != '\r' && ch != '\n' && ch != ' ' && ch != '\t') {
        ++junk;
      }
      continue;
    }
    if (padded) {
      // Data after padding: a second encoded block glued on; decode it too.
      padded = false;
      bits = 0;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *o++ = static_cast<char>((buffer >> bits) & 0xFF);
    }
    if (bits == 0) buffer = 0;
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  if (junk > 0) {
    Report(findings, "mime.base64_invalid", where,
           std::to_string(junk) + " byte(s) outside the base64 alphabet skipped");
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view in, Findings* findings, std::string_view where,
                                  bool header) {
  std::string out;
  out.reserve(in.size());
  std::size_t invalid = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    // Copy the run up to the next "=" (or "_" in a header) in one go.
    const std::size_t next = header ? in.find_first_of("=_", i) : in.find('=', i);
    if (next != i) {
      const std::size_t stop = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(i, stop - i));
      i = stop;
      if (i >= in.size()) break;
    }
    const char c = in[i];
    if (header && c == '_') {
      out += ' ';
    } else if (c != '=') {
      out += c;
    } else if (i + 2 < in.size() && Hex(in[i + 1]) >= 0 &&
               Hex(in[i + 2]) >= 0) {
      out += static_cast<char>(Hex(in[i + 1]) * 16 + Hex(in[i + 2]));
      i += 2;
    } else {
      // A soft line break: "=" then optional white space then the line end.
      std::size_t j = i + 1;
      while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
      if (j < in.size() && in[j] == '\r') ++j;
      if (j < in.size() && in[j] == '\n') {
        i = j;
      } else if (j >= in.size()) {
        i = j;  // "=" at the very end
      } else {
        ++invalid;
        out += c;
      }
    }
  }
  if (invalid > 0) {
    Report(findings, "mime.qp_invalid", where,
           std::to_string(invalid) + " invalid quoted-printable sequence(s) kept as written");
  }
  return out;
}

std::string DecodeUuencode(std::string_view in, Findings* findings, std::string_view where) {
  std::string out;
  std::size_t pos = 0;
  bool in_block = in.find("begin ") == std::string_view::npos;
  std::size_t bad = 0;
  while (pos < in.size()) {
    std::size_t end = in.find('\n', pos);
    if (end == std::string_view::npos) end = in.size();
    std::string_view line = in.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!in_block) {
      if (line.substr(0, 6) == "begin ") in_block = true;
      continue;
    }
    if (line == "end" || line.substr(0, 6) == "begin ") {
      if (line == "end") break;
      continue;
    }
    if (line.empty() || line == "`") continue;
    const int length = (line[0] - 32) & 0x3F;
    std::size_t produced = 0;
    for (std::size_t i = 1; i < line.size() && produced < static_cast<std::size_t>(length);
         i += 4) {
      unsigned char q[4];
      for (int k = 0; k < 4; ++k) {
        const std::size_t at = i + static_cast<std::size_t>(k);
        q[k] = at < line.size() ? static_cast<unsigned char>((line[at] - 32) & 0x3F) : 0;
      }
      const unsigned char bytes[3] = {static_cast<unsigned char>((q[0] << 2) | (q[1] >> 4)),
                                      static_cast<unsigned char>((q[1] << 4) | (q[2] >> 2)),
                                      static_cast<unsigned char>((q[2] << 6) | q[3])};
      for (int k = 0; k < 3 && produced < static_cast<std::size_t>(length); ++k, ++produced) {
        out += static_cast<char>(bytes[k]);
      }
    }
    if (produced < static_cast<std::size_t>(length)) ++bad;
  }
  if (bad > 0) Report(findings, "mime.uuencode_invalid", where, "short uuencoded line(s)");
  return out;
}

}  // namespace dmca::parsers::mime
