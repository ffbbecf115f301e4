// Aggregating dataset results into rates and rendering the report.
#include "hoctap/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "util/text.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

using internal::html_escape;

// `s` with every byte that is not part of well-formed UTF-8 written as the text `\xNN`, so
// that a report is valid UTF-8 whatever the files held.
std::string clean(std::string_view s) {
  if (!internal::find_invalid_utf8(s)) return std::string(s);
  std::string out;
  while (!s.empty()) {
    const auto bad = internal::find_invalid_utf8(s);
    const std::size_t good = bad ? *bad : s.size();
    out.append(s.substr(0, good));
    if (!bad) break;
    char x[8];
    std::snprintf(x, sizeof x, "\\x%02X", static_cast<unsigned char>(s[good]));
    out += x;
    s.remove_prefix(good + 1);
  }
  return out;
}

void json_string(std::string& o, std::string_view s) { internal::append_json_string(o, clean(s)); }

struct ProblemCode {
  const char* code;
  const char* vi;
  const char* en;
};
const ProblemCode kProblems[] = {
    {"D010", "dấu nháy mở không đóng trên dòng của nó (dòng không đọc được)", "a quote that does not close on its line (line unreadable)"},
    {"D011", "chữ sau dấu nháy đóng (dòng không đọc được)", "text after a closing quote (line unreadable)"},
    {"D012", "dấu nháy trong ô không đặt trong nháy (dòng không đọc được)", "a quote inside an unquoted field (line unreadable)"},
    {"D013", "số ô khác với dòng tiêu đề (dòng không đọc được)", "a wrong number of fields (line unreadable)"},
    {"D014", "ký tự điều khiển (dòng không đọc được)", "a control character (line unreadable)"},
    {"D015", "byte không phải UTF-8 (dòng không đọc được)", "bytes that are not UTF-8 (line unreadable)"},
    {"D016", "dòng dài quá giới hạn (dòng không đọc được)", "a line longer than the limit (line unreadable)"},
    {"D019", "số dòng đọc không khớp số dòng của tệp", "rows read do not add up to the file's lines"},
    {"D020", "giá trị không đọc được theo kiểu của cột (coi là thiếu)", "a value that cannot be read as its column's type (missing)"},
    {"D021", "giá trị bị bộ tiêu chí từ chối", "a value the criteria reject"},
    {"D030", "mã (id) trống", "an empty id"},
    {"D031", "mã (id) trùng", "a duplicate id"},
    {"D032", "liên kết tới mã không có", "a link to an id that does not exist"},
    {"D033", "liên kết gần giống một mã (khoảng trắng, BOM, chuẩn hoá Unicode, hoa/thường)", "a link that differs from an id only by spaces, BOM, normalisation or case"},
    {"D034", "không có thành viên mà dữ liệu ngụ ý", "no members where the data implies some"},
    {"D035", "liên kết bắt buộc bị trống", "an empty required link"},
    {"D036", "đầu vào bộ tiêu chí đọc mà tệp không có cột", "an input the criteria read that the file has no column for"},
    {"D037", "cột không bộ tiêu chí nào đọc", "a column no criteria set reads"},
    {"D038", "thành viên không được đánh giá vì không bộ tiêu chí nào của họ có hiệu lực", "members not judged: no set of their title is in force"},
    {"D039", "thiếu tệp mà một tệp khác cần", "a file another file needs is absent"},
};

