#include "archive/stats.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include "archive/wikitext.h"

namespace dmca::archive {
namespace {

struct Accumulator {
  PeriodStats stats;
  std::vector<int> days;
};

void Add(Accumulator& a, const CaseFacts& f) {
  PeriodStats& s = a.stats;
  ++s.received;
  if (f.verdict == "complete") ++s.complete;
  if (f.verdict == "deficient") ++s.deficient;
  if (f.verdict == "not_a_notice") ++s.not_a_notice;
  if (f.acted && !f.acted_partially) ++s.acted_fully;
  if (f.acted && f.acted_partially) ++s.acted_partially;
  if (f.rejected) ++s.rejected;
  if (f.counter_noticed) ++s.counter_noticed;
  if (f.restored) ++s.restored;
  if (f.retracted) ++s.retracted;
  if (f.days_to_action) a.days.push_back(*f.days_to_action);
}

PeriodStats Finish(Accumulator& a) {
  if (!a.days.empty()) {
    std::sort(a.days.begin(), a.days.end());
    const std::size_t n = a.days.size();
    a.stats.median_days_to_action =
        n % 2 ? a.days[n / 2] : (a.days[n / 2 - 1] + a.days[n / 2]) / 2.0;
  }
  return a.stats;
}

struct Column {
  const char* name;
  int PeriodStats::*field;
};
constexpr std::array<Column, 10> kColumns = {{
    {"received", &PeriodStats::received},
    {"complete", &PeriodStats::complete},
    {"deficient", &PeriodStats::deficient},
    {"not_a_notice", &PeriodStats::not_a_notice},
    {"acted_fully", &PeriodStats::acted_fully},
    {"acted_partially", &PeriodStats::acted_partially},
    {"rejected", &PeriodStats::rejected},
    {"counter_noticed", &PeriodStats::counter_noticed},
    {"restored", &PeriodStats::restored},
    {"retracted", &PeriodStats::retracted},
}};

std::string Median(const PeriodStats& s) {
  if (!s.median_days_to_action) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *s.median_days_to_action);
  return buf;
}

Poco::JSON::Array::Ptr JsonRows(const std::vector<PeriodStats>& rows) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
  for (const auto& r : rows) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("period", r.period);
    for (const auto& c : kColumns) o->set(c.name, r.*c.field);
    if (r.median_days_to_action) {
      o->set("median_days_to_action", *r.median_days_to_action);
    } else {
      o->set("median_days_to_action", Poco::Dynamic::Var());
    }
    list->add(o);
  }
  return list;
}

// Grouped bars, one group per period: received, acted on (fully + partially), counter-noticed.
std::string BarChart(const std::vector<PeriodStats>& rows, const std::string& caption) {
  if (rows.empty()) return "";
  int top = 1;
  for (const auto& r : rows) top = std::max(top, r.received);
  const int group = 42, bar = 12, height = 160, left = 40, bottom = 40;
  const int width = left + static_cast<int>(rows.size()) * group + 10;
  std::ostringstream svg;
  svg << "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" << width
      << "\" height=\"" << height + bottom << "\" viewBox=\"0 0 " << width << " " << height + bottom
      << "\"><title>" << HtmlEscape(caption) << "</title>\n"
      << "<line x1=\"" << left << "\" y1=\"" << height << "\" x2=\"" << width << "\" y2=\""
      << height << "\" stroke=\"#333\"/>\n<text x=\"2\" y=\"12\" font-size=\"10\">" << top
      << "</text>\n";
  const std::array<std::pair<const char*, const char*>, 3> series = {
      {{"received", "#36c"}, {"acted on", "#d33"}, {"counter-noticed", "#fc3"}}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const std::array<int, 3> values = {r.received, r.acted_fully + r.acted_partially,
                                       r.counter_noticed};
    const int x0 = left + static_cast<int>(i) * group;
    for (std::size_t k = 0; k < values.size(); ++k) {
      const int h = values[k] * (height - 20) / top;
      svg << "<rect x=\"" << x0 + static_cast<int>(k) * bar << "\" y=\"" << height - h
          << "\" width=\"" << bar - 1 << "\" height=\"" << h << "\" fill=\"" << series[k].second
          << "\"><title>" << HtmlEscape(r.period) << " " << series[k].first << ": " << values[k]
          << "</title></rect>\n";
    }
    svg << "<text x=\"" << x0 << "\" y=\"" << height + 14 << "\" font-size=\"10\">"
        << HtmlEscape(r.period) << "</text>\n";
  }
  int lx = left;
  for (const auto& [name, colour] : series) {
    svg << "<rect x=\"" << lx << "\" y=\"" << height + 24 << "\" width=\"10\" height=\"10\" fill=\""
        << colour << "\"/><text x=\"" << lx + 14 << "\" y=\"" << height + 33
        << "\" font-size=\"10\">" << name << "</text>\n";
    lx += 110;
  }
  svg << "</svg><figcaption>" << HtmlEscape(caption) << "</figcaption></figure>\n";
  return svg.str();
}

