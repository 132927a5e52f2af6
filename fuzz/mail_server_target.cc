// A hostile or broken mail server: the input is everything the server says, sent on every
// connection the client opens on loopback; the real POP3 and IMAP sources (the ones `dmca fetch`
// uses) log in, list, fetch and commit against it. Whatever it sends, a source returns a Status
// or messages, never throws, crashes, hangs or loops.
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "fuzz/targets.h"
#include "pipeline/sources/imap_source.h"
#include "pipeline/sources/pop3_source.h"

namespace dmca::fuzz {
namespace {

// A loopback server that sends its script on every connection, then half-closes and reads
// what the client sends until the client closes (closing with unread bytes would reset the
// connection and discard the script in flight).
class ScriptedServer {
 public:
  ScriptedServer() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedServer() {
    stop_ = true;
    thread_.join();
  }
  int port() const { return socket_.address().port(); }
  void SetScript(std::string_view script) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_ = std::string(script);
  }

 private:
  void Serve() {
    while (!stop_) {
      try {
        if (!socket_.poll(Poco::Timespan(0, 20'000), Poco::Net::Socket::SELECT_READ)) continue;
        Poco::Net::StreamSocket connection = socket_.acceptConnection();
        std::string script;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          script = script_;
        }
        connection.setSendTimeout(Poco::Timespan(2, 0));
        connection.setReceiveTimeout(Poco::Timespan(0, 500'000));
        for (std::size_t sent = 0; sent < script.size();) {
          const int n = connection.sendBytes(script.data() + sent,
                                             static_cast<int>(script.size() - sent));
          if (n <= 0) break;
          sent += static_cast<std::size_t>(n);
        }
        connection.shutdownSend();
        char sink[4096];
        while (connection.receiveBytes(sink, sizeof sink) > 0) {
        }
      } catch (const std::exception&) {  // the client went away or timed out: next connection
      }
    }
  }

  Poco::Net::ServerSocket socket_;
  std::mutex mutex_;
  std::string script_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

ScriptedServer& Server() {
  static ScriptedServer server;
  // A write to a server that hung up must be an error, not a signal that ends the process.
  static const bool ignored = [] { return signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)ignored;
  return server;
}

pipeline::MailServerOptions Options(int port) {
  pipeline::MailServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.tls = pipeline::TlsMode::kNone;
  options.user = "intake";
  options.password = "s3cret-canary";
  options.timeout = std::chrono::milliseconds(2'000);
  return options;
}

void RequireScrubbed(const Status& status) {
  const std::string text = status.ToString();
  if (text.find("s3cret-canary") != std::string::npos) std::fprintf(stderr, "%s\n", text.c_str());
  Require(text.find("s3cret-canary") == std::string::npos, "the password never appears in an error");
}

// Reads the source as the runner would, for a bounded number of calls (a reconnecting source
// meets the same script again).
void Drain(Result<std::unique_ptr<pipeline::Source>> opened) {
  if (!opened.ok()) {
    RequireScrubbed(opened.status());
    return;
  }
  pipeline::Source& source = **opened;
  for (int call = 0; call < 12; ++call) {
    auto next = source.Next();
    if (!next.ok()) {
      RequireScrubbed(next.status());
      if (!next.status().Retryable()) break;
      continue;
    }
    if (!next->has_value()) break;
    RequireScrubbed(source.Commit(**next));
  }
  RequireScrubbed(source.Close());
}

}  // namespace

void ExerciseImapReplies(std::string_view bytes) {
  ScriptedServer& server = Server();
  server.SetScript(bytes);
  pipeline::ImapOptions options;
  options.server = Options(server.port());
  // The input's first byte picks the after-commit action, so both paths are explored.
  if (!bytes.empty() && (bytes[0] & 1)) {
    options.after_commit = pipeline::ImapOptions::AfterCommit::kMove;
    options.move_to = "Processed";
  }
  Drain(pipeline::OpenImapSource(options, nullptr));
}

void ExercisePop3Replies(std::string_view bytes) {
  ScriptedServer& server = Server();
  server.SetScript(bytes);
  pipeline::Pop3Options options;
  options.server = Options(server.port());
  options.delete_after_commit = !bytes.empty() && (bytes[0] & 1);
  Drain(pipeline::OpenPop3Source(options, nullptr));
}

}  // namespace dmca::fuzz