std::vector<TargetCheck> checks_for(const Targets& targets, const std::string& title, int year, const std::string& place,
                                    const std::string& area, double rate) {
  std::vector<TargetCheck> out;
  for (const TargetIndicator& ind : targets.indicators()) {
    if (ind.title != title) continue;
    std::vector<int> years = targets.years(ind.id);
    int before = 0, after = 0;
    for (int y : years) {
      if (y <= year) before = y;
      if (y >= year && after == 0) after = y;
    }
    for (int y : {before, after}) {
      if (y == 0 || (y == after && y == before && !out.empty() && out.back().year == y)) continue;
      auto t = targets.find(ind.id, y, place, area);
      if (!t) continue;
      TargetCheck c;
      c.indicator = ind.id;
      c.year = y;
      c.share = t->share;
      c.instrument = t->instrument;
      // As sure as the value and as comparing it with this title's recognitions (which
      // entities the instrument counts): the weaker of the two.
      c.confidence = std::max(t->confidence, ind.confidence);
      c.place = t->place;
      c.met = rate + 1e-12 >= t->share.to_double();
      out.push_back(std::move(c));
    }
  }
  return out;
}

void count(RateRow& row, std::uint8_t decision) {
  ++row.entities;
  if (decision == static_cast<std::uint8_t>(Decision::recognized)) ++row.recognized;
  else if (decision == static_cast<std::uint8_t>(Decision::not_recognized)) ++row.not_recognized;
  else ++row.not_assessable;
}

// Pads `s` to `width` code points (left-aligned unless `right`).
std::string pad(const std::string& s, std::size_t width, bool right = false) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  if (n >= width) return s;
  std::string fill(width - n, ' ');
  return right ? fill + s : s + fill;
}

std::string grouped(std::size_t v) {
  std::string s = std::to_string(v), out;
  int k = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    if (k && k % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++k;
  }
  return out;
}

// A short name per kind for the table (the full names are listed below it).
// Said after the criteria a title was judged by when they are a place's own set.
std::string own_set(const TitleReport& t, bool vi) {
  if (t.set_place.empty()) return "";
  return vi ? " — bộ riêng của " + t.set_place : " — " + t.set_place + "'s own set";
}

std::string short_name(const TitleReport& t, bool vi) {
  static const std::pair<const char*, std::pair<const char*, const char*>> kShort[] = {
      {"adults", {"Công dân học tập", "Learning citizens"}},        {"families", {"Gia đình học tập", "Learning families"}},
      {"clans", {"Dòng họ học tập", "Learning clans"}},              {"villages", {"Cộng đồng học tập (thôn)", "Village communities"}},
      {"commune_units", {"Đơn vị học tập (xã)", "Units (commune)"}}, {"agencies", {"Đơn vị học tập (huyện, tỉnh)", "Units (district, province)"}},
      {"communes", {"Cộng đồng học tập (xã)", "Commune communities"}}};
  for (const auto& [kind, names] : kShort)
    if (t.kind == kind) return vi ? names.first : names.second;
  return vi ? t.name_vi : t.name_en;
}

std::string percent(double r) {
  if (std::isnan(r)) return "—";
  char b[16];
  std::snprintf(b, sizeof b, "%.1f%%", r * 100.0);
  return b;
}

std::string share_percent(Decimal d) {
  char b[16];
  std::snprintf(b, sizeof b, "%g%%", d.to_double() * 100.0);
  return b;
}

}  // namespace

