// Parse throughput over an mbox: this project's parser against GMime 3, each doing the same
// work a user needs: split the mbox, parse every message, transfer-decode every leaf and
// convert text parts to UTF-8. Usage: bench_mime ours|ours-structure|gmime FILE.
// Prints "messages leaves seconds MB/s messages/s".
#include <fcntl.h>
#include <gmime/gmime.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "parsers/mime/mbox.h"
#include "parsers/mime/message.h"

namespace {

using dmca::parsers::mime::Message;
using dmca::parsers::mime::MboxSplitter;

struct Counts {
  std::size_t messages = 0;
  std::size_t leaves = 0;
  std::size_t bytes = 0;
};

Counts Ours(const char* path, bool decode) {
  Counts counts;
  MboxSplitter splitter([&](MboxSplitter::Emitted&& emitted) {
    const Message message = Message::Parse(std::move(emitted.message));
    ++counts.messages;
    for (const auto* leaf : message.Leaves()) {
      ++counts.leaves;
      if (!decode) continue;
      if (auto text = leaf->Text()) {
        counts.bytes += text->size();
      } else {
        counts.bytes += leaf->DecodedBody().size();
      }
    }
  });
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buffer(1 << 20);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    splitter.Feed(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
  }
  splitter.Finish();
  return counts;
}

void GmimeLeaf(GMimeObject*, GMimeObject* part, gpointer data) {
  auto* counts = static_cast<Counts*>(data);
  if (GMIME_IS_MESSAGE_PART(part) || GMIME_IS_MULTIPART(part)) return;
  if (!GMIME_IS_PART(part)) return;
  ++counts->leaves;
  if (GMIME_IS_TEXT_PART(part)) {
    char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
    if (text) {
      counts->bytes += std::char_traits<char>::length(text);
      g_free(text);
    }
    return;
  }
  GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(part));
  if (!content) return;
  GMimeStream* sink = g_mime_stream_null_new();
  g_mime_data_wrapper_write_to_stream(content, sink);
  counts->bytes += GMIME_STREAM_NULL(sink)->written;
  g_object_unref(sink);
}

// Leaves, and the leaves of forwarded messages (message/rfc822), as the other tools count them.
void GmimeEmbedded(GMimeObject* parent, GMimeObject* part, gpointer data) {
  if (GMIME_IS_MESSAGE_PART(part)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    if (inner) g_mime_message_foreach(inner, GmimeEmbedded, data);
    return;
  }
  GmimeLeaf(parent, part, data);
}

Counts Gmime(const char* path) {
  Counts counts;
  g_mime_init();
  GMimeStream* stream = g_mime_stream_fs_open(path, O_RDONLY, 0644, nullptr);
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
  while (!g_mime_parser_eos(parser)) {
    GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
    if (!message) break;
    ++counts.messages;
    // g_mime_message_foreach descends into message/rfc822 parts too.
    g_mime_message_foreach(message, GmimeEmbedded, &counts);
    g_object_unref(message);
  }
  g_object_unref(parser);
  g_object_unref(stream);
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_mime ours|ours-structure|gmime FILE\n");
    return 2;
  }
  const std::string mode = argv[1];
  std::ifstream size_probe(argv[2], std::ios::binary | std::ios::ate);
  const double megabytes = static_cast<double>(size_probe.tellg()) / (1024.0 * 1024.0);
  const auto start = std::chrono::steady_clock::now();
  const Counts counts = mode == "gmime" ? Gmime(argv[2]) : Ours(argv[2], mode == "ours");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu %zu %.3f %.1f %.0f\n", counts.messages, counts.leaves, seconds,
              megabytes / seconds, static_cast<double>(counts.messages) / seconds);
  return 0;
}
