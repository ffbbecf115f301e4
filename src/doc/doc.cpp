// Rendering a criteria set as a document: built once as sections of tables, then
// written as Markdown or HTML.
#include "hoctap/doc.hpp"

#include <sstream>

#include "doc/sentence.hpp"
#include "model/model.hpp"
#include "util/numeric.hpp"
#include "util/text.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

using internal::CompiledSet;
using internal::html_escape;
using internal::PointsRule;
using internal::RuleNode;

struct Table {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
};

struct Section {
  std::string title;
  std::vector<std::string> paragraphs;
  Table table;
};

struct Words {
  bool vi;
  const CompiledSet* set = nullptr;
  const Record* context = nullptr;  // picks parameter values by area (render_document)
  const char* operator()(const char* v, const char* e) const { return vi ? v : e; }
};

// A rule as a sentence (doc/sentence.hpp), not as the expression.
std::string told(const internal::Formula& f, Words w) { return internal::sentence(*w.set, *f.root, w.vi, w.context); }

std::string confidence_text(Confidence c, const std::string& note, Words w) {
  std::string s = c == Confidence::confirmed ? w("đã xác nhận", "confirmed")
                  : c == Confidence::inferred ? w("suy luận", "inferred")
                                              : w("chưa rõ", "unknown");
  if (!note.empty()) s += ": " + note;
  return s;
}

// The confidence of a place beside its value, when the file declares one or the place is
// not confirmed: ` (suy luận: …)`.
std::string mark_text(const internal::Mark& m, Words w) {
  if (!m.declared && m.confidence == Confidence::confirmed) return {};
  return " (" + confidence_text(m.confidence, m.note, w) + ")";
}

std::string rounding_text(internal::Rounding r, Words w) {
  switch (r) {
    case internal::Rounding::half_up: return w("làm tròn", "rounded half up");
    case internal::Rounding::half_even: return w("làm tròn về số chẵn", "rounded half to even");
    case internal::Rounding::floor: return w("làm tròn xuống", "rounded down");
    case internal::Rounding::ceil: return w("làm tròn lên", "rounded up");
    case internal::Rounding::truncate: return w("cắt bớt", "truncated");
  }
  return {};
}

std::string points_text(const CompiledSet& s, const RuleNode& n, Words w) {
  std::string out;
  const PointsRule& p = n.points;
  switch (p.kind) {
    case PointsRule::Kind::conditions:
      for (const auto& c : p.cases) out += c.points.to_string() + w(" điểm khi ", " points when ") + told(c.when, w) + "; ";
      out += w("không thì ", "otherwise ") + p.otherwise->to_string();
      break;
    case PointsRule::Kind::formula:
      out += told(p.formula, w) + ", " + rounding_text(p.rounding, w) + (p.digits ? " (" + internal::decimals_text(p.digits, w.vi) + ")" : "");
      break;
    case PointsRule::Kind::assessed:
      out += w("người đánh giá chấm (", "entered by the assessor (") + std::string("`score.") + n.id + "`)";
      break;
    case PointsRule::Kind::none:
      break;
  }
  if (n.scoring_mark.declared) out += std::string(w(". Cách chấm", ". Scoring")) + mark_text(n.scoring_mark, w);
  if (n.applies_when) {
    out += std::string(w(". Chỉ áp dụng khi ", ". Applies only when ")) + told(n.applies_when, w) + w("; nếu không áp dụng: ", "; if not: ") +
           (n.not_applicable_full ? w("đủ điểm", "full points") : w("0 điểm", "no points"));
    if (n.applicability_mark.declared) out += mark_text(n.applicability_mark, w);
  }
  if (n.pass_at) out += std::string(w(". Cần ≥ ", ". Needs ≥ ")) + n.pass_at->to_string();
  (void)s;
  return out;
}

