#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/base/status.h"

namespace dmca::archive {

// The page and letter templates (kainjow mustache), by name: the file name in templates/
// without ".mustache" ("foundation_notice", "letter_deficiency", ...). Wikitext templates start
// with a "{{=<% %>=}}" delimiter change, since wikitext itself is full of "{{"; in them
// `<% x %>` is made inert (WikiInert) and `<%& x %>` is inserted as is (only for values the
// renderer has already made safe). Letters are plain text: nothing is escaped.
//
// Immutable after construction; safe to share between threads.
class Templates {
 public:
  // The templates compiled into the binary from templates/*.mustache.
  static const Templates& Builtin();

  // The built-in set, with every `<name>.mustache` in `dir` replacing the template of that
  // name. NotFound when `dir` does not exist; InvalidArgument when a file is not valid
  // mustache (the message names the file); IOError when one cannot be read.
  static Result<Templates> Load(const std::string& dir);

  // nullptr when there is no such template.
  const std::string* Find(std::string_view name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, std::string, std::less<>> sources_;
};

// Checks that `source` parses as mustache; InvalidArgument with kainjow's message if not.
Status ValidateTemplate(std::string_view name, const std::string& source);

}  // namespace dmca::archive
