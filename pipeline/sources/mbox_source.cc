#include <cerrno>
#include <cstring>

#include "pipeline/sources/file_sources.h"

namespace dmca::pipeline {

MboxSource::MboxSource(std::string path, std::size_t chunk_bytes)
    : path_(std::move(path)),
      in_(path_, std::ios::binary),
      chunk_bytes_(chunk_bytes == 0 ? 1 << 16 : chunk_bytes),
      splitter_([this](parsers::mime::MboxSplitter::Emitted&& emitted) {
        ready_.push_back(std::move(emitted));
      }) {}

Result<std::unique_ptr<MboxSource>> MboxSource::Open(const std::string& path,
                                                     const FileSourceOptions& options) {
  std::unique_ptr<MboxSource> source(new MboxSource(path, options.mbox_chunk_bytes));
  if (!source->in_) {
    const int error = errno;
    if (error == ENOENT) return Status::NotFound("no such file: " + path);
    return Status::IOError("cannot read " + path + ": " + std::strerror(error));
  }
  return source;
}

Result<std::optional<RawMessage>> MboxSource::Next() {
  std::string chunk(chunk_bytes_, '\0');
  while (ready_.empty() && !finished_) {
    in_.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (got > 0) splitter_.Feed(std::string_view(chunk.data(), got));
    if (in_.bad()) return Status::IOError("error reading " + path_);
    if (in_.eof()) {
      splitter_.Finish();
      finished_ = true;
    }
  }
  if (ready_.empty()) return std::optional<RawMessage>();
  auto emitted = std::move(ready_.front());
  ready_.pop_front();
  RawMessage message;
  message.bytes = std::move(emitted.message);
  message.key = std::to_string(emitted.offset);
  message.source_id = "mbox:" + path_ + "@" + message.key;
  return std::optional<RawMessage>(std::move(message));
}

}  // namespace dmca::pipeline
