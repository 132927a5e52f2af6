#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/SHA2Engine.h>

#include "pipeline/model/case_json.h"
#include "pipeline/model/json_fields.h"

// `dmca parse --json` (CONTRACT.md), apart from the notice shapes so that code using only the
// model does not pull in the MIME parser.
namespace dmca::model {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

using json::NewObject;
using json::Opt;

}  // namespace

Object::Ptr ParseToJson(const parsers::mime::Message& message) {
  Findings findings = message.findings();
  const auto& headers = message.root().headers();
  Object::Ptr header_json = NewObject();
  for (const auto& [key, name] : {std::pair{"from", "From"},
                                  {"to", "To"},
                                  {"cc", "Cc"},
                                  {"subject", "Subject"},
                                  {"date", "Date"},
                                  {"message_id", "Message-ID"}}) {
    header_json->set(key, Opt(headers.Decoded(name)));
  }

  Array::Ptr parts = new Array();
  for (const parsers::mime::Entity* leaf : message.Leaves()) {
    const std::string body = leaf->DecodedBody(&findings);
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(body.data(), static_cast<unsigned>(body.size()));
    Object::Ptr part = NewObject();
    part->set("path", leaf->path());
    part->set("content_type", leaf->MimeType());
    part->set("charset", Opt(leaf->Charset()));
    part->set("filename", Opt(leaf->Filename()));
    part->set("size", static_cast<Poco::UInt64>(body.size()));
    part->set("sha256", Poco::DigestEngine::digestToHex(sha.digest()));
    // Text() decodes again; its decoding findings would duplicate DecodedBody's.
    part->set("text", Opt(leaf->Text(nullptr)));
    parts->add(part);
  }

  Array::Ptr defects = new Array();
  for (const auto& finding : findings) defects->add(finding.ToString());

  Object::Ptr object = NewObject();
  object->set("headers", header_json);
  object->set("parts", parts);
  object->set("defects", defects);
  return object;
}

}  // namespace dmca::model
