#include "tests/archive/xsd_check.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <cstdarg>
#include <fstream>
#include <sstream>

namespace dmca::testing {
namespace {

void Collect(void* ctx, const char* format, ...) {
  char buffer[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  static_cast<std::vector<std::string>*>(ctx)->push_back(buffer);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::vector<std::string> ValidateExport(const std::string& xml) {
  std::vector<std::string> errors;
  const std::string dir = std::string(DMCA_SOURCE_DIR) + "/archive/schema/";
  std::string xsd = ReadAll(dir + "export-0.11.xsd");
  if (xsd.empty()) return {"cannot read " + dir + "export-0.11.xsd"};
  const std::string remote = "http://www.w3.org/2001/xml.xsd";
  if (const auto at = xsd.find(remote); at != std::string::npos) {
    xsd.replace(at, remote.size(), dir + "xml.xsd");
  }
  xmlSchemaParserCtxtPtr parser =
      xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
  xmlSchemaSetParserErrors(parser, Collect, Collect, &errors);
  xmlSchemaPtr schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (schema == nullptr) {
    errors.push_back("the schema does not parse");
    return errors;
  }
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "export.xml", "UTF-8",
                                XML_PARSE_NONET);
  if (doc == nullptr) {
    errors.push_back("the export is not well-formed XML");
  } else {
    xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidErrors(valid, Collect, Collect, &errors);
    if (xmlSchemaValidateDoc(valid, doc) != 0 && errors.empty()) errors.push_back("invalid");
    xmlSchemaFreeValidCtxt(valid);
    xmlFreeDoc(doc);
  }
  xmlSchemaFree(schema);
  return errors;
}

}  // namespace dmca::testing
