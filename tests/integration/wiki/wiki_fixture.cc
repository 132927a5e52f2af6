#include "tests/integration/wiki/wiki_fixture.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dmca::testing {
namespace {

std::string Encode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    std::string ek, ev;
    Poco::URI::encode(k, "&=+?#/:;,@ ", ek);
    Poco::URI::encode(v, "&=+?#/:;,@ ", ev);
    out += (out.empty() ? "" : "&") + ek + "=" + ev;
  }
  return out;
}

std::string Shell(const std::string& command) {
  const int rc = std::system(command.c_str());
  if (rc != 0) throw std::runtime_error("command failed (" + std::to_string(rc) + "): " + command);
  return "";
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string ReadLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

TestWiki::TestWiki(const char* dir_variable) {
  const char* dir = std::getenv(dir_variable);
  if (!dir || !*dir) throw std::runtime_error(std::string("$") + dir_variable + " is not set");
  dir_ = dir;
  std::ifstream in(dir_ + "/env");
  if (!in) throw std::runtime_error("no wiki at " + dir_ + " (the mediawiki fixture)");
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) env_[line.substr(0, eq)] = line.substr(eq + 1);
  }
}

std::map<std::string, std::string> TestWiki::Upload(const std::string& folder,
                                                    const std::vector<std::string>& names,
                                                    const std::string& user,
                                                    const std::string& seed) {
  std::string make = std::string("python3 ") + DMCA_SOURCE_DIR + "/scripts/mediawiki-make-png.py";
  if (!seed.empty()) make += " --seed " + Quote(seed);
  std::string upload = std::string(DMCA_SOURCE_DIR) + "/scripts/mediawiki-test-server.sh upload " +
                       Quote(dir_) + " --user " + Quote(user);
  for (const auto& name : names) {
    make += " " + Quote(folder + "/" + name);
    upload += " " + Quote(folder + "/" + name);
  }
  Shell(make);
  Shell(upload + " >/dev/null");
  std::map<std::string, std::string> sha1;
  for (const auto& name : names) {
    const std::string out = folder + "/" + name + ".sha1";
    Shell("sha1sum " + Quote(folder + "/" + name) + " | cut -d' ' -f1 > " + Quote(out));
    sha1[name] = ReadLine(out);
  }
  return sha1;
}

std::string TestWiki::Post(const std::string& body) {
  Poco::URI uri(api());
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(60, 0));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathEtc(),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/x-www-form-urlencoded");
  request.set("User-Agent", "dmca-tests (tests/integration/wiki)");
  if (!cookies_.empty()) {
    Poco::Net::NameValueCollection jar;
    for (const auto& [k, v] : cookies_) jar.add(k, v);
    request.setCookies(jar);
  }
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::string reply;
  Poco::StreamCopier::copyToString(in, reply);
  std::vector<Poco::Net::HTTPCookie> set;
  response.getCookies(set);
  for (const auto& c : set) cookies_[c.getName()] = c.getValue();
  return reply;
}

Poco::JSON::Object::Ptr TestWiki::Query(
    const std::vector<std::pair<std::string, std::string>>& params) {
  auto all = params;
  all.emplace_back("format", "json");
  all.emplace_back("formatversion", "2");
  return ParseObject(Post(Encode(all)));
}

Poco::JSON::Object::Ptr TestWiki::Write(std::vector<std::pair<std::string, std::string>> params) {
  if (csrf_.empty()) {
    auto token = Query({{"action", "query"}, {"meta", "tokens"}, {"type", "login"}});
    const std::string login_token =
        token->getObject("query")->getObject("tokens")->getValue<std::string>("logintoken");
    auto login = Query({{"action", "login"},
                        {"lgname", bot_user()},
                        {"lgpassword", ReadLine(bot_password_file())},
                        {"lgtoken", login_token}});
    if (login->getObject("login")->getValue<std::string>("result") != "Success") {
      throw std::runtime_error("the test could not log in as the bot");
    }
    auto csrf = Query({{"action", "query"}, {"meta", "tokens"}});
    csrf_ = csrf->getObject("query")->getObject("tokens")->getValue<std::string>("csrftoken");
  }
  params.emplace_back("token", csrf_);
  return Query(params);
}

bool TestWiki::FileExists(const std::string& title) {
  auto reply = Query({{"action", "query"}, {"titles", title}, {"prop", "imageinfo"}});
  auto page = reply->getObject("query")->getArray("pages")->getObject(0);
  return !page->has("missing");
}

