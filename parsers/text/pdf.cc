#include "parsers/text/pdf.h"

#include <poll.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "parsers/text/charset.h"

// AddressSanitizer (GCC defines __SANITIZE_ADDRESS__, clang has __has_feature).
#if defined(__SANITIZE_ADDRESS__)
#define DMCA_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DMCA_UNDER_ASAN 1
#endif
#endif
#ifndef DMCA_UNDER_ASAN
#define DMCA_UNDER_ASAN 0
#endif

namespace dmca::parsers::text {

namespace {

// poppler prints its complaints about broken PDFs on stderr; the outcome is reported as a
// finding instead.
void Quiet(const std::string&, void*) {}

// What poppler made of the PDF: every page's text up to the page limit, in UTF-8 as poppler
// gives it (normalized by the caller, outside the child).
struct Extraction {
  bool readable = false;
  bool out_of_memory = false;
  int total_pages = 0;
  std::vector<std::string> pages;
};

Extraction Extract(std::string_view pdf_bytes, int max_pages) {
  static const bool quiet = (poppler::set_debug_error_function(Quiet, nullptr), true);
  (void)quiet;
  Extraction out;
  try {
    std::vector<char> data(pdf_bytes.begin(), pdf_bytes.end());
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(data.data(), static_cast<int>(data.size())));
    if (!doc || doc->is_locked()) return out;
    out.readable = true;
    out.total_pages = doc->pages();
    for (int i = 0; i < out.total_pages && i < max_pages; ++i) {
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (!page) {
        out.pages.emplace_back();
        continue;
      }
      const poppler::byte_array utf8 = page->text().to_utf8();
      out.pages.emplace_back(utf8.begin(), utf8.end());
    }
  } catch (const std::bad_alloc&) {
    out.out_of_memory = true;
  } catch (...) {
    out.readable = false;
  }
  return out;
}

// The child's report on the pipe: readable (1 byte), total pages (4), then each page as a length
// (4) and its bytes, written as soon as it is read, so a child killed at its limit leaves the
// pages it finished.
bool WriteAll(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

constexpr int kExitOutOfMemory = 3;

[[noreturn]] void RunChild(int fd, std::string_view pdf_bytes, const PdfLimits& limits) {
  const rlimit cpu{static_cast<rlim_t>(limits.max_seconds),
                   static_cast<rlim_t>(limits.max_seconds)};
  setrlimit(RLIMIT_CPU, &cpu);
  const rlimit core{0, 0};
  setrlimit(RLIMIT_CORE, &core);
#if !DMCA_UNDER_ASAN
  // AddressSanitizer reserves terabytes of address space for its shadow: under it the memory
  // limit cannot apply (the time limit still does).
  const rlim_t bytes = static_cast<rlim_t>(limits.max_memory_mb) << 20;
  const rlimit as{bytes, bytes};
  setrlimit(RLIMIT_AS, &as);
#endif
  const Extraction e = Extract(pdf_bytes, limits.max_pages);
  const char readable = e.readable ? 1 : 0;
  const auto total = static_cast<std::uint32_t>(e.total_pages);
  bool ok = WriteAll(fd, &readable, 1) && WriteAll(fd, &total, 4);
  for (const auto& page : e.pages) {
    const auto size = static_cast<std::uint32_t>(page.size());
    ok = ok && WriteAll(fd, &size, 4) && WriteAll(fd, page.data(), page.size());
  }
  // _exit: the parent's atexit handlers and static objects are not the child's to run.
  _exit(e.out_of_memory ? kExitOutOfMemory : ok ? 0 : 1);
}

enum class Ending { kDone, kTimedOut, kDied };

// Runs Extract in a child under the limits; what it reported before it ended, and how it ended.
Ending ExtractIsolated(std::string_view pdf_bytes, const PdfLimits& limits, Extraction* out) {
  int fds[2];
  if (::pipe(fds) != 0) return Ending::kDied;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Ending::kDied;
  }
  if (pid == 0) {
    ::close(fds[0]);
    RunChild(fds[1], pdf_bytes, limits);
  }
  ::close(fds[1]);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.max_seconds);
  std::string report;
  bool timed_out = false;
  char buffer[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      timed_out = ready == 0;
      break;
    }
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    report.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // The pages that arrived whole.
  if (report.size() >= 5) {
    out->readable = report[0] == 1;
    std::uint32_t total = 0;
    std::memcpy(&total, report.data() + 1, 4);
    out->total_pages = static_cast<int>(total);
    std::size_t at = 5;
    while (at + 4 <= report.size()) {
      std::uint32_t size = 0;
      std::memcpy(&size, report.data() + at, 4);
      if (at + 4 + size > report.size()) break;
      out->pages.emplace_back(report, at + 4, size);
      at += 4 + size;
    }
  }
  if (timed_out || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)) return Ending::kTimedOut;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return Ending::kDied;
  return Ending::kDone;
}

}  // namespace

PdfText PdfToText(std::string_view pdf_bytes, Findings* findings, std::string_view where,
                  const PdfLimits& limits) {
  PdfText result;
  const auto report = [&](const char* code, const std::string& what) {
    if (findings)
      findings->push_back({code, Finding::Severity::kCritical, std::string(where), what});
  };
  Extraction e;
  Ending ending = Ending::kDone;
  if (limits.isolate) {
    ending = ExtractIsolated(pdf_bytes, limits, &e);
  } else {
    e = Extract(pdf_bytes, limits.max_pages);
    if (e.out_of_memory) ending = Ending::kDied;
  }
  if (ending == Ending::kTimedOut) {
    report("limit.pdf_time", "reading the PDF took longer than " +
                                 std::to_string(limits.max_seconds) + " s and was stopped after " +
                                 std::to_string(e.pages.size()) + " pages; read it by hand");
  } else if (ending == Ending::kDied) {
    report("limit.pdf_memory", "reading the PDF needed more than " +
                                   std::to_string(limits.max_memory_mb) +
                                   " MB or crashed poppler after " +
                                   std::to_string(e.pages.size()) + " pages; read it by hand");
  } else if (!e.readable) {
    report("pdf.unreadable", "the PDF could not be opened (damaged or encrypted); read it by hand");
    return result;
  }
  if (ending == Ending::kDone && e.total_pages > limits.max_pages) {
    report("limit.pdf_pages", "the PDF has " + std::to_string(e.total_pages) +
                                  " pages; the first " + std::to_string(limits.max_pages) +
                                  " were read, read the rest by hand");
  }
  result.pages = e.total_pages;
  for (std::size_t i = 0; i < e.pages.size(); ++i) {
    if (i > 0) result.text += '\f';
    result.text += e.pages[i];
  }
  result.has_text_layer = result.text.find_first_not_of(" \t\r\n\f") != std::string::npos;
  if (!result.has_text_layer) {
    if (ending == Ending::kDone) {
      report("pdf.no_text_layer", "the PDF has no text layer (scanned, needs review)");
    }
    result.text.clear();
  } else {
    result.text = NormalizeNfc(result.text);
  }
  return result;
}

}  // namespace dmca::parsers::text
