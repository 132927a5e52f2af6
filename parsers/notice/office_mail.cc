#include "parsers/notice/office_mail.h"

#include <gsf/gsf.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "parsers/notice/rtf_text.h"
#include "parsers/text/charset.h"

// libytnef's headers are C without linkage guards, and #define WORD, DWORD and BYTE: kept to
// this file.
extern "C" {
#include <ytnef.h>
}

namespace dmca::parsers::notice {
namespace {

// Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted).
void CivilFromDays(std::int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

std::int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// RFC 5322 §3.3 date-time in UTC.
std::string Rfc5322(std::int64_t unix_seconds) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t days = unix_seconds / 86400;
  std::int64_t rest = unix_seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char out[64];
  std::snprintf(out, sizeof out, "%s, %u %s %d %02d:%02d:%02d +0000", kDays[((days % 7) + 7) % 7],
                d, kMonths[m - 1], y, static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return out;
}

// FILETIME: 100 ns periods since 1601-01-01 ([MS-DTYP] §2.3.3).
std::string FromFiletime(std::uint64_t filetime) {
  return Rfc5322(static_cast<std::int64_t>(filetime / 10000000ULL) - 11644473600LL);
}

std::string Envelope(const std::string& name, const std::string& address) {
  if (address.empty()) return name;
  if (name.empty() || name == address) return address;
  return name + " <" + address + ">";
}

std::string TrimNul(std::string s) {
  while (!s.empty() && (s.back() == '\0' || s.back() == '\r' || s.back() == '\n')) s.pop_back();
  return s;
}

// A MAPI string property in either width, as UTF-8; "" when absent.
std::string MapiString(MAPIProps* props, unsigned id, Findings* findings, std::string_view where) {
  if (variableLength* v = MAPIFindProperty(props, PROP_TAG(PT_UNICODE, id));
      v != MAPI_UNDEFINED && v->size > 0) {
    return TrimNul(text::ToUtf8(
        std::string_view(reinterpret_cast<const char*>(v->data), static_cast<std::size_t>(v->size)),
        "utf-16le", findings, where));
  }
  if (variableLength* v = MAPIFindProperty(props, PROP_TAG(PT_STRING8, id));
      v != MAPI_UNDEFINED && v->size > 0) {
    return TrimNul(text::ToUtf8(
        std::string_view(reinterpret_cast<const char*>(v->data), static_cast<std::size_t>(v->size)),
        "windows-1252", findings, where));
  }
  return {};
}

struct GObjectDeleter {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectDeleter>;

std::string ReadStream(GsfInfile* ole, const char* name) {
  GPtr<GsfInput> child(gsf_infile_child_by_name(ole, name));
  if (!child) return {};
  const gsf_off_t size = gsf_input_size(child.get());
  if (size <= 0 || size > (64 << 20)) return {};
  std::string out(static_cast<std::size_t>(size), '\0');
  if (!gsf_input_read(child.get(), static_cast<std::size_t>(size),
                      reinterpret_cast<guint8*>(out.data()))) {
    return {};
  }
  return out;
}

// A string property of a .msg: "__substg1.0_IIII001F" (UTF-16LE) or "…001E" (8-bit).
std::string MsgString(GsfInfile* ole, unsigned id, Findings* findings, std::string_view where) {
  char name[40];
  std::snprintf(name, sizeof name, "__substg1.0_%04X001F", id);
  if (std::string wide = ReadStream(ole, name); !wide.empty()) {
    return TrimNul(text::ToUtf8(wide, "utf-16le", findings, where));
  }
  std::snprintf(name, sizeof name, "__substg1.0_%04X001E", id);
  if (std::string narrow = ReadStream(ole, name); !narrow.empty()) {
    return TrimNul(text::ToUtf8(narrow, "windows-1252", findings, where));
  }
  return {};
}

std::uint32_t Le32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}

void Append32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// attMAPIProps with PR_SUBJECT's value emptied; its bytes go to `subject` (and whether they
// are UTF-16 to `wide`). nullopt when the property list cannot be walked ([MS-OXTNEF] §2.1.3.4).
std::optional<std::string> WithoutMapiSubject(std::string_view props, std::string* subject,
                                              bool* wide) {
  if (props.size() < 4) return std::nullopt;
  std::string out(props.substr(0, 4));
  std::size_t pos = 4;
  const std::uint32_t count = Le32(props, 0);
  auto need = [&](std::size_t n) { return pos + n <= props.size(); };
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!need(4)) return std::nullopt;
    const std::size_t start = pos;
    const std::uint32_t tag = Le32(props, pos);
    pos += 4;
    const unsigned type = tag & 0xFFFF, id = tag >> 16;
    if (id >= 0x8000) {  // a named property: GUID, kind, then a number or a name
      if (!need(20)) return std::nullopt;
      const std::uint32_t kind = Le32(props, pos + 16);
      pos += 20;
      if (kind == 0) {
        pos += 4;
      } else {
        if (!need(4)) return std::nullopt;
        pos += 4 + ((Le32(props, pos) + 3) & ~3u);
      }
    }
    const unsigned base = type & 0x0FFF;
    const bool variable = base == 0x1E || base == 0x1F || base == 0x102 || base == 0x0D;
    std::size_t fixed = 4;
    if (base == 0x05 || base == 0x06 || base == 0x07 || base == 0x14 || base == 0x40) fixed = 8;
    if (base == 0x48) fixed = 16;
    if (variable || (type & 0x1000)) {
      if (!need(4)) return std::nullopt;
      const std::uint32_t values = Le32(props, pos);
      pos += 4;
      if (values > 100000) return std::nullopt;
      for (std::uint32_t v = 0; v < values; ++v) {
        if (!variable) {
          pos += fixed;
          continue;
        }
        if (!need(4)) return std::nullopt;
        const std::uint32_t length = Le32(props, pos);
        if (!need(4 + static_cast<std::size_t>(length))) return std::nullopt;
        if (id == 0x0037 && (base == 0x1E || base == 0x1F) && v == 0) {
          *subject = std::string(props.substr(pos + 4, length));
          *wide = base == 0x1F;
        }
        pos += 4 + ((length + 3) & ~3u);
      }
    } else {
      pos += fixed;
    }
    if (pos > props.size()) return std::nullopt;
    if (id == 0x0037 && (base == 0x1E || base == 0x1F)) {
      Append32(out, tag);
      Append32(out, 1);
      Append32(out, base == 0x1F ? 2 : 1);
      Append32(out, 0);  // an empty string, padded
    } else {
      out.append(props.substr(start, pos - start));
    }
  }
  out.append(props.substr(std::min(pos, props.size())));
  return out;
}

// libytnef (Debian 12) refuses a subject over 100 bytes, in attSubject and in PR_SUBJECT, as
// "suspected corruption" and then reads nothing, though Outlook writes long subjects there. So
// the stream is read again with both emptied, and the subject taken from PR_SUBJECT here.
std::string WithoutLongSubject(std::string_view bytes, std::string* subject, bool* wide) {
  if (bytes.size() < 6) return std::string(bytes);
  std::string out(bytes.substr(0, 6));  // signature and key
  std::size_t pos = 6;
  while (pos + 9 <= bytes.size()) {
    const std::uint32_t id = Le32(bytes, pos + 1);
    const std::uint32_t length = Le32(bytes, pos + 5);
    const std::size_t total = 9 + static_cast<std::size_t>(length) + 2;
    if (total > bytes.size() - pos) break;
    const std::string_view data = bytes.substr(pos + 9, length);
    if ((id & 0xFFFF) == 0x8004 && length > 100) {
      if (subject->empty()) *subject = std::string(data);
    } else if ((id & 0xFFFF) == 0x9003 && bytes[pos] == 1) {
      std::string mapi_subject;
      bool mapi_wide = false;
      if (auto props = WithoutMapiSubject(data, &mapi_subject, &mapi_wide)) {
        if (!mapi_subject.empty()) {
          *subject = mapi_subject;
          *wide = mapi_wide;
        }
        out += bytes[pos];
        Append32(out, id);
        Append32(out, static_cast<std::uint32_t>(props->size()));
        out += *props;
        unsigned sum = 0;
        for (unsigned char c : *props) sum += c;
        out += static_cast<char>(sum & 0xFF);
        out += static_cast<char>((sum >> 8) & 0xFF);
      } else {
        out.append(bytes.substr(pos, total));
      }
    } else {
      out.append(bytes.substr(pos, total));
    }
    pos += total;
  }
  out.append(bytes.substr(pos));
  return out;
}

// Outlook often keeps a message's only body in PR_RTF_COMPRESSED ([MS-OXRTFCP]); libytnef
// decompresses it, RtfToText reads it.
std::string CompressedRtfText(const std::string_view compressed) {
  if (compressed.size() < 16 || compressed.size() > (64u << 20)) return {};
  std::string copy(compressed);
  variableLength value{reinterpret_cast<BYTE*>(copy.data()), static_cast<int>(copy.size())};
  int size = 0;
  BYTE* rtf = DecompressRTF(&value, &size);
  if (!rtf) return {};
  std::string text = size > 0 ? RtfToText(std::string_view(reinterpret_cast<const char*>(rtf),
                                                           static_cast<std::size_t>(size)))
                              : std::string();
  std::free(rtf);  // allocated by libytnef with calloc
  return text;
}

}  // namespace

