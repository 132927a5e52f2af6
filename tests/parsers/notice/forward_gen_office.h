#pragma once
// Outlook's own containers for the forward generator: a TNEF winmail.dat ([MS-OXTNEF]) and a
// .msg compound file ([MS-OXMSG], written with libgsf's MS-OLE writer).

#include <cstdint>
#include <string>

namespace dmca::parsers::notice::testing {

struct OfficeFields {
  std::string sender_name, sender_address, to, subject, body;  // UTF-8
  int year, month, day, hour, minute, second;                  // UTC
  bool rtf_only = false;  // the body only as PR_RTF_COMPRESSED, as Outlook often sends it
};

std::string WriteTnef(const OfficeFields& f);
std::string WriteMsg(const OfficeFields& f);

}  // namespace dmca::parsers::notice::testing