Report make_report(const DatasetResults& results, const Targets& targets, ReportBy by) {
  Report r;
  r.name = results.name;
  r.place = results.place;
  r.date = results.date;
  r.by = by;
  r.issues = results.issues;
  const int year = results.date.year();
  for (const KindResults& k : results.kinds) {
    TitleReport t;
    t.kind = k.kind;
    t.title = k.title;
    t.set_id = k.set_id;
    t.set_place = k.set_place;
    t.name_vi = k.name_vi;
    t.name_en = k.name_en;
    t.instrument = k.instrument;
    const std::vector<Area>& places = by == ReportBy::commune ? results.communes : results.districts;
    if (by != ReportBy::province) {
      t.areas.resize(places.size() + 1);
      t.areas.back().unplaced_why = by == ReportBy::commune ? k.unplaced_commune : k.unplaced_district;
      for (std::size_t a = 0; a < places.size(); ++a) {
        t.areas[a].area_id = places[a].id;
        t.areas[a].area_name = places[a].name;
        t.areas[a].area_class = places[a].area_class;
      }
      t.areas.back().area_name = "(không xác định / unplaced)";
    }
    for (std::size_t row = 0; row < k.result.rows; ++row) {
      count(t.total, k.result.decision[row]);
      if (by == ReportBy::province) continue;
      std::int32_t a = by == ReportBy::commune ? k.commune[row] : k.district[row];
      count(t.areas[a < 0 ? places.size() : static_cast<std::size_t>(a)], k.result.decision[row]);
    }
    // An area without entities has no rate: nothing to hold against a target.
    if (t.total.entities > 0) t.total.targets = checks_for(targets, k.title, year, results.place, "", t.total.rate());
    for (RateRow& a : t.areas)
      if (a.entities > 0 && !a.area_id.empty())  // the unplaced row is no area: no target
        a.targets = checks_for(targets, k.title, year, a.area_id.empty() ? results.place : results.place + "/" + a.area_id, a.area_class, a.rate());
    if (!t.areas.empty() && t.areas.back().entities == 0) t.areas.pop_back();
    r.titles.push_back(std::move(t));
  }
  r.files = results.files;
  std::map<std::string, std::size_t> by_code;
  for (const RowIssue& i : results.issues) ++by_code[i.code];
  r.problem_counts.assign(by_code.begin(), by_code.end());
  return r;
}

std::string problem_meaning(const std::string& code, Lang lang) {
  for (const ProblemCode& p : kProblems)
    if (code == p.code) return lang == Lang::vi ? p.vi : p.en;
  return code;
}

