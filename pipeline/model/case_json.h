#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "parsers/base/status.h"
#include "parsers/mime/message.h"
#include "parsers/notice/understand.h"
#include "parsers/wikiurl/wiki_url.h"
#include "pipeline/model/case.h"

namespace dmca::model {

// The JSON shapes of CONTRACT.md, built with Poco::JSON. Field order is stable.
Poco::JSON::Object::Ptr TargetToJson(const parsers::wikiurl::Target& target);
Poco::JSON::Object::Ptr ParseToJson(const parsers::mime::Message& message);  // parse --json
Poco::JSON::Object::Ptr CheckToJson(const parsers::notice::Notice& notice);  // check --json

// The whole understood notice, for the store (round-trips through NoticeFromJson).
Poco::JSON::Object::Ptr NoticeToJson(const parsers::notice::Notice& notice);
Result<parsers::notice::Notice> NoticeFromJson(const std::string& json);

// A target's evidence, for the store (round-trips through EvidenceFromJson).
Poco::JSON::Object::Ptr EvidenceToJson(const TargetEvidence& evidence);
Result<TargetEvidence> EvidenceFromJson(const std::string& json);

// `dmca cases show --json` (CONTRACT.md): targets numbered from 1 ("n", what
// `approve --targets` takes), each with its state, uploader, SHA-1 and evidence.
Poco::JSON::Object::Ptr CaseToJson(const Case& c);

// Compact or indented serialization.
std::string Stringify(const Poco::JSON::Object::Ptr& object, bool pretty = true);
std::string Stringify(const Poco::JSON::Array::Ptr& array, bool pretty = true);

}  // namespace dmca::model
