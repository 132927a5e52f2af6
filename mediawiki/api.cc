#include "mediawiki/api.h"

namespace dmca::mediawiki {
namespace {

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (Unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The parameters every call carries (API:JSON_version_2; maxlag is added by the client).
ApiCall Read(const std::string& site, Params params, std::string summary) {
  ApiCall call;
  call.site = site;
  call.params = std::move(params);
  call.params.emplace_back("format", "json");
  call.params.emplace_back("formatversion", "2");
  call.summary = std::move(summary);
  return call;
}

ApiCall Write(const std::string& site, Params params, const std::string& tag, std::string summary) {
  if (!tag.empty()) params.emplace_back("tags", tag);
  ApiCall call = Read(site, std::move(params), std::move(summary));
  // The token goes last: a truncated POST then fails the token check (API:Edit).
  call.params.emplace_back("token", std::string(kCsrfPlaceholder));
  call.needs_token = true;
  return call;
}

}  // namespace

std::string FormEncode(const Params& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += Encode(key) + "=" + Encode(value);
  }
  return out;
}

std::string Describe(const ApiCall& call) {
  Params shown;
  for (const auto& [key, value] : call.params) {
    const bool secret = key == "lgpassword" || key == "password" ||
                        ((key == "token" || key == "lgtoken") && value != kCsrfPlaceholder);
    shown.emplace_back(key, secret ? "***" : value);
  }
  return call.method + " " + call.site + " " + FormEncode(shown);
}

std::string Substitute(std::string text, std::string_view link) {
  for (auto pos = text.find("$1"); pos != std::string::npos;
       pos = text.find("$1", pos + link.size())) {
    text.replace(pos, 2, link);
  }
  return text;
}

ApiCall FileEvidenceQuery(const std::string& site, const std::string& title,
                          const std::string& continue_from) {
  Params p = {{"action", "query"},
              {"prop", "imageinfo|info"},
              {"titles", title},
              {"iiprop", "user|userid|timestamp|sha1|size"},
              {"iilimit", "max"}};
  // For a single title MediaWiki continues with iistart (ApiQueryImageInfo.php); iicontinue is
  // its continuation across several titles ("Title|timestamp") and refuses a bare timestamp.
  if (!continue_from.empty()) p.emplace_back("iistart", continue_from);
  return Read(site, std::move(p), "evidence of " + title + " on " + site);
}

ApiCall PageCreatorQuery(const std::string& site, const std::string& title) {
  return Read(site,
              {{"action", "query"},
               {"prop", "revisions|info"},
               {"titles", title},
               {"rvprop", "ids|user|timestamp"},
               {"rvdir", "newer"},
               {"rvlimit", "1"}},
              "creator of " + title + " on " + site);
}

ApiCall PageEditorsQuery(const std::string& site, const std::string& title, int editors) {
  return Read(site,
              {{"action", "query"},
               {"prop", "revisions"},
               {"titles", title},
               {"rvprop", "ids|user|timestamp"},
               {"rvdir", "older"},
               {"rvlimit", std::to_string(editors)}},
              "last editors of " + title + " on " + site);
}

ApiCall LogQuery(const std::string& site, const std::string& title, const std::string& type) {
  return Read(site,
              {{"action", "query"},
               {"list", "logevents"},
               {"letype", type},
               {"letitle", title},
               {"leprop", "ids|title|type|user|timestamp|comment|tags"},
               {"lelimit", "50"}},
              type + " log of " + title + " on " + site);
}

ApiCall FilesBySha1Query(const std::string& site, const std::string& sha1) {
  return Read(site,
              {{"action", "query"},
               {"list", "allimages"},
               {"aisha1", sha1},
               {"aiprop", "sha1|user|timestamp|url"},
               {"ailimit", "50"}},
              "files with SHA-1 " + sha1 + " on " + site);
}

ApiCall ProtectionQuery(const std::string& site, const std::string& title) {
  return Read(site,
              {{"action", "query"}, {"prop", "info"}, {"inprop", "protection"}, {"titles", title}},
              "protection of " + title + " on " + site);
}

ApiCall TagsQuery(const std::string& site, const std::string& continue_from) {
  Params p = {
      {"action", "query"}, {"list", "tags"}, {"tgprop", "defined|active"}, {"tglimit", "max"}};
  if (!continue_from.empty()) p.emplace_back("tgcontinue", continue_from);
  return Read(site, std::move(p), "change tags of " + site);
}

ApiCall UserInfoQuery(const std::string& site) {
  return Read(site, {{"action", "query"}, {"meta", "userinfo"}}, "account on " + site);
}

ApiCall DeleteCall(const std::string& site, const std::string& title, const std::string& reason,
                   const std::string& tag) {
  return Write(site, {{"action", "delete"}, {"title", title}, {"reason", reason}}, tag,
               "delete " + title + " on " + site);
}

ApiCall ProtectCall(const std::string& site, const std::string& title,
                    const std::string& protections, const std::string& expiry,
                    const std::string& reason, const std::string& tag) {
  return Write(site,
               {{"action", "protect"},
                {"title", title},
                {"protections", protections},
                {"expiry", expiry},
                {"reason", reason}},
               tag, "protect (" + protections + ") " + title + " on " + site);
}

ApiCall UndeleteCall(const std::string& site, const std::string& title, const std::string& reason,
                     const std::string& tag) {
  return Write(site, {{"action", "undelete"}, {"title", title}, {"reason", reason}}, tag,
               "undelete " + title + " on " + site);
}

ApiCall EditCall(const Edit& edit, const std::string& tag) {
  Params p = {{"action", "edit"}, {"title", edit.title}};
  std::string mode;
  switch (edit.mode) {
    case EditMode::kCreate:
      p.emplace_back("text", edit.text);
      p.emplace_back("createonly", "1");
      mode = "create";
      break;
    case EditMode::kAppend:
      p.emplace_back("appendtext", "\n\n" + edit.text);
      p.emplace_back("nocreate", "1");
      mode = "append";
      break;
    case EditMode::kNewSection:
      p.emplace_back("section", "new");
      p.emplace_back("sectiontitle", edit.section_title);
      p.emplace_back("text", edit.text);
      mode = "new_section";
      break;
  }
  p.emplace_back("summary", edit.summary);
  p.emplace_back("watchlist", "nochange");
  return Write(edit.site, std::move(p), tag, mode + " " + edit.title + " on " + edit.site);
}

}  // namespace dmca::mediawiki
