#pragma once

#include <cstddef>

namespace dmca::parsers::mime {

// Output bytes DecodeBase64Blocks may write past what it reports: it stores 32 bytes per
// 24-byte block.
inline constexpr std::size_t kBase64BlockSlack = 8;

// Decodes the leading run of whole 32-character blocks of the standard base64 alphabet
// (RFC 4648 §4) from `in` (`size` bytes) into `out`, stopping at the first block that holds
// anything else: a line break, padding, base64url or junk, which the caller's scalar loop then
// reads. Returns the characters consumed, a multiple of 32; `out` receives 3/4 as many bytes and
// must have kBase64BlockSlack more room. Uses AVX2 when the CPU has it and returns 0 otherwise.
std::size_t DecodeBase64Blocks(const unsigned char* in, std::size_t size, char* out);

}  // namespace dmca::parsers::mime