std::optional<OfficeMail> ReadTnef(std::string_view bytes, Findings* findings,
                                   std::string_view where) {
  TNEFStruct tnef;
  TNEFInitialize(&tnef);
  tnef.Debug = 0;
  // libytnef reads but never writes the buffer; its signature takes a non-const pointer.
  std::string copy(bytes);
  int rc =
      TNEFParseMemory(reinterpret_cast<BYTE*>(copy.data()), static_cast<long>(copy.size()), &tnef);
  std::string long_subject;
  bool long_subject_wide = false;
  if (rc != 0) {
    TNEFFree(&tnef);
    TNEFInitialize(&tnef);
    tnef.Debug = 0;
    copy = WithoutLongSubject(bytes, &long_subject, &long_subject_wide);
    rc = TNEFParseMemory(reinterpret_cast<BYTE*>(copy.data()), static_cast<long>(copy.size()),
                         &tnef);
  }
  if (rc != 0) {
    TNEFFree(&tnef);
    if (findings) {
      findings->push_back({"notice.tnef_unreadable", Finding::Severity::kCritical,
                           std::string(where),
                           "a winmail.dat (TNEF) attachment could not be read; a person must open "
                           "it in Outlook"});
    }
    return std::nullopt;
  }
  OfficeMail mail;
  MAPIProps* props = &tnef.MapiProperties;
  const std::string address = MapiString(props, PR_SENDER_EMAIL_ADDRESS, findings, where);
  const std::string name = MapiString(props, PR_SENDER_NAME, findings, where);
  if (!address.empty() || !name.empty()) mail.from = Envelope(name, address);
  if (std::string to = MapiString(props, PR_DISPLAY_TO, findings, where); !to.empty()) mail.to = to;
  std::string subject = MapiString(props, PR_SUBJECT, findings, where);
  if (subject.empty() && !long_subject.empty()) {
    subject = TrimNul(text::ToUtf8(long_subject, long_subject_wide ? "utf-16le" : "windows-1252",
                                   findings, where));
  }
  if (subject.empty() && tnef.subject.size > 0) {
    subject =
        TrimNul(text::ToUtf8(std::string_view(reinterpret_cast<const char*>(tnef.subject.data),
                                              static_cast<std::size_t>(tnef.subject.size)),
                             "windows-1252", findings, where));
  }
  if (!subject.empty()) mail.subject = subject;
  if (variableLength* t = MAPIFindProperty(props, PROP_TAG(PT_SYSTIME, PR_CLIENT_SUBMIT_TIME));
      t != MAPI_UNDEFINED && t->size >= 8) {
    std::uint64_t filetime = 0;
    std::memcpy(&filetime, t->data, 8);  // little-endian, as TNEF is
    mail.date = FromFiletime(filetime);
  } else if (tnef.dateSent.wYear > 0) {
    const dtr& d = tnef.dateSent;
    mail.date = Rfc5322(DaysFromCivil(d.wYear, d.wMonth, d.wDay) * 86400 + d.wHour * 3600 +
                        d.wMinute * 60 + d.wSecond);
  }
  mail.body = MapiString(props, PR_BODY, findings, where);
  if (mail.body.empty() && tnef.body.size > 0) {
    mail.body = TrimNul(text::ToUtf8(std::string_view(reinterpret_cast<const char*>(tnef.body.data),
                                                      static_cast<std::size_t>(tnef.body.size)),
                                     "windows-1252", findings, where));
  }
  if (mail.body.empty()) {
    if (variableLength* rtf = MAPIFindProperty(props, PROP_TAG(PT_BINARY, 0x1009));
        rtf != MAPI_UNDEFINED && rtf->size > 0) {
      mail.body = CompressedRtfText(std::string_view(reinterpret_cast<const char*>(rtf->data),
                                                     static_cast<std::size_t>(rtf->size)));
    }
  }
  for (Attachment* a = tnef.starting_attach.next; a != nullptr; a = a->next) {
    if (a->FileData.size <= 0) continue;
    std::string filename;
    if (a->Title.size > 0) {
      filename = TrimNul(std::string(reinterpret_cast<const char*>(a->Title.data),
                                     static_cast<std::size_t>(a->Title.size)));
    }
    mail.files.emplace_back(filename, std::string(reinterpret_cast<const char*>(a->FileData.data),
                                                  static_cast<std::size_t>(a->FileData.size)));
  }
  TNEFFree(&tnef);
  return mail;
}