std::string Table(const std::vector<PeriodStats>& rows) {
  std::ostringstream t;
  t << "<table>\n<tr><th>period</th>";
  for (const auto& c : kColumns) t << "<th>" << c.name << "</th>";
  t << "<th>median days to action</th></tr>\n";
  for (const auto& r : rows) {
    t << "<tr><td>" << HtmlEscape(r.period) << "</td>";
    for (const auto& c : kColumns) t << "<td>" << r.*c.field << "</td>";
    t << "<td>" << Median(r) << "</td></tr>\n";
  }
  t << "</table>\n";
  return t.str();
}

}  // namespace

Stats ComputeStats(const std::vector<CaseFacts>& facts) {
  std::map<std::string, Accumulator> months, years;
  for (const auto& f : facts) {
    if (f.kind != "takedown" || f.received.size() < 7) continue;
    Accumulator& m = months[f.received.substr(0, 7)];
    m.stats.period = f.received.substr(0, 7);
    Add(m, f);
    Accumulator& y = years[f.received.substr(0, 4)];
    y.stats.period = f.received.substr(0, 4);
    Add(y, f);
  }
  Stats out;
  for (auto& [period, a] : months) out.months.push_back(Finish(a));
  for (auto& [period, a] : years) out.years.push_back(Finish(a));
  return out;
}

std::string StatsCsv(const Stats& stats) {
  std::string out = "period";
  for (const auto& c : kColumns) out += std::string(",") + c.name;
  out += ",median_days_to_action\n";
  for (const auto* rows : {&stats.months, &stats.years}) {
    for (const auto& r : *rows) {
      out += r.period;
      for (const auto& c : kColumns) out += "," + std::to_string(r.*c.field);
      out += "," + Median(r) + "\n";
    }
  }
  return out;
}

std::string StatsJson(const Stats& stats) {
  Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  root->set("months", JsonRows(stats.months));
  root->set("years", JsonRows(stats.years));
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(root, out, 2);
  out << "\n";
  return out.str();
}

std::string StatsHtml(const Stats& stats) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
      "<title>DMCA statistics</title><style>table{border-collapse:collapse}"
      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}</style></head><body>\n"
      "<p><a href=\"index.html\">Archive index</a> · <a href=\"stats.csv\">CSV</a> · "
      "<a href=\"stats.json\">JSON</a></p>\n<h1>DMCA takedown statistics</h1>\n"
      "<p>Takedown notices by the month and year received. Acted on: material removed "
      "(partially: some of the targets named). Median days from receipt to removal.</p>\n"
      "<h2>By year</h2>\n";
  out += BarChart(stats.years, "Takedown notices by year");
  out += Table(stats.years);
  out += "<h2>By month</h2>\n";
  out += BarChart(stats.months, "Takedown notices by month");
  out += Table(stats.months);
  out += "</body></html>\n";
  return out;
}

}  // namespace dmca::archive
