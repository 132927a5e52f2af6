#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dmca::model::json {

// The small pieces every JSON shape of the model is built from and read back with (the store's
// notice and evidence columns, the CONTRACT.md outputs). Readers of a key that is missing or
// null give the empty value, so older rows stay readable; a value of the wrong type throws
// Poco's exception, which the caller turns into a Corruption status.

inline Poco::JSON::Object::Ptr NewObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

inline Poco::Dynamic::Var Opt(const std::optional<std::string>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

inline Poco::Dynamic::Var OptInt(const std::optional<std::int64_t>& value) {
  return value ? Poco::Dynamic::Var(static_cast<Poco::Int64>(*value)) : Poco::Dynamic::Var();
}

inline bool Absent(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  return !object || !object->has(key) || object->isNull(key);
}

inline std::string Str(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  return Absent(object, key) ? std::string() : object->getValue<std::string>(key);
}

inline std::optional<std::string> OptStr(const Poco::JSON::Object::Ptr& object,
                                         const std::string& key) {
  if (Absent(object, key)) return std::nullopt;
  return object->getValue<std::string>(key);
}

inline std::int64_t I64(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  return Absent(object, key) ? 0 : object->getValue<Poco::Int64>(key);
}

inline std::optional<std::int64_t> OptI64(const Poco::JSON::Object::Ptr& object,
                                          const std::string& key) {
  if (Absent(object, key)) return std::nullopt;
  return object->getValue<Poco::Int64>(key);
}

inline bool Bool(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  return !Absent(object, key) && object->getValue<bool>(key);
}

inline std::vector<std::string> StrList(const Poco::JSON::Object::Ptr& object,
                                        const std::string& key) {
  std::vector<std::string> out;
  Poco::JSON::Array::Ptr array = object ? object->getArray(key) : nullptr;
  if (!array) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    out.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
  }
  return out;
}

}  // namespace dmca::model::json