std::optional<OfficeMail> ReadOutlookMsg(std::string_view bytes, Findings* findings,
                                         std::string_view where) {
  GPtr<GsfInput> input(gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                                            static_cast<gsf_off_t>(bytes.size()), FALSE));
  GError* error = nullptr;
  GPtr<GsfInfile> ole(input ? gsf_infile_msole_new(input.get(), &error) : nullptr);
  if (error) g_error_free(error);
  if (!ole) {
    if (findings) {
      findings->push_back({"notice.msg_unreadable", Finding::Severity::kCritical,
                           std::string(where),
                           "an Outlook .msg attachment could not be read: open it in Outlook and "
                           "forward it as an attachment"});
    }
    return std::nullopt;
  }
  OfficeMail mail;
  // PR_SENDER_SMTP_ADDRESS (0x5D01) is the address Exchange senders' PR_SENDER_EMAIL_ADDRESS
  // hides behind an X.500 DN ("/O=EXCHANGELABS/…").
  std::string address = MsgString(ole.get(), 0x5D01, findings, where);
  if (address.empty()) address = MsgString(ole.get(), PR_SENDER_EMAIL_ADDRESS, findings, where);
  if (address.find('@') == std::string::npos) address.clear();
  const std::string name = MsgString(ole.get(), PR_SENDER_NAME, findings, where);
  if (!address.empty() || !name.empty()) mail.from = Envelope(name, address);
  if (std::string to = MsgString(ole.get(), PR_DISPLAY_TO, findings, where); !to.empty()) {
    mail.to = to;
  }
  if (std::string subject = MsgString(ole.get(), PR_SUBJECT, findings, where); !subject.empty()) {
    mail.subject = subject;
  }
  mail.body = MsgString(ole.get(), PR_BODY, findings, where);
  if (mail.body.empty())
    mail.body = CompressedRtfText(ReadStream(ole.get(), "__substg1.0_10090102"));
  // The fixed-size properties: a 32-byte header, then 16-byte entries (tag, flags, value).
  const std::string props = ReadStream(ole.get(), "__properties_version1.0");
  for (std::size_t at = 32; at + 16 <= props.size(); at += 16) {
    std::uint32_t tag = 0;
    std::memcpy(&tag, props.data() + at, 4);
    if (tag == PROP_TAG(PT_SYSTIME, PR_CLIENT_SUBMIT_TIME)) {
      std::uint64_t filetime = 0;
      std::memcpy(&filetime, props.data() + at + 8, 8);
      mail.date = FromFiletime(filetime);
    }
  }
  if (!mail.from && !mail.subject && mail.body.empty()) {
    if (findings) {
      findings->push_back({"notice.msg_unreadable", Finding::Severity::kCritical,
                           std::string(where),
                           "an Outlook .msg attachment holds no message properties: open it in "
                           "Outlook and forward it as an attachment"});
    }
    return std::nullopt;
  }
  return mail;
}

}  // namespace dmca::parsers::notice
