#pragma once

#include <map>
#include <string>
#include <vector>

namespace dmca::testing::smtp {

// The running test Postfix of the CTest fixture `smtp` (scripts/postfix-test-server.sh), from
// $DMCA_TEST_SMTP_DIR/env: key=value lines (ports, ca_file, the SMTP user and password, the
// test Dovecot's directory and IMAP ports). Throws when there is none.
const std::map<std::string, std::string>& Env();
std::string Get(const std::string& key);
int Port(const std::string& key);

// An address no other test (nor an earlier run) uses, with a mailbox one can log in to.
std::string NewMailbox(const std::string& what, const std::string& domain = "example.org");

// Every message in the address's INBOX, over IMAPS from the test Dovecot (the project's client).
std::vector<std::string> FetchInbox(const std::string& address);
// Delivery is asynchronous (Postfix's queue, then LMTP): waits until `count` messages are there
// (30 s at most), then returns what is there.
std::vector<std::string> AwaitInbox(const std::string& address, std::size_t count);

}  // namespace dmca::testing::smtp
