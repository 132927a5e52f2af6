#include "parsers/mime/base64_blocks.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace dmca::parsers::mime {

#if defined(__x86_64__) && defined(__GNUC__)
namespace {

// Classify-and-translate by nibbles (Muła and Lemire, "Faster Base64 Encoding and Decoding
// using AVX2 Instructions", 2018). A character is in the alphabet when the class bits its low
// nibble rules out do not meet the class bit of its high nibble:
//   high nibble 2: "+" (lo B) and "/" (lo F)   bit 0x01
//   high nibble 3: "0".."9" (lo 0-9)            bit 0x02
//   high nibble 4, 6: "A".."O", "a".."o" (lo 1-F) bit 0x04
//   high nibble 5, 7: "P".."Z", "p".."z" (lo 0-A) bit 0x08
//   any other high nibble: never                 bit 0x10, set for every low nibble
__attribute__((target("avx2"))) std::size_t DecodeAvx2(const unsigned char* in, std::size_t size,
                                                       char* out) {
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  const __m256i ruled_out_by_low =
      _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B,
                       0x1B, 0x1B, 0x1A, 0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                       0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
  const __m256i class_of_high =
      _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10,
                       0x10, 0x10, 0x10, 0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10,
                       0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
  // What to add to a character to get its 6-bit value, by high nibble; "/" shares "+"'s high
  // nibble and is moved to index 1.
  const __m256i offset_by_high =
      _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 19, 4, -65,
                       -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i slash = _mm256_set1_epi8('/');
  // Pack four 6-bit values per 32-bit lane into three big-endian bytes, then the six used lanes'
  // bytes into the low 24 bytes.
  const __m256i pairs = _mm256_set1_epi32(0x01400140);
  const __m256i quads = _mm256_set1_epi32(0x00011000);
  const __m256i bytes_in_order =
      _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1, 0, 6, 5, 4, 10,
                       9, 8, 14, 13, 12, -1, -1, -1, -1);
  const __m256i lanes_in_order = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7);

  std::size_t done = 0;
  while (done + 32 <= size) {
    const __m256i chars = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + done));
    const __m256i high = _mm256_and_si256(_mm256_srli_epi32(chars, 4), nibble);
    const __m256i low = _mm256_and_si256(chars, nibble);
    const __m256i ruled_out = _mm256_shuffle_epi8(ruled_out_by_low, low);
    const __m256i klass = _mm256_shuffle_epi8(class_of_high, high);
    if (!_mm256_testz_si256(ruled_out, klass)) break;
    const __m256i index = _mm256_add_epi8(high, _mm256_cmpeq_epi8(chars, slash));
    const __m256i values = _mm256_add_epi8(chars, _mm256_shuffle_epi8(offset_by_high, index));
    const __m256i packed = _mm256_madd_epi16(_mm256_maddubs_epi16(values, pairs), quads);
    const __m256i ordered =
        _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(packed, bytes_in_order), lanes_in_order);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + done / 4 * 3), ordered);
    done += 32;
  }
  return done;
}

}  // namespace

std::size_t DecodeBase64Blocks(const unsigned char* in, std::size_t size, char* out) {
  static const bool has_avx2 = (__builtin_cpu_init(), __builtin_cpu_supports("avx2"));
  return has_avx2 ? DecodeAvx2(in, size, out) : 0;
}

#else

std::size_t DecodeBase64Blocks(const unsigned char*, std::size_t, char*) { return 0; }

#endif

}  // namespace dmca::parsers::mime