std::string requires_text(const CompiledSet& s, const RuleNode& n, std::size_t level, Words w) {
  const internal::Formula* f = nullptr;
  for (std::size_t l = 0; l <= level && l < n.requires.size(); ++l)
    if (n.requires[l]) f = &n.requires[l];
  std::string out = f ? told(*f, w) : "";
  if (level > 0 && level < n.requires.size() && !n.requires[level]) out = w("như mức dưới", "as the level below");
  if (level == 0 && n.applies_when) {
    out += std::string(w(". Chỉ áp dụng khi ", ". Applies only when ")) + told(n.applies_when, w);
    if (n.applicability_mark.declared) out += mark_text(n.applicability_mark, w);
  }
  (void)s;
  return out;
}

std::string type_text(const CompiledSet& s, const internal::Field& f, Words w) {
  using K = internal::Type::Kind;
  switch (f.type.kind) {
    case K::boolean: return w("có/không", "yes/no");
    case K::integer: return w("số nguyên", "whole number");
    case K::decimal: return w("số thập phân", "decimal");
    case K::date: return w("ngày", "date");
    case K::text: return w("văn bản", "text");
    case K::category: {
      const internal::Scale& sc = s.scales[static_cast<std::size_t>(f.type.scale)];
      std::string out;
      for (std::size_t i = 0; i < sc.values.size(); ++i) out += (i ? " < " : "") + (w.vi ? sc.labels[i].vi : sc.labels[i].en);
      return out;
    }
    case K::list: {
      const internal::Schema& ms = s.schemas[static_cast<std::size_t>(f.type.schema)];
      std::string out = w("danh sách", "list");
      if (!ms.member_title.empty()) out += std::string(w(" (kết quả theo danh hiệu `", " (results under title `")) + ms.member_title + "`)";
      return out;
    }
    case K::error: break;
  }
  return {};
}