std::string TestWiki::CreateProtection(const std::string& title) {
  auto reply =
      Query({{"action", "query"}, {"titles", title}, {"prop", "info"}, {"inprop", "protection"}});
  auto page = reply->getObject("query")->getArray("pages")->getObject(0);
  auto list = page->getArray("protection");
  for (std::size_t i = 0; list && i < list->size(); ++i) {
    auto p = list->getObject(static_cast<unsigned>(i));
    if (p->getValue<std::string>("type") == "create") {
      return p->getValue<std::string>("level") + "/" + p->getValue<std::string>("expiry");
    }
  }
  return "";
}

std::vector<TestWiki::LogEntry> TestWiki::DeletionLog(const std::string& title) {
  auto reply = Query({{"action", "query"},
                      {"list", "logevents"},
                      {"letype", "delete"},
                      {"letitle", title},
                      {"leprop", "type|user|comment|tags|timestamp"},
                      {"lelimit", "500"}});
  std::vector<LogEntry> out;
  auto events = reply->getObject("query")->getArray("logevents");
  for (std::size_t i = 0; i < events->size(); ++i) {
    auto e = events->getObject(static_cast<unsigned>(i));
    LogEntry entry{e->getValue<std::string>("action"),
                   e->getValue<std::string>("user"),
                   e->getValue<std::string>("comment"),
                   e->getValue<std::string>("timestamp"),
                   {}};
    auto tags = e->getArray("tags");
    for (std::size_t t = 0; tags && t < tags->size(); ++t) {
      entry.tags.push_back(tags->getElement<std::string>(static_cast<unsigned>(t)));
    }
    out.push_back(entry);
  }
  return out;
}

std::string TestWiki::WriteConfig(const std::string& folder, const std::string& store_url,
                                  const std::string& change_tag) const {
  const std::string path = folder + "/dmca.conf";
  std::ofstream out(path);
  out << "[store]\n";
  if (store_url.empty()) {
    out << "path = " << folder << "/dmca.db\n";
  } else {
    out << "url = " << store_url << "\n";
  }
  out << "[mediawiki]\napi = " << api() << "\nuser = " << bot_user()
      << "\npassword_file = " << bot_password_file() << "\nchange_tag = " << change_tag
      << "\ncontact = dmca-tests@example.org\ntimeout = 30\n";
  return path;
}

std::string TakedownMessage(const std::string& message_id, const std::vector<std::string>& urls) {
  std::ostringstream m;
  m << "From: \"Casey Example, Example Stock Images\" <rights@examplestock.example>\r\n"
       "To: legal@wikimedia.org\r\n"
       "Subject: DMCA takedown notice "
    << message_id
    << "\r\n"
       "Date: Mon, 23 Nov 2026 09:15:00 -0800\r\n"
       "Message-ID: <"
    << message_id
    << "@examplestock.example>\r\n"
       "MIME-Version: 1.0\r\n"
       "Content-Type: text/plain; charset=utf-8\r\n\r\n"
       "Dear Wikimedia Foundation Designated Agent,\r\n\r\n"
       "I am writing on behalf of Example Stock Images, the owner of the exclusive copyrights\r\n"
       "in the photographs of our \"Harbour Lights\" series (2024), published at\r\n"
       "https://examplestock.example/harbour-lights.\r\n\r\n"
       "The following material hosted on your sites infringes that copyright:\r\n\r\n";
  for (const auto& url : urls) m << url << "\r\n";
  m << "\r\nI have a good faith belief that use of the copyrighted materials described above is\r\n"
       "not authorized by the copyright owner, its agent, or the law.\r\n\r\n"
       "I swear, under penalty of perjury, that the information in this notification is\r\n"
       "accurate and that I am authorized to act on behalf of the owner of the exclusive right\r\n"
       "that is allegedly infringed.\r\n\r\n"
       "Sincerely,\r\n\r\n/s/ Casey Example\r\nRights Manager, Example Stock Images\r\n"
       "1 Example Plaza, Springfield, IL 62701, United States\r\nTel: +1 (555) 010-2000\r\n"
       "rights@examplestock.example\r\n";
  return m.str();
}

std::string CommonsUrl(const std::string& file_name) {
  std::string name = file_name;
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  return "https://commons.wikimedia.org/wiki/File:" + name;
}

std::string RunId() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::to_string(getpid()) + "x" +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count() %
                        100000000);
}

}  // namespace dmca::testing
