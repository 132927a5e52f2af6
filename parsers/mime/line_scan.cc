#include "parsers/mime/line_scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dmca::parsers::mime {

std::size_t FindLineStartingWith(std::string_view text, char first, char second) {
  const char* s = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i a = _mm_set1_epi8(first);
  const __m128i b = _mm_set1_epi8(second);
  for (; i + 17 <= n; i += 16) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 1));
    const __m128i hits =
        _mm_and_si128(_mm_cmpeq_epi8(here, newline),
                      _mm_or_si128(_mm_cmpeq_epi8(next, a), _mm_cmpeq_epi8(next, b)));
    if (const int mask = _mm_movemask_epi8(hits)) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
  }
#endif
  for (; i + 1 < n; ++i) {
    if (s[i] == '\n' && (s[i + 1] == first || s[i + 1] == second)) return i;
  }
  return std::string_view::npos;
}

}  // namespace dmca::parsers::mime