std::vector<Section> build(const CompiledSet& s, Words w) {
  std::vector<Section> out;
  Section meta;
  meta.title = w("Thông tin chung", "About this set");
  meta.table.head = {w("Mục", "Item"), w("Nội dung", "Value")};
  auto row = [&](const char* vi, const char* en, std::string v) {
    if (!v.empty()) meta.table.rows.push_back({w(vi, en), std::move(v)});
  };
  row("Mã bộ tiêu chí", "Set id", "`" + s.id + "`");
  row("Danh hiệu", "Title", "`" + s.title + "`");
  static const std::pair<const char*, std::pair<const char*, const char*>> kEntities[] = {
      {"citizen", {"công dân", "citizen"}},   {"family", {"gia đình", "family"}},   {"clan", {"dòng họ", "clan"}},
      {"community", {"cộng đồng (thôn, bản, tổ dân phố)", "community (village)"}}, {"unit", {"đơn vị", "unit"}},
      {"commune", {"xã", "commune"}},         {"district", {"huyện", "district"}}, {"province", {"tỉnh", "province"}}};
  for (const auto& [id, names] : kEntities)
    if (s.entity == id) row("Đối tượng", "Entity", w(names.first, names.second));
  // A place's own version of a title (`place:`); a set without one is not said to be
  // national, since a local title (Quảng Ninh's "… hiếu học") has no place either.
  row("Nơi áp dụng", "Applies in", s.place.empty() ? std::string()
                                                  : "`" + s.place + "`" + w(" (bộ riêng của địa phương này; nơi khác theo bộ toàn quốc)",
                                                                          " (this place's own set; elsewhere the national one applies)"));
  row("Phiên bản", "Version", s.version);
  row("Hiệu lực", "In force", s.valid_from.to_string() + (s.valid_from_mark.line ? mark_text(s.valid_from_mark, w) : "") + " – " +
                                 (s.valid_to ? s.valid_to->to_string() : w("nay", "now")) + (s.valid_to_mark.line ? mark_text(s.valid_to_mark, w) : ""));
  row("Thay thế", "Supersedes", s.supersedes.empty() ? "" : "`" + s.supersedes + "`");
  row("Văn bản", "Instrument", s.legal.instrument);
  row("Cơ quan ban hành", "Issuer", s.legal.issuer);
  row("Ngày ký", "Signed", s.legal.signed_on ? s.legal.signed_on->to_string() : "");
  row("Điều, khoản", "Article", s.legal.article);
  row("Nguồn", "Source", s.legal.source);
  row("Độ tin cậy", "Confidence", confidence_text(s.legal.confidence, s.legal.note, w));
  row("Cách đánh giá", "Scoring", s.levels_mode ? w("theo mức độ (đạt tất cả chỉ số của mức)", "by level (every indicator of the level)")
                                                : std::string(w("theo điểm, tối đa ", "by points, out of ")) + s.max_total.to_string() +
                                                      (s.max_total_mark.line ? mark_text(s.max_total_mark, w) : ""));
  out.push_back(std::move(meta));

  Section tree;
  tree.title = w("Tiêu chí và chỉ số", "Criteria and indicators");
  if (s.levels_mode) {
    tree.table.head = {w("Mã", "Id"), w("Tiêu chí / chỉ số", "Criterion / indicator")};
    for (const auto& l : s.levels) tree.table.head.push_back(w.vi ? l.name.vi : l.name.en);
    tree.table.head.push_back(w("Độ tin cậy", "Confidence"));
  } else {
    tree.table.head = {w("Mã", "Id"), w("Tiêu chí / chỉ số", "Criterion / indicator"), w("Điểm tối đa", "Max"),
                       w("Cách tính điểm", "How points are awarded"), w("Độ tin cậy", "Confidence")};
  }
  for (const RuleNode& n : s.nodes) {
    std::string name = std::string(static_cast<std::size_t>(n.depth) * 2, ' ') + (w.vi ? n.name.vi : n.name.en);
    if (!n.indicator) name = "**" + name + "**";
    std::vector<std::string> r = {"`" + n.id + "`", name};
    if (s.levels_mode) {
      for (std::size_t l = 0; l < s.levels.size(); ++l) r.push_back(n.indicator ? requires_text(s, n, l, w) : "");
    } else {
      r.push_back(n.max_known ? n.max.to_string() : w("chưa rõ", "unknown"));
      r.push_back(n.indicator ? points_text(s, n, w) : (n.pass_at ? std::string(w("Cần ≥ ", "Needs ≥ ")) + n.pass_at->to_string() : ""));
    }
    r.push_back(confidence_text(n.confidence, n.note, w) + (n.source.empty() ? "" : std::string(w(". Nguồn: ", ". Source: ")) + n.source));
    tree.table.rows.push_back(std::move(r));
  }
  out.push_back(std::move(tree));

  if (!s.bands.empty()) {
    Section g;
    g.title = w("Xếp loại", "Grades");
    g.table.head = {w("Loại", "Grade"), w("Tổng điểm", "Total"), w("Được công nhận", "Recognized"), w("Độ tin cậy", "Confidence")};
    for (auto it = s.bands.rbegin(); it != s.bands.rend(); ++it)
      g.table.rows.push_back({w.vi ? it->name.vi : it->name.en,
                              "≥ " + it->min.to_string() + (it->below ? " " + std::string(w("và", "and")) + " < " + it->below->to_string() : ""),
                              it->recognized ? w("có", "yes") : w("không", "no"), confidence_text(it->mark.confidence, it->mark.note, w)});
    if (s.otherwise)
      g.table.rows.push_back({w.vi ? s.otherwise->name.vi : s.otherwise->name.en, w("còn lại", "otherwise"), w("không", "no"),
                              confidence_text(s.grades_mark.confidence, "", w)});
    if (s.grades_mark.declared) g.paragraphs.push_back(std::string(w("Độ tin cậy của bảng xếp loại: ", "Confidence of the grade table: ")) +
                                                       confidence_text(s.grades_mark.confidence, s.grades_mark.note, w));
    out.push_back(std::move(g));
  }

  Section rec;
  rec.title = w("Điều kiện công nhận", "Recognition");
  if (s.levels_mode) rec.paragraphs.push_back(w("Đạt một mức khi mọi chỉ số áp dụng đạt yêu cầu của mức đó; được công nhận từ mức thấp nhất.",
                                                "A level is reached when every applicable indicator meets its condition; recognized from the lowest level."));
  if (s.min_total) rec.paragraphs.push_back(std::string(w("Tổng điểm từ ", "Total at least ")) + told(s.min_total, w) + w(" trở lên.", "."));
  if (s.every_indicator_at_least)
    rec.paragraphs.push_back(std::string(w("Mỗi chỉ số áp dụng đạt ít nhất ", "Every applicable indicator scores at least ")) +
                             s.every_indicator_at_least->to_string() + w(" điểm.", " points."));
  for (const auto& k : s.knockouts)
    rec.paragraphs.push_back(std::string(w("Loại trừ: ", "Knock-out: ")) + (w.vi ? k.name.vi : k.name.en) + " (" + told(k.when, w) + ").");
  if (!s.bands.empty() && !s.min_total) rec.paragraphs.push_back(w("Được công nhận theo loại (bảng trên).", "Recognized by grade (table above)."));
  if (s.recognition_mark.line && (s.recognition_mark.declared || s.recognition_mark.confidence != Confidence::confirmed))
    rec.paragraphs.push_back(std::string(w("Độ tin cậy (điều kiện công nhận): ", "Confidence (recognition): ")) +
                             confidence_text(s.recognition_mark.confidence, s.recognition_mark.note, w));
  out.push_back(std::move(rec));

  if (!s.parameters.empty()) {
    Section p;
    p.title = w("Tham số", "Parameters");
    p.table.head = {w("Tham số", "Parameter"), w("Giá trị", "Value"), w("Độ tin cậy", "Confidence")};
    for (const auto& par : s.parameters) {
      auto fmt = [&](std::int64_t v) {
        return par.type.kind == internal::Type::Kind::boolean ? std::string(v ? "true" : "false") : Decimal::from_units(v).to_string();
      };
      std::string value;
      if (par.by_slot < 0) {
        value = par.fallback ? fmt(*par.fallback) : "";
      } else {
        const internal::Scale& sc = s.scales[static_cast<std::size_t>(par.by_scale)];
        for (std::size_t i = 0; i < sc.values.size(); ++i) {
          auto v = par.by_value[i] ? par.by_value[i] : par.fallback;
          value += (i ? "; " : "") + (w.vi ? sc.labels[i].vi : sc.labels[i].en) + ": " + (v ? fmt(*v) : "?");
        }
      }
      p.table.rows.push_back({"`" + par.name + "` " + (w.vi ? par.label.vi : par.label.en), value, confidence_text(par.confidence, par.note, w)});
    }
    out.push_back(std::move(p));
  }

  Section in;
  in.title = w("Dữ liệu đầu vào", "Inputs");
  in.table.head = {w("Tên", "Name"), w("Nội dung", "Meaning"), w("Kiểu", "Type")};
  for (const auto& sch : s.schemas) {
    for (const auto& f : sch.fields) {
      std::string name = sch.name.empty() ? f.name : sch.name + "[]." + f.name;
      std::string type = type_text(s, f, w);
      if (f.min || f.max) type += " " + (f.min ? f.min->to_string() : "…") + ".." + (f.max ? f.max->to_string() : "…");
      std::string meaning = w.vi ? f.label.vi : f.label.en;
      if (f.local) meaning += w(" (giá trị địa phương quyết định; có thể cho một lần qua `--context`)",
                                " (a value the locality decides; may be given once with `--context`)");
      in.table.rows.push_back({"`" + name + "`", meaning, type});
    }
  }
  out.push_back(std::move(in));

  if (!s.checks.empty()) {
    Section c;
    c.title = w("Kiểm tra dữ liệu", "Data checks");
    for (const auto& ch : s.checks) c.paragraphs.push_back((w.vi ? ch.message.vi : ch.message.en) + " (" + told(ch.holds, w) + ").");
    out.push_back(std::move(c));
  }

  Section t;
  t.title = w("Ca kiểm thử", "Test cases");
  t.paragraphs.push_back(std::to_string(s.tests.size()) + w(" ca; chạy bằng `hoctap test`.", " cases; run them with `hoctap test`."));
  out.push_back(std::move(t));
  return out;
}

