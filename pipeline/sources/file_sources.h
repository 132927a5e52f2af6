#pragma once

#include <cstdint>
#include <deque>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parsers/base/finding.h"
#include "parsers/mime/mbox.h"
#include "pipeline/sources/source.h"

namespace dmca::pipeline {

struct FileSourceOptions {
  // Maildir: also read cur/ (messages a mail client or an earlier run already saw). By default
  // only new deliveries are read.
  bool include_cur = false;
  std::size_t mbox_chunk_bytes = 1 << 16;
};

// A Maildir (cur/, new/, tmp/). Delivers new/ in name order (then cur/ when asked); Commit moves
// new/NAME to cur/NAME:2,S (the Maildir "seen" flag) and adds S to a cur/ message's flags.
// Nothing is ever deleted. A file that disappears between listing and reading (another reader
// committed it) is skipped.
class MaildirSource final : public Source {
 public:
  static Result<std::unique_ptr<MaildirSource>> Open(const std::string& dir,
                                                     const FileSourceOptions& options = {});
  std::string Describe() const override { return "Maildir " + dir_; }
  Result<std::optional<RawMessage>> Next() override;
  Status Commit(const RawMessage& message) override;

 private:
  MaildirSource(std::string dir, std::vector<std::string> keys)
      : dir_(std::move(dir)), keys_(std::move(keys)) {}
  std::string dir_;
  std::vector<std::string> keys_;  // "new/NAME" or "cur/NAME:2,FLAGS"
  std::size_t next_ = 0;
};

// An mbox file read in chunks through MboxSplitter: memory holds one message and one chunk.
// source_id "mbox:PATH@OFFSET" (the separator's byte offset). Commit changes nothing: an mbox is
// a read-only import, and re-reading it is harmless because the store de-duplicates.
class MboxSource final : public Source {
 public:
  static Result<std::unique_ptr<MboxSource>> Open(const std::string& path,
                                                  const FileSourceOptions& options = {});
  std::string Describe() const override { return "mbox " + path_; }
  Result<std::optional<RawMessage>> Next() override;
  Status Commit(const RawMessage&) override { return Status::Ok(); }
  // The splitter's findings (e.g. a stream that does not start with "From ").
  const Findings& findings() const { return splitter_.findings(); }

 private:
  MboxSource(std::string path, std::size_t chunk_bytes);
  std::string path_;
  std::ifstream in_;
  std::size_t chunk_bytes_;
  std::deque<parsers::mime::MboxSplitter::Emitted> ready_;
  parsers::mime::MboxSplitter splitter_;
  bool finished_ = false;
};

// One message: a file (.eml) or standard input ("-"), held in memory.
class SingleMessageSource final : public Source {
 public:
  static Result<std::unique_ptr<SingleMessageSource>> OpenFile(const std::string& path);
  static Result<std::unique_ptr<SingleMessageSource>> OpenStdin();
  std::string Describe() const override { return describe_; }
  Result<std::optional<RawMessage>> Next() override;
  Status Commit(const RawMessage&) override { return Status::Ok(); }

 private:
  SingleMessageSource(std::string describe, RawMessage message)
      : describe_(std::move(describe)), message_(std::move(message)) {}
  std::string describe_;
  std::optional<RawMessage> message_;
};

// "-" is standard input; a directory must be a Maildir; a file starting with "From " is an
// mbox; any other file is one message. Errors, one line each naming the path: a missing path
// (kNotFound), an empty file or input, a directory that is not a Maildir (kInvalidArgument), an
// unreadable file (kPermissionDenied / kIOError).
Result<std::unique_ptr<Source>> OpenSource(const std::string& path_or_dash,
                                           const FileSourceOptions& options = {});

}  // namespace dmca::pipeline
