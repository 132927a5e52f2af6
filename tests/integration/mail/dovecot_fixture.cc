#include "tests/integration/mail/dovecot_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

#include "Poco/DigestEngine.h"
#include "Poco/SHA2Engine.h"

namespace dmca::testing {
namespace {

const std::string kScript = std::string(DMCA_SOURCE_DIR) + "/scripts/dovecot-test-server.sh";

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Runs the script; its output goes to DIR/script.log. Returns the exit status.
int RunScript(const std::string& dir, const std::string& args) {
  std::string command = Quote(kScript) + " " + args + " >>" + Quote(dir + "/script.log") + " 2>&1";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// A test that crashes (a signal Boost turns into a failure) skips its destructor and leaves its
// server running. The next fixture stops every server whose owning test process is gone.
void ReapStaleServers() {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/tmp", error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("dmca-dovecot-", 0) != 0) continue;
    std::ifstream owner_file(entry.path() / "owner");
    long owner = 0;
    if (!(owner_file >> owner) || owner <= 0) continue;  // not started by this fixture, or just now
    if (std::filesystem::exists("/proc/" + std::to_string(owner))) continue;  // still running
    const std::string dir = entry.path().string();
    RunScript(dir, "stop " + Quote(dir));
    std::filesystem::remove_all(dir, error);
  }
}

}  // namespace

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

DovecotServer::DovecotServer() {
  char pattern[] = "/tmp/dmca-dovecot-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  static std::once_flag reaped;
  std::call_once(reaped, ReapStaleServers);
  std::ofstream(dir_ + "/owner") << getpid() << "\n";
  std::random_device device;
  std::mt19937 random(device());
  std::uniform_int_distribution<int> base(20000, 60000);
  int status = 0;
  for (int attempt = 0; attempt < 8; ++attempt) {
    port_base_ = base(random) & ~3;
    status = RunScript(dir_, "start " + Quote(dir_) + " " + std::to_string(port_base_));
    if (status != 3) break;  // 3: a port was taken, try another base
  }
  if (status != 0) {
    std::string log = ReadFile(dir_ + "/script.log");
    RunScript(dir_, "stop " + Quote(dir_));
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    // Exit status 4 says what to install; the script's own words are in `log`.
    throw std::runtime_error("the test Dovecot (scripts/dovecot-test-server.sh) did not start: " +
                             log);
  }
  std::istringstream credentials(ReadFile(dir_ + "/credentials"));
  for (std::string line; std::getline(credentials, line);) {
    if (line.rfind("user=", 0) == 0) user_ = line.substr(5);
    if (line.rfind("password=", 0) == 0) password_ = line.substr(9);
    if (line.rfind("user2=", 0) == 0) user2_ = line.substr(6);
    if (line.rfind("password2=", 0) == 0) password2_ = line.substr(10);
  }
}

void DovecotServer::Restart() {
  RunScript(dir_, "stop " + Quote(dir_));
  if (RunScript(dir_, "start " + Quote(dir_) + " " + std::to_string(port_base_)) != 0) {
    throw std::runtime_error("the test Dovecot did not restart: " + ReadFile(dir_ + "/script.log"));
  }
}

DovecotServer::~DovecotServer() {
  RunScript(dir_, "stop " + Quote(dir_) + " fast");
  if (std::getenv("DMCA_KEEP_DOVECOT") == nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string DovecotServer::Deliver(std::string_view bytes, std::string_view folder) const {
  static int counter = 0;
  std::string file = dir_ + "/deliver-" + std::to_string(++counter) + ".eml";
  {
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::string args = "deliver " + Quote(dir_) + " " + Quote(user_) + " " + Quote(file);
  if (!folder.empty()) args += " " + Quote(folder);
  if (RunScript(dir_, args) != 0) throw std::runtime_error("deliver failed: " + file);
  return file;
}

std::set<std::string> DovecotServer::Files(std::string_view folder) const {
  std::string box = dir_ + "/mail/" + user_;
  if (!folder.empty()) box += "/." + std::string(folder);
  std::set<std::string> files;
  for (const char* sub : {"/new", "/cur"}) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(box + sub, error)) {
      files.insert(std::string(sub + 1) + "/" + entry.path().filename().string());
    }
  }
  return files;
}

pipeline::MailServerOptions DovecotServer::Options(int port, pipeline::TlsMode tls) const {
  pipeline::MailServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.tls = tls;
  options.ca_file = ca_file();
  options.user = user_;
  options.password = password_;
  options.timeout = std::chrono::milliseconds(10'000);
  return options;
}

std::string Sha256Hex(std::string_view bytes) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string TrickyMessage(int n) {
  std::string m;
  m += "From: Rights Holder <rights@example.org>\r\n";
  m += "To: legal@example.org\r\n";
  m += "Subject: DMCA notice " + std::to_string(n) + "\r\n";
  m += "Message-ID: <notice-" + std::to_string(n) + "@example.org>\r\n";
  m += "Content-Type: text/plain; charset=iso-8859-1\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n\r\n";
  m += ".leading dot\r\n";
  m += ".\r\n";
  m += "..two dots\r\n";
  m += "caf\xe9 \xff\xfe telnet IAC bytes\r\n";
  m += "https://commons.wikimedia.org/wiki/File:Example_" + std::to_string(n) + ".jpg\r\n";
  m += std::string(900, 'x') + "\r\n";
  m += "/s/ Jane Doe\r\n.\r\n";
  return m;
}

std::string LargeMessage(int megabytes) {
  std::string m =
      "From: rights@example.org\r\nSubject: large\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
      "Content-Type: text/plain\r\n\r\n" +
      std::string(200'000, 'y') +
      "\r\n--b\r\nContent-Type: application/pdf\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n";
  static constexpr char kBase64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::mt19937 random(static_cast<unsigned>(megabytes));
  const std::size_t lines = static_cast<std::size_t>(megabytes) * 1'000'000 / 78;
  for (std::size_t i = 0; i < lines; ++i) {
    for (int k = 0; k < 76; ++k) m += kBase64[random() % 64];
    m += "\r\n";
  }
  return m + "--b--\r\n";
}

}  // namespace dmca::testing