std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

// Markdown's **bold** and `code` inside a cell, as HTML.
std::string html_inline(const std::string& s) {
  std::string e = html_escape(s), out;
  bool in_code = false, in_bold = false;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i] == '`') { out += in_code ? "</code>" : "<code>"; in_code = !in_code; continue; }
    if (!in_code && e.compare(i, 2, "**") == 0) { out += in_bold ? "</b>" : "<b>"; in_bold = !in_bold; ++i; continue; }
    out += e[i];
  }
  return out;
}

}  // namespace

std::string render_document(const CriteriaSet& set, Lang lang, DocFormat format) { return render_document(set, lang, format, nullptr); }

std::string render_document(const CriteriaSet& set, Lang lang, DocFormat format, const Record* context) {
  const CompiledSet& s = *set.compiled();
  Words w{lang == Lang::vi, &s, context};
  std::vector<Section> sections = build(s, w);
  const std::string title = (w.vi ? s.name.vi : s.name.en) + " — " + s.legal.instrument;
  std::ostringstream o;
  if (format == DocFormat::markdown) {
    o << "# " << title << "\n\n";
    o << "<!-- " << w("Tạo bởi `hoctap doc` từ ", "Generated by `hoctap doc` from ") << s.id << w("; không sửa tay.", "; do not edit.") << " -->\n";
    for (const Section& sec : sections) {
      o << "\n## " << sec.title << "\n\n";
      for (const std::string& p : sec.paragraphs) o << p << "\n\n";
      if (sec.table.head.empty()) continue;
      o << "|";
      for (const auto& h : sec.table.head) o << " " << md_cell(h) << " |";
      o << "\n|";
      for (std::size_t i = 0; i < sec.table.head.size(); ++i) o << "---|";
      o << "\n";
      for (const auto& r : sec.table.rows) {
        o << "|";
        for (const auto& c : r) o << " " << md_cell(c) << " |";
        o << "\n";
      }
    }
    return o.str();
  }
  o << "<!DOCTYPE html>\n<html lang=\"" << (w.vi ? "vi" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
    << html_escape(title) << "</title>\n<style>\n"
    << "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}\n"
    << "table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}\n"
    << "th{background:#f3f3f3}code{background:#f6f6f6;padding:0 .2rem}\n"
    // On paper: A4 with margins, the page's width, rows kept whole, headers repeated.
    << "@page{size:A4;margin:15mm 12mm}\n"
    << "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}table{page-break-inside:auto}"
    << "tr,p{page-break-inside:avoid}thead{display:table-header-group}h2{page-break-after:avoid}th{background:#eee}}\n</style>\n</head>\n<body>\n<h1>" << html_escape(title) << "</h1>\n";
  for (const Section& sec : sections) {
    o << "<h2>" << html_escape(sec.title) << "</h2>\n";
    for (const std::string& p : sec.paragraphs) o << "<p>" << html_inline(p) << "</p>\n";
    if (sec.table.head.empty()) continue;
    o << "<table>\n<thead><tr>";
    for (const auto& h : sec.table.head) o << "<th>" << html_escape(h) << "</th>";
    o << "</tr></thead>\n";
    for (const auto& r : sec.table.rows) {
      o << "<tr>";
      for (const auto& c : r) o << "<td>" << html_inline(c) << "</td>";
      o << "</tr>\n";
    }
    o << "</table>\n";
  }
  o << "</body>\n</html>\n";
  return o.str();
}

}  // namespace v0
}  // namespace hoctap