namespace {

std::string render_text(const Report& r, bool vi) {
  std::ostringstream o;
  auto w = [vi](const char* a, const char* b) { return vi ? a : b; };
  // A problem's place: its data row, or the header for a problem of the file's columns.
  auto where = [&](const RowIssue& i) { return i.row == 0 ? std::string(w("dòng tiêu đề", "header")) : w("dòng dữ liệu ", "row ") + std::to_string(i.row); };
  o << w("BÁO CÁO XÂY DỰNG XÃ HỘI HỌC TẬP", "LEARNING-SOCIETY REPORT") << " — " << r.name << "\n";
  o << w("Ngày đánh giá: ", "Assessment date: ") << r.date.to_string() << "\n\n";
  o << pad(w("Danh hiệu", "Title"), 30) << pad(w("Số", "Entities"), 11, true) << pad(w("Đạt", "Recog."), 11, true)
    << pad(w("Tỷ lệ", "Rate"), 8, true) << pad(w("Chưa ĐG", "N/A"), 9, true) << "  " << w("So với mục tiêu", "Against targets") << "\n";
  o << std::string(100, '-') << "\n";
  auto target_text = [&](const std::vector<TargetCheck>& ts) {
    std::string s;
    for (const TargetCheck& t : ts) {
      if (!s.empty()) s += "; ";
      s += std::to_string(t.year) + " " + share_percent(t.share) + (t.met ? w(" đạt", " met") : w(" CHƯA ĐẠT", " NOT MET"));
      if (t.confidence != Confidence::confirmed) s += t.confidence == Confidence::inferred ? w(" (suy luận)", " (inferred)") : w(" (chưa rõ)", " (unknown)");
    }
    return s.empty() ? std::string("—") : s;
  };
  auto rate_of = [](const RateRow& a) { return a.entities ? a.rate() : NAN; };
  for (const TitleReport& t : r.titles) {
    o << pad(short_name(t, vi), 30) << pad(grouped(t.total.entities), 11, true) << pad(grouped(t.total.recognized), 11, true)
      << pad(percent(rate_of(t.total)), 8, true) << pad(grouped(t.total.not_assessable), 9, true) << "  " << target_text(t.total.targets) << "\n";
  }
  o << "\n" << w("Bộ tiêu chí áp dụng:", "Criteria used:") << "\n";
  for (const TitleReport& t : r.titles)
    o << "  " << pad(short_name(t, vi), 30) << t.instrument << " (" << t.set_id << ")" << own_set(t, vi) << "\n";
  std::set<std::string> instruments;
  for (const TitleReport& t : r.titles)
    for (const TargetCheck& c : t.total.targets) instruments.insert(std::to_string(c.year) + ": " + c.instrument);
  if (!instruments.empty()) {
    o << w("Mục tiêu:", "Targets:") << "\n";
    for (const std::string& s : instruments) o << "  " << s << "\n";
  }
  for (const TitleReport& t : r.titles) {
    if (t.areas.empty()) continue;
    o << "\n" << short_name(t, vi) << " — " << (r.by == ReportBy::commune ? w("theo xã", "by commune") : w("theo huyện", "by district")) << "\n";
    for (const RateRow& a : t.areas) {
      o << "  " << pad(a.area_name + (a.area_class.empty() ? "" : " *"), 28) << pad(grouped(a.recognized) + "/" + grouped(a.entities), 16, true)
        << pad(percent(rate_of(a)), 8, true) << "  " << (a.entities ? target_text(a.targets) : w("không có đối tượng", "no entities")) << "\n";
      for (const auto& [why, n] : a.unplaced_why) o << "      " << w("vì: ", "why: ") << why << " (" << grouped(n) << ")\n";
    }
  }
  if (r.by != ReportBy::province) o << "  * " << w("vùng khó khăn (mục tiêu thấp hơn nếu văn bản quy định)", "difficult area (lower targets where the instrument gives them)") << "\n";
  o << "\n" << w("Tệp: dòng = tiêu đề + dòng đọc được + dòng không đọc được + dòng trống + dòng nối (trong ô có nháy)",
                 "Files: lines = header + rows read + unreadable lines + blank lines + continued lines (inside quotes)") << "\n";
  for (const FileStats& f : r.files)
    o << "  " << pad(f.file, 20) << pad(grouped(f.lines), 12, true) << " = " << f.header_lines << " + " << grouped(f.rows_read) << " + "
      << grouped(f.rows_unreadable) << " + " << grouped(f.blank_lines) << " + " << grouped(f.continued_lines) << "\n";
  o << "\n";
  if (r.issues.empty()) {
    o << w("Không có vấn đề dữ liệu.", "No data problems.") << "\n";
  } else {
    o << w("Vấn đề dữ liệu: ", "Data problems: ") << grouped(r.issues.size())
      << w(" (mọi dòng vẫn được tính; dòng không đọc được có mọi giá trị coi là thiếu)", " (every row still counts; an unreadable line with every value missing)") << "\n";
    for (const auto& [code, n] : r.problem_counts)
      o << "  " << code << pad(grouped(n), 10, true) << "  " << problem_meaning(code, vi ? Lang::vi : Lang::en) << "\n";
    std::size_t shown = 0;
    for (const RowIssue& i : r.issues) {
      if (++shown > 50) {
        o << "  … " << grouped(r.issues.size() - 50) << w(" vấn đề nữa (--format json liệt kê tất cả)", " more (--format json lists all)") << "\n";
        break;
      }
      o << "  " << i.file << ":" << i.line << " (" << where(i) << ") [" << i.code << "]"
        << (i.field.empty() ? "" : " " + i.field) << ": " << i.reason << "\n";
    }
  }
  return clean(o.str());
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string render_csv(const Report& r) {
  std::ostringstream o;
  o << "title,set_id,area_id,area_name,entities,recognized,not_recognized,not_assessable,rate,target_year,target_share,target_met,target_instrument\n";
  auto rows = [&](const TitleReport& t, const RateRow& a) {
    auto base = [&]() {
      std::ostringstream b;
      b << t.title << ',' << csv_field(t.set_id) << ',' << csv_field(a.area_id) << ',' << csv_field(a.area_name) << ',' << a.entities << ','
        << a.recognized << ',' << a.not_recognized << ',' << a.not_assessable << ',';
      char rate[32];
      std::snprintf(rate, sizeof rate, "%.6f", a.rate());
      if (a.entities > 0) b << rate;  // an area without entities has no rate
      return b.str();
    };
    if (a.targets.empty()) o << base() << ",,,,\n";
    for (const TargetCheck& c : a.targets)
      o << base() << ',' << c.year << ',' << c.share.to_string() << ',' << (c.met ? "true" : "false") << ',' << csv_field(c.instrument) << "\n";
  };
  for (const TitleReport& t : r.titles) {
    rows(t, t.total);
    for (const RateRow& a : t.areas) rows(t, a);
  }
  // The data problems by code: title `problems`, the code as set_id, the count as entities.
  for (const auto& [code, n] : r.problem_counts)
    o << "problems," << code << ",," << csv_field(problem_meaning(code, Lang::en)) << ',' << n << ",,,,,,,,\n";
  return clean(o.str());
}

void json_rate(std::string& o, const RateRow& a) {
  o += "{\"area_id\":";
  json_string(o, a.area_id);
  o += ",\"area_name\":";
  json_string(o, a.area_name);
  o += ",\"area_class\":";
  json_string(o, a.area_class);
  o += ",\"entities\":" + std::to_string(a.entities) + ",\"recognized\":" + std::to_string(a.recognized) +
       ",\"not_recognized\":" + std::to_string(a.not_recognized) + ",\"not_assessable\":" + std::to_string(a.not_assessable);
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.6f", a.rate());
  o += ",\"rate\":";
  o += a.entities > 0 ? rate : "null";  // an area without entities has no rate
  if (!a.unplaced_why.empty()) {
    o += ",\"unplaced_why\":[";
    for (std::size_t i = 0; i < a.unplaced_why.size(); ++i) {
      o += i ? ",{\"why\":" : "{\"why\":";
      json_string(o, a.unplaced_why[i].first);
      o += ",\"rows\":" + std::to_string(a.unplaced_why[i].second) + "}";
    }
    o += "]";
  }
  o += ",\"targets\":[";
  for (std::size_t i = 0; i < a.targets.size(); ++i) {
    const TargetCheck& c = a.targets[i];
    if (i) o += ',';
    o += "{\"indicator\":";
    json_string(o, c.indicator);
    o += ",\"year\":" + std::to_string(c.year) + ",\"share\":" + c.share.to_string() + ",\"met\":" + (c.met ? "true" : "false") + ",\"instrument\":";
    json_string(o, c.instrument);
    o += ",\"confidence\":";
    json_string(o, to_string(c.confidence));
    o += ",\"place\":";
    json_string(o, c.place);
    o += '}';
  }
  o += "]}";
}

std::string render_json(const Report& r) {
  std::string o = "{\"name\":";
  json_string(o, r.name);
  o += ",\"place\":";
  json_string(o, r.place);
  o += ",\"date\":";
  json_string(o, r.date.to_string());
  o += ",\"titles\":[";
  for (std::size_t i = 0; i < r.titles.size(); ++i) {
    const TitleReport& t = r.titles[i];
    if (i) o += ',';
    o += "{\"kind\":";
    json_string(o, t.kind);
    o += ",\"title\":";
    json_string(o, t.title);
    o += ",\"set_id\":";
    json_string(o, t.set_id);
    o += ",\"name_vi\":";
    json_string(o, t.name_vi);
    o += ",\"name_en\":";
    json_string(o, t.name_en);
    o += ",\"instrument\":";
    json_string(o, t.instrument);
    o += ",\"set_place\":";
    if (t.set_place.empty()) o += "null";
    else json_string(o, t.set_place);
    o += ",\"total\":";
    json_rate(o, t.total);
    o += ",\"areas\":[";
    for (std::size_t a = 0; a < t.areas.size(); ++a) {
      if (a) o += ',';
      json_rate(o, t.areas[a]);
    }
    o += "]}";
  }
  o += "],\"issues\":[";
  for (std::size_t i = 0; i < r.issues.size(); ++i) {
    const RowIssue& is = r.issues[i];
    if (i) o += ',';
    o += "{\"file\":";
    json_string(o, is.file);
    o += ",\"row\":" + std::to_string(is.row) + ",\"line\":" + std::to_string(is.line) + ",\"code\":";
    json_string(o, is.code);
    o += ",\"field\":";
    json_string(o, is.field);
    o += ",\"reason\":";
    json_string(o, is.reason);
    o += '}';
  }
  o += "],\"problem_counts\":{";
  for (std::size_t i = 0; i < r.problem_counts.size(); ++i) {
    if (i) o += ',';
    json_string(o, r.problem_counts[i].first);
    o += ":" + std::to_string(r.problem_counts[i].second);
  }
  o += "},\"files\":[";
  for (std::size_t i = 0; i < r.files.size(); ++i) {
    const FileStats& f = r.files[i];
    if (i) o += ',';
    o += "{\"file\":";
    json_string(o, f.file);
    o += ",\"lines\":" + std::to_string(f.lines) + ",\"header_lines\":" + std::to_string(f.header_lines) + ",\"rows_read\":" +
         std::to_string(f.rows_read) + ",\"rows_unreadable\":" + std::to_string(f.rows_unreadable) + ",\"blank_lines\":" +
         std::to_string(f.blank_lines) + ",\"continued_lines\":" + std::to_string(f.continued_lines) + "}";
  }
  o += "]}\n";
  return o;
}

// One horizontal bar chart: a bar per row, with each target as a tick on its bar.
std::string svg_bars(const std::vector<std::pair<std::string, const RateRow*>>& rows) {
  const int label_w = 220, bar_w = 460, row_h = 26, top = 8;
  const int height = top * 2 + row_h * static_cast<int>(rows.size());
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" << label_w + bar_w + 70 << "\" height=\"" << height << "\">";
  for (int pct : {0, 25, 50, 75, 100}) {
    int x = label_w + bar_w * pct / 100;
    o << "<line x1=\"" << x << "\" y1=\"0\" x2=\"" << x << "\" y2=\"" << height << "\" stroke=\"#ddd\"/>";
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RateRow& r = *rows[i].second;
    const int y = top + row_h * static_cast<int>(i);
    const int w = static_cast<int>(bar_w * r.rate() + 0.5);
    bool all_met = true;
    for (const TargetCheck& t : r.targets) all_met = all_met && t.met;
    o << "<text x=\"" << label_w - 8 << "\" y=\"" << y + 17 << "\" text-anchor=\"end\" font-size=\"13\">" << html_escape(rows[i].first) << "</text>";
    o << "<rect x=\"" << label_w << "\" y=\"" << y + 4 << "\" width=\"" << w << "\" height=\"" << row_h - 8 << "\" fill=\""
      << (r.targets.empty() ? "#7a9cc6" : all_met ? "#4f9a5b" : "#d08a3a") << "\"/>";
    o << "<text x=\"" << label_w + w + 6 << "\" y=\"" << y + 17 << "\" font-size=\"12\">" << percent(r.rate()) << "</text>";
    for (const TargetCheck& t : r.targets) {
      const int x = label_w + static_cast<int>(bar_w * t.share.to_double() + 0.5);
      o << "<line x1=\"" << x << "\" y1=\"" << y + 1 << "\" x2=\"" << x << "\" y2=\"" << y + row_h - 1 << "\" stroke=\"#222\" stroke-width=\"2\">"
        << "<title>" << t.year << ": " << share_percent(t.share) << " (" << html_escape(t.instrument) << ")</title></line>";
    }
  }
  o << "</svg>";
  return o.str();
}

std::string render_html(const Report& r, bool vi) {
  auto w = [vi](const char* a, const char* b) { return vi ? a : b; };
  // A problem's place: its data row, or the header for a problem of the file's columns.
  auto where = [&](const RowIssue& i) { return i.row == 0 ? std::string(w("dòng tiêu đề", "header")) : w("dòng dữ liệu ", "row ") + std::to_string(i.row); };
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"" << (vi ? "vi" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
    << html_escape(std::string(w("Báo cáo xã hội học tập — ", "Learning-society report — ")) + r.name) << "</title>\n<style>\n"
    << "body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#222}\n"
    << "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.3rem .6rem}td.n{text-align:right}\n"
    << "th{background:#f3f3f3}.met{color:#2e7d32}.not-met{color:#b35c00;font-weight:bold}small{color:#666}\n</style>\n</head>\n<body>\n";
  o << "<h1>" << w("Báo cáo xây dựng xã hội học tập", "Learning-society report") << "</h1>\n<p>" << html_escape(r.name) << " — "
    << w("ngày đánh giá ", "assessment date ") << "<span id=\"date\">" << r.date.to_string() << "</span></p>\n";
  std::vector<std::pair<std::string, const RateRow*>> bars;
  for (const TitleReport& t : r.titles) bars.emplace_back(short_name(t, vi), &t.total);
  o << svg_bars(bars) << "\n<p><small>" << w("Vạch đen: mục tiêu (rê chuột để xem văn bản).", "Black ticks: targets (hover for the instrument).") << "</small></p>\n";
  auto targets_html = [&](const std::vector<TargetCheck>& ts) {
    std::string s;
    for (const TargetCheck& t : ts) {
      if (!s.empty()) s += "<br>";
      s += std::string("<span class=\"") + (t.met ? "met" : "not-met") + "\">" + std::to_string(t.year) + ": " + share_percent(t.share) + " — " +
           (t.met ? w("đạt", "met") : w("chưa đạt", "not met")) + "</span>";
      if (t.confidence != Confidence::confirmed)
        s += t.confidence == Confidence::inferred ? w(" <small>(suy luận)</small>", " <small>(inferred)</small>") : w(" <small>(chưa rõ)</small>", " <small>(unknown)</small>");
    }
    return s.empty() ? std::string("—") : s;
  };
  o << "<table id=\"summary\">\n<tr><th>" << w("Danh hiệu", "Title") << "</th><th>" << w("Số", "Entities") << "</th><th>" << w("Đạt", "Recognized")
    << "</th><th>" << w("Tỷ lệ", "Rate") << "</th><th>" << w("Chưa đánh giá được", "Not assessable") << "</th><th>" << w("So với mục tiêu", "Against targets")
    << "</th><th>" << w("Bộ tiêu chí", "Criteria") << "</th></tr>\n";
  for (const TitleReport& t : r.titles) {
    o << "<tr data-title=\"" << t.title << "\"><td>" << html_escape(short_name(t, vi)) << "</td><td class=\"n entities\">" << grouped(t.total.entities)
      << "</td><td class=\"n recognized\">" << grouped(t.total.recognized) << "</td><td class=\"n rate\">" << percent(t.total.rate())
      << "</td><td class=\"n\">" << grouped(t.total.not_assessable) << "</td><td>" << targets_html(t.total.targets) << "</td><td><small>"
      << html_escape(t.instrument) << html_escape(own_set(t, vi)) << "</small></td></tr>\n";
  }
  o << "</table>\n";
  for (const TitleReport& t : r.titles) {
    if (t.areas.empty()) continue;
    o << "<h2>" << html_escape(short_name(t, vi)) << " — " << (r.by == ReportBy::commune ? w("theo xã", "by commune") : w("theo huyện", "by district")) << "</h2>\n";
    std::vector<std::pair<std::string, const RateRow*>> area_bars;
    for (const RateRow& a : t.areas) area_bars.emplace_back(a.area_name + (a.area_class.empty() ? "" : " *"), &a);
    o << svg_bars(area_bars) << "\n<table class=\"areas\" data-title=\"" << t.title << "\">\n<tr><th>" << w("Địa bàn", "Area") << "</th><th>"
      << w("Đạt / Số", "Recognized / entities") << "</th><th>" << w("Tỷ lệ", "Rate") << "</th><th>" << w("So với mục tiêu", "Against targets") << "</th></tr>\n";
    for (const RateRow& a : t.areas) {
      std::string why;
      for (const auto& [text, n] : a.unplaced_why) why += "<br><small>" + std::string(w("vì: ", "why: ")) + html_escape(text) + " (" + grouped(n) + ")</small>";
      o << "<tr><td>" << html_escape(a.area_name) << (a.area_class.empty() ? "" : " *") << why << "</td><td class=\"n\">" << grouped(a.recognized) << " / "
        << grouped(a.entities) << "</td><td class=\"n rate\">" << (a.entities ? percent(a.rate()) : "—") << "</td><td>"
        << (a.entities ? targets_html(a.targets) : w("không có đối tượng", "no entities")) << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  o << "<h2>" << w("Tệp", "Files") << "</h2>\n<table id=\"files\">\n<tr><th>" << w("Tệp", "File") << "</th><th>" << w("Dòng", "Lines") << "</th><th>"
    << w("Tiêu đề", "Header") << "</th><th>" << w("Dòng đọc được", "Rows read") << "</th><th>" << w("Không đọc được", "Unreadable") << "</th><th>"
    << w("Trống", "Blank") << "</th><th>" << w("Dòng nối", "Continued") << "</th></tr>\n";
  for (const FileStats& f : r.files)
    o << "<tr><td>" << html_escape(f.file) << "</td><td class=\"n\">" << grouped(f.lines) << "</td><td class=\"n\">" << f.header_lines
      << "</td><td class=\"n\">" << grouped(f.rows_read) << "</td><td class=\"n\">" << grouped(f.rows_unreadable) << "</td><td class=\"n\">"
      << grouped(f.blank_lines) << "</td><td class=\"n\">" << grouped(f.continued_lines) << "</td></tr>\n";
  o << "</table>\n<h2>" << w("Vấn đề dữ liệu", "Data problems") << "</h2>\n";
  if (r.issues.empty()) o << "<p>" << w("Không có.", "None.") << "</p>\n";
  else {
    o << "<p id=\"issues\">" << grouped(r.issues.size())
      << w(" (mọi dòng vẫn được tính; dòng không đọc được có mọi giá trị coi là thiếu).", " (every row still counts; an unreadable line with every value missing).") << "</p>\n<ul id=\"problem-counts\">\n";
    for (const auto& [code, n] : r.problem_counts)
      o << "<li>" << code << " × " << grouped(n) << ": " << html_escape(problem_meaning(code, vi ? Lang::vi : Lang::en)) << "</li>\n";
    o << "</ul>\n<ul>\n";
    std::size_t shown = 0;
    for (const RowIssue& i : r.issues) {
      if (++shown > 200) break;
      o << "<li>" << html_escape(i.file) << ":" << i.line << " (" << where(i) << ") [" << i.code << "] " << html_escape(i.field)
        << ": " << html_escape(i.reason) << "</li>\n";
    }
    o << "</ul>\n";
  }
  o << "</body>\n</html>\n";
  return clean(o.str());
}

}  // namespace

std::string render_report(const Report& report, ReportFormat format, Lang lang) {
  switch (format) {
    case ReportFormat::text: return render_text(report, lang == Lang::vi);
    case ReportFormat::csv: return render_csv(report);
    case ReportFormat::json: return render_json(report);
    case ReportFormat::html: return render_html(report, lang == Lang::vi);
  }
  return render_text(report, lang == Lang::vi);
}

}  // namespace v0
}  // namespace hoctap
