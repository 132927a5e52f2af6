#include "parsers/wikiurl/wiki_url.h"

#include <unicode/idna.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_set>

#include "parsers/text/charset.h"

namespace dmca::parsers::wikiurl {
namespace {

// The registrable domains of Wikimedia's wikis (and the media host).
constexpr std::array<std::string_view, 12> kWikimediaDomains = {
    "wikipedia.org", "wiktionary.org", "wikibooks.org",   "wikinews.org",
    "wikiquote.org", "wikisource.org", "wikiversity.org", "wikivoyage.org",
    "wikimedia.org", "wikidata.org",   "mediawiki.org",   "wikimediafoundation.org"};

// Canonical namespace names and the localized names and aliases that map to them, for the
// largest wikis (matched case-insensitively; spaces or underscores alike).
struct NamespaceAlias {
  std::string_view alias;
  std::string_view canonical;
};
constexpr NamespaceAlias kNamespaces[] = {
    {"file", "File"}, {"image", "File"}, {"datei", "File"}, {"bild", "File"},
    {"fichier", "File"}, {"archivo", "File"}, {"imagen", "File"}, {"immagine", "File"},
    {"файл", "File"}, {"изображение", "File"}, {"ファイル", "File"}, {"画像", "File"},
    {"ficheiro", "File"}, {"arquivo", "File"}, {"imagem", "File"}, {"文件", "File"},
    {"檔案", "File"}, {"图像", "File"}, {"plik", "File"}, {"grafika", "File"},
    {"bestand", "File"}, {"afbeelding", "File"}, {"fil", "File"},
    {"file talk", "File talk"}, {"datei diskussion", "File talk"},
    {"discussion fichier", "File talk"},
    {"user", "User"}, {"benutzer", "User"}, {"benutzerin", "User"}, {"utilisateur", "User"},
    {"utilisatrice", "User"}, {"usuario", "User"}, {"usuaria", "User"}, {"utente", "User"},
    {"участник", "User"}, {"участница", "User"}, {"利用者", "User"}, {"usuário", "User"},
    {"用户", "User"}, {"użytkownik", "User"}, {"gebruiker", "User"}, {"användare", "User"},
    {"user talk", "User talk"}, {"benutzer diskussion", "User talk"},
    {"discussion utilisateur", "User talk"}, {"usuario discusión", "User talk"},
    {"category", "Category"}, {"kategorie", "Category"}, {"catégorie", "Category"},
    {"categoría", "Category"}, {"categoria", "Category"}, {"категория", "Category"},
    {"カテゴリ", "Category"}, {"分类", "Category"}, {"kategoria", "Category"},
    {"categorie", "Category"}, {"kategori", "Category"},
    {"template", "Template"}, {"vorlage", "Template"}, {"modèle", "Template"},
    {"plantilla", "Template"}, {"шаблон", "Template"}, {"predefinição", "Template"},
    {"sjabloon", "Template"}, {"mall", "Template"},
    {"talk", "Talk"}, {"diskussion", "Talk"}, {"discussion", "Talk"}, {"discusión", "Talk"},
    {"обсуждение", "Talk"}, {"discussione", "Talk"},
    {"special", "Special"}, {"spezial", "Special"}, {"spécial", "Special"},
    {"especial", "Special"}, {"speciale", "Special"}, {"служебная", "Special"},
    {"特別", "Special"}, {"specjalna", "Special"}, {"speciaal", "Special"},
    {"wikipedia", "Project"}, {"wp", "Project"}, {"project", "Project"},
    {"help", "Help"}, {"hilfe", "Help"}, {"aide", "Help"}, {"ayuda", "Help"},
    {"portal", "Portal"}, {"mediawiki", "MediaWiki"}, {"module", "Module"},
    {"modul", "Module"}, {"módulo", "Module"}, {"media", "Media"},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Utf8Lower(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The Wikimedia registrable domain `host` belongs to, or empty.
std::string_view WikimediaDomain(std::string_view host) {
  for (std::string_view domain : kWikimediaDomains) {
    if (host == domain || (EndsWith(host, domain) && host[host.size() - domain.size() - 1] == '.')) {
      return domain;
    }
  }
  return {};
}

void Add(Target& target, const char* code, std::string what) {
  target.findings.push_back({code, Finding::Severity::kInfo, target.url, std::move(what)});
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX-decoding; an invalid escape is kept as written and reported.
std::string PercentDecode(std::string_view s, Target& target) {
  std::string out;
  bool bad = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
          HexValue(s[i + 2]) >= 0) {
        out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
        i += 2;
        continue;
      }
      bad = true;
    }
    out += s[i];
  }
  if (bad) Add(target, "url.percent_invalid", "invalid percent-encoding kept as written");
  if (!text::IsValidUtf8(out)) {
    Add(target, "url.not_utf8", "percent-decoded bytes are not UTF-8; read as windows-1252");
    out = text::ToUtf8(out, "windows-1252", nullptr);
  }
  return out;
}

bool CapitalizesFirstLetter(std::string_view site) { return !EndsWith(site, "wiktionary.org"); }

std::string UpperFirst(std::string_view text) {
  if (text.empty()) return {};
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const UChar32 first = u.char32At(0);
  const int32_t len = U16_LENGTH(first);
  icu::UnicodeString head(u, 0, len);
  head.toUpper();
  std::string out;
  (head + icu::UnicodeString(u, len)).toUTF8String(out);
  return out;
}

// Namespace tables refreshed from siteinfo: site -> folded alias -> canonical name.
struct Registry {
  std::shared_mutex mutex;
  std::map<std::string, std::map<std::string, std::string>> sites;
};
Registry& SiteNamespaces() {
  static Registry registry;
  return registry;
}

std::optional<std::string> RegisteredNamespace(std::string_view site, const std::string& folded) {
  Registry& registry = SiteNamespaces();
  std::shared_lock lock(registry.mutex);
  const auto it = registry.sites.find(std::string(site));
  if (it == registry.sites.end()) return std::nullopt;
  const auto alias = it->second.find(folded);
  if (alias == it->second.end()) return std::nullopt;
  return alias->second;
}

// MediaWiki's title normal form: spaces for underscores, runs collapsed, trimmed, the namespace
// canonical, the first letter of the rest upper-cased where the wiki does.
std::string NormalizeTitle(std::string_view raw, std::string_view site) {
  std::string spaced;
  bool space = false;
  for (char c : raw) {
    if (c == '_' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !spaced.empty()) spaced += ' ';
    space = false;
    spaced += c;
  }
  std::string ns, rest = spaced;
  if (const auto colon = spaced.find(':'); colon != std::string::npos) {
    std::string prefix = spaced.substr(0, colon);
    while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
    std::string folded = Utf8Lower(prefix);
    if (auto registered = RegisteredNamespace(site, folded)) {
      ns = *registered;
      rest = spaced.substr(colon + 1);
      while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
      folded.clear();  // resolved: skip the built-in table
    }
    for (const NamespaceAlias& alias : kNamespaces) {
      if (folded.empty()) break;
      if (folded == alias.alias) {
        ns = alias.canonical;
        if (ns == "Project") ns = site == "commons.wikimedia.org" ? "Commons" : "Wikipedia";
        rest = spaced.substr(colon + 1);
        while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
        break;
      }
    }
    if (ns.empty() && site == "commons.wikimedia.org" && (folded == "commons" || folded == "com")) {
      ns = "Commons";
      rest = spaced.substr(colon + 1);
      while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    }
  }
  if (CapitalizesFirstLetter(site)) rest = UpperFirst(rest);
  return ns.empty() ? rest : ns + ":" + rest;
}

// The value of `name` in a query string, raw.
std::optional<std::string_view> QueryParam(std::string_view query, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(pos, end - pos);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<std::int64_t> ToInt(std::string_view s) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

// ICU IDNA (UTS #46): the Unicode form of a host, so punycode look-alikes show themselves.
std::string ToUnicodeHost(std::string_view host) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::IDNA> idna(icu::IDNA::createUTS46Instance(UIDNA_DEFAULT, status));
  if (U_FAILURE(status)) return std::string(host);
  icu::IDNAInfo info;
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  idna->nameToUnicodeUTF8(icu::StringPiece(host.data(), static_cast<int32_t>(host.size())), sink,
                          info, status);
  if (U_FAILURE(status)) return std::string(host);
  return out;
}

// The ICU confusable skeleton of a string (UTS #39 §4).
std::string Skeleton(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  struct Closer {
    void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
  };
  static thread_local std::unique_ptr<USpoofChecker, Closer> checker(uspoof_open(&status));
  if (!checker) return std::string(text);
  status = U_ZERO_ERROR;
  char buffer[1024];
  const int32_t len = uspoof_getSkeletonUTF8(checker.get(), 0, text.data(),
                                             static_cast<int32_t>(text.size()), buffer,
                                             sizeof buffer, &status);
  if (U_FAILURE(status) || len <= 0) return std::string(text);
  return std::string(buffer, static_cast<std::size_t>(len));
}

// A host that is not Wikimedia's but whose skeleton (after IDNA decoding, with digits that pass
// for letters folded too) ends like a Wikimedia domain, or that embeds a Wikimedia domain as a
// label sequence of another domain ("en.wikipedia.org.example.net").
bool LooksLikeWikimedia(std::string_view host) {
  std::string unicode = Utf8Lower(ToUnicodeHost(host));
  // Digits that pass for letters in a host name ("wikipedia.0rg", "wikimedia.0rg").
  for (char& c : unicode) {
    if (c == '0') c = 'o';
    if (c == '1') c = 'l';
  }
  const std::string skeleton = Skeleton(unicode);
  for (std::string_view domain : kWikimediaDomains) {
    const std::string real = Skeleton(domain);
    if (skeleton == real || EndsWith(skeleton, "." + real)) return true;
    const std::string label = std::string(domain.substr(0, domain.find('.')));
    // wikipedia.org.evil.example, wikipedia-org.example
    if (host.find(std::string(domain) + ".") != std::string_view::npos ||
        host.find(label + "-org.") != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// Site of an upload.wikimedia.org/<project>/<lang>/ path.
std::optional<std::string> UploadSite(std::string_view project, std::string_view lang) {
  if (project == "wikipedia") {
    if (lang == "commons") return "commons.wikimedia.org";
    if (lang == "meta") return "meta.wikimedia.org";
    if (lang == "species") return "species.wikimedia.org";
    if (lang == "foundation") return "foundation.wikimedia.org";
    if (lang == "mediawiki") return "www.mediawiki.org";
    return std::string(lang) + ".wikipedia.org";
  }
  if (project == "wikidata") return "www.wikidata.org";
  for (std::string_view p : {"wiktionary", "wikibooks", "wikinews", "wikiquote", "wikisource",
                             "wikiversity", "wikivoyage"}) {
    if (project == p) return std::string(lang) + "." + std::string(p) + ".org";
  }
  return std::nullopt;
}

// Letters, digits, hyphens and dots only (RFC 1123 §2.1), lower case: what every Wikimedia host
// name is. Anything else names no wiki, and must never become a site that is not even UTF-8.
bool IsLowerHostName(std::string_view host) {
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

void ResolveUpload(Target& target, std::string_view path) {
  // /<project>/<lang>/[thumb/|archive/]x/xy/NAME[/NNNpx-NAME]
  std::vector<std::string_view> parts;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  if (parts.size() < 5) {
    Add(target, "url.upload_path", "an upload.wikimedia.org path that names no file");
    return;
  }
  auto site = UploadSite(parts[0], parts[1]);
  if (!site || !IsLowerHostName(*site)) {  // "wikipedia/comm\0.../" (found by fuzz/url)
    Add(target, "url.upload_project", "unknown project in an upload.wikimedia.org path");
    return;
  }
  std::size_t i = 2;
  const bool thumb = parts[i] == "thumb";
  const bool archived = parts[i] == "archive";
  if (thumb || archived || parts[i] == "temp") ++i;
  if (i + 2 >= parts.size()) {
    Add(target, "url.upload_path", "an upload.wikimedia.org path that names no file");
    return;
  }
  std::string name = PercentDecode(parts[i + 2], target);
  if (archived) {
    if (const auto bang = name.find('!'); bang != std::string::npos) name = name.substr(bang + 1);
  }
  target.site = *site;
  target.title = NormalizeTitle("File:" + name, *site);
  target.in_scope = true;
}

}  // namespace

void RegisterNamespaces(const std::string& site,
                        const std::vector<std::pair<std::string, std::string>>& aliases) {
  std::map<std::string, std::string> table;
  for (const auto& [alias, canonical] : aliases) {
    std::string key = Utf8Lower(alias);
    std::replace(key.begin(), key.end(), '_', ' ');
    table[key] = canonical;
  }
  Registry& registry = SiteNamespaces();
  std::unique_lock lock(registry.mutex);
  registry.sites[site] = std::move(table);
}

Target Resolve(std::string_view url_in) {
  Target target;
  target.url = std::string(url_in);
  std::string_view url = url_in;
  while (!url.empty() && (url.front() == ' ' || url.front() == '<')) url.remove_prefix(1);
  while (!url.empty() && (url.back() == ' ' || url.back() == '>')) url.remove_suffix(1);
  std::string_view rest;
  if (url.substr(0, 2) == "//") {
    rest = url.substr(2);
  } else if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const std::string s = Lower(url.substr(0, scheme));
    if (s != "http" && s != "https") {
      Add(target, "url.scheme", "not a web address (" + s + ")");
      return target;
    }
    rest = url.substr(scheme + 3);
  } else {
    rest = url;  // "en.wikipedia.org/wiki/X" written without a scheme
  }
  const std::size_t host_end = rest.find_first_of("/?#");
  std::string host = Lower(rest.substr(0, host_end));
  if (const auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (const auto colon = host.rfind(':'); colon != std::string::npos) host.resize(colon);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) {
    Add(target, "url.no_host", "no host name");
    return target;
  }
  std::string_view tail = host_end == std::string_view::npos ? "" : rest.substr(host_end);
  std::string_view fragment;
  if (const auto hash = tail.find('#'); hash != std::string_view::npos) {
    fragment = tail.substr(hash + 1);
    tail = tail.substr(0, hash);
  }
  std::string_view query;
  if (const auto q = tail.find('?'); q != std::string_view::npos) {
    query = tail.substr(q + 1);
    tail = tail.substr(0, q);
  }
  const std::string_view path = tail;

  const std::string_view domain = WikimediaDomain(host);
  if (domain.empty()) {
    if (LooksLikeWikimedia(host)) {
      target.spoof = true;
      Add(target, "url.spoof", "host " + host + " only looks like a Wikimedia host");
    }
    return target;
  }
  // "com\xff.wikimedia.org" (found by fuzz/url) is under a Wikimedia domain but names no wiki.
  if (!IsLowerHostName(host)) {
    Add(target, "url.bad_host", "the host name holds a character no Wikimedia host has");
    return target;
  }
  if (host == "upload.wikimedia.org") {
    ResolveUpload(target, path);
    return target;
  }
  // The mobile host is the same wiki (en.m.wikipedia.org, m.wikidata.org).
  std::string site = host;
  if (site.rfind("m.", 0) == 0) site = site.substr(2);
  if (const auto m = site.find(".m."); m != std::string::npos) site.erase(m, 2);
  if (site == "wikipedia.org" || site == "wikidata.org" || site == "mediawiki.org") {
    site = "www." + site;
  }
  target.site = site;

  std::string title;
  if (path.rfind("/wiki/", 0) == 0) {
    title = PercentDecode(path.substr(6), target);
  } else if (path == "/w/index.php" || path == "/index.php" || path == "/wiki/index.php") {
    if (auto t = QueryParam(query, "title")) {
      std::string plus(*t);
      std::replace(plus.begin(), plus.end(), '+', ' ');  // form encoding in a query string
      title = PercentDecode(plus, target);
    }
    if (auto oldid = QueryParam(query, "oldid")) target.oldid = ToInt(*oldid);
    if (auto curid = QueryParam(query, "curid")) target.curid = ToInt(*curid);
  } else if (auto curid = QueryParam(query, "curid")) {
    target.curid = ToInt(*curid);
  }
  // The media viewer names the file it shows: #/media/File:NAME.
  if (fragment.rfind("/media/", 0) == 0) title = PercentDecode(fragment.substr(7), target);
  if (title.empty()) {
    if (target.curid) {
      Add(target, "url.curid", "page id " + std::to_string(*target.curid) + " needs a lookup");
    } else if (target.oldid) {
      Add(target, "url.oldid_only", "revision " + std::to_string(*target.oldid) +
                                        " without a title needs a lookup");
    } else {
      Add(target, "url.no_title", "a Wikimedia address that names no page");
    }
    return target;
  }
  std::string normalized = NormalizeTitle(title, site);
  // Special:FilePath/NAME and Special:Redirect/file/NAME serve a file.
  if (normalized.rfind("Special:", 0) == 0) {
    const std::string page = normalized.substr(8);
    const std::string folded = Utf8Lower(page);
    for (std::string_view prefix : {"filepath/", "dateipfad/", "redirect/file/"}) {
      if (folded.rfind(prefix, 0) == 0) {
        normalized = NormalizeTitle("File:" + page.substr(prefix.size()), site);
        break;
      }
    }
  }
  if (normalized.empty() || normalized.back() == ':') {
    Add(target, "url.no_title", "a Wikimedia address that names no page");
    return target;
  }
  target.title = normalized;
  target.in_scope = true;
  return target;
}

std::vector<std::string> ExtractUrls(std::string_view text) {
  std::vector<std::string> urls;
  std::unordered_set<std::string> seen;
  seen.reserve(text.size() / 64);
  const auto is_url_char = [](unsigned char c) {
    return c > ' ' && c != '<' && c != '>' && c != '"' && c != '`' && c != '{' && c != '}' &&
           c != '|' && c != '\\' && c != '^';
  };
  const auto push = [&](std::string url) {
    // Trailing prose punctuation; a ")" only when unbalanced (Foo_(band) keeps its own).
    while (!url.empty()) {
      const char c = url.back();
      if (std::strchr(".,;:!?'\"]*", c)) {
        url.pop_back();
      } else if (c == ')' && std::count(url.begin(), url.end(), '(') <
                                 std::count(url.begin(), url.end(), ')')) {
        url.pop_back();
      } else {
        break;
      }
    }
    if (url.size() < 8 || !seen.insert(url).second) return;
    urls.push_back(std::move(url));
  };
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // Find the next candidate start: a scheme or a bare Wikimedia host.
    std::size_t start = std::string_view::npos;
    bool angled = false;
    for (std::size_t j = i; j < n; ++j) {
      const char c = text[j];
      if ((c == 'h' || c == 'H') && (text.compare(j, 7, "http://") == 0 ||
                                     text.compare(j, 8, "https://") == 0 ||
                                     text.compare(j, 7, "HTTP://") == 0 ||
                                     text.compare(j, 8, "HTTPS://") == 0)) {
        start = j;
      } else if (c == '.' && j > i) {
        // "xx.wikipedia.org/" without a scheme: walk back to the host's start.
        for (std::string_view domain : kWikimediaDomains) {
          if (text.compare(j + 1, domain.size(), domain) == 0 &&
              j + 1 + domain.size() < n && text[j + 1 + domain.size()] == '/') {
            std::size_t k = j;
            while (k > i && (std::isalnum(static_cast<unsigned char>(text[k - 1])) ||
                             text[k - 1] == '.' || text[k - 1] == '-')) {
              --k;
            }
            if (k < j && (k == 0 || text[k - 1] != '/')) start = k;
            break;
          }
        }
      }
      if (start != std::string_view::npos) break;
    }
    if (start == std::string_view::npos) break;
    angled = start > 0 && text[start - 1] == '<';
    std::string url;
    std::size_t j = start;
    while (j < n) {
      const unsigned char c = static_cast<unsigned char>(text[j]);
      if (angled && (c == '\n' || c == '\r' || c == ' ' || c == '\t')) {
        ++j;  // inside <...> a mail client's line break is not part of the address
        continue;
      }
      if (angled && c == '>') break;
      if (!is_url_char(c)) {
        // A URL broken by a mail client: the line ends inside it and the next line goes on
        // without a space. Only when the line is long, or ends on a character a URL cannot
        // end with.
        if ((c == '\n' || c == '\r') && !url.empty()) {
          std::size_t k = j;
          if (text[k] == '\r') ++k;
          if (k < n && text[k] == '\n') ++k;
          const std::size_t prev_nl = text.rfind('\n', j == 0 ? 0 : j - 1);
          const bool long_line = j - (prev_nl == std::string_view::npos ? 0 : prev_nl + 1) >= 72;
          const bool open_end = std::strchr("/_-%=?&", url.back()) != nullptr;
          // The continuation must look like the rest of an address, not a word of prose.
          std::size_t cont_end = k;
          bool addressy = false;
          while (cont_end < n && is_url_char(static_cast<unsigned char>(text[cont_end]))) {
            addressy = addressy || std::strchr("/_-%=?&#0123456789", text[cont_end]) != nullptr;
            ++cont_end;
          }
          const bool prose_end = std::strchr(".,;:!?)", url.back()) != nullptr;
          if (k < n && cont_end > k && (long_line || open_end) && !prose_end && addressy &&
              text.compare(k, 4, "http") != 0) {
            j = k;
            continue;
          }
        }
        break;
      }
      url += static_cast<char>(c);
      ++j;
    }
    push(std::move(url));
    i = j > start ? j : start + 1;
  }
  return urls;
}

}  // namespace dmca::parsers::wikiurl
