#pragma once

// Deterministic mutations of a seed (flipped bytes, cut and doubled ranges, spliced structure,
// truncation, line-end changes), shared by the fuzz targets' replay tests so that every build
// explores a little past the seeds, not only the seeds.
#include <algorithm>
#include <iterator>
#include <random>
#include <string>

namespace dmca::fuzz {

// Pieces that steer a mutation into the parser's harder paths.
inline const char* const kSplices[] = {
    "\r\n--",
    "\n--b\n",
    "\n--b--\n",
    "\nContent-Type: multipart/mixed; boundary=b\n\n--b\n",
    "\nContent-Type: message/rfc822\n\n",
    "\nContent-Transfer-Encoding: base64\n\n",
    "\nContent-Transfer-Encoding: quoted-printable\n\n=C3=\n",
    "=?utf-8?b?w6k=?==?iso-2022-jp?b?GyRC?=",
    "; name*0*=utf-8''%C3; name*1*=%A9",
    "\nbegin 644 x\nM\nend\n",
    "\nFrom someone Mon Nov 30 2026\n",
    "\n>From x\n",
    "\n---------- Forwarded message ---------\nFrom: a <a@example.org>\n\n",
    "<html><body><a href=\"https://commons.wikimedia.org/wiki/File:X.jpg\">x</a>",
    "\n\n",
    "\xff\xfe\x00",
};

inline std::string Mutate(std::string bytes, std::mt19937& random) {
  const int edits = 1 + static_cast<int>(random() % 4);
  for (int e = 0; e < edits; ++e) {
    const std::size_t size = bytes.size();
    const std::size_t at = size ? random() % size : 0;
    const std::size_t span = size ? 1 + random() % std::min<std::size_t>(size - at, 256) : 0;
    switch (random() % 6) {
      case 0:  // flip bytes
        for (std::size_t i = at; i < at + span && i < size; i += 1 + random() % 8) {
          bytes[i] = static_cast<char>(random());
        }
        break;
      case 1:  // cut a range
        bytes.erase(at, span);
        break;
      case 2:  // double a range
        bytes.insert(at, bytes.substr(at, span));
        break;
      case 3:  // splice in a piece of structure
        bytes.insert(at, kSplices[random() % std::size(kSplices)]);
        break;
      case 4:  // truncate
        bytes.resize(at);
        break;
      default:  // line ends: LF to CRLF, or a lone CR
        for (std::size_t i = at; i < at + span && i < bytes.size(); ++i) {
          if (bytes[i] == '\n') bytes.insert(i++, random() % 2 ? "\r" : "\r\r");
        }
        break;
    }
  }
  return bytes;
}

}  // namespace dmca::fuzz
