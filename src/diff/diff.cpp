// Differences between two criteria sets, and their impact on a dataset.
//
// Each set is rendered as a list of parts (Part): every piece of the compiled set that can
// change a result, every name and label, and every piece of provenance, each under a key
// that names the same piece in the other version. Two versions differ exactly where their
// parts differ; the lines of diff_criteria are those differences, so what is compared and
// what is shown cannot drift apart. tests/unit/diff_test.cpp checks that every member of
// the model (src/model/model.hpp) is either rendered here or known not to matter.
#include "hoctap/diff.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "dataset/rows.hpp"
#include "expr/expr.hpp"
#include "model/model.hpp"
#include "util/messages.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

using internal::CompiledSet;
using internal::RuleNode;

std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) {
    char d = c == '\n' ? ' ' : c;
    if (!(d == ' ' && !out.empty() && out.back() == ' ')) out += d;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// A phrase in the output language.
struct Words {
  bool vi;
  const char* operator()(const char* v, const char* e) const { return vi ? v : e; }
};

// What a difference means for the entities judged: a rule decides results, a name or a
// label only how they read, provenance where the set comes from and where it applies.
enum class Group { rules, names, provenance };

// One piece of a set, as comparable text in the output language. `key` names the same
// piece in either version; `parent` is the key of the item (a node, an input, …) the piece
// belongs to, empty for the set's own pieces: a piece is compared only when its item is in
// both versions (an item added or removed is one line). `subject` says what the piece is,
// `value` what it holds, as the file writes it; `compared` the same with every expression in
// its canonical form (canonical_text), so that writing an expression another way that
// judges alike (spaces, parentheses, a comparison the other way round, `1.0` for `1`) is no
// difference. A `summary` is an item's value
// shown when the item is added or removed, its content compared through the item's other parts.
struct Part {
  Group group = Group::rules;
  std::string key, parent, subject, value;
  bool summary = false;
  int section = 0;  // the part of the file it comes from, in file order: lines are grouped by it
  std::string compared;
};

std::string code(const std::string& s) { return "`" + s + "`"; }
// An expression as the file writes it (whitespace folded), or with `canonical`, the set it
// was compiled in, in its canonical form: the form two versions are compared by.
std::string formula_text(const internal::Formula& f, const CompiledSet* canonical = nullptr) {
  if (!f) return "—";
  return code(canonical ? internal::canonical_text(*f.root, *canonical) : one_line(f.text));
}
std::string or_dash(const std::string& s) { return s.empty() ? "—" : s; }

std::string yes_no(bool b, Words w) { return w(b ? "có" : "không", b ? "yes" : "no"); }

std::string confidence_text(Confidence c, Words w) {
  switch (c) {
    case Confidence::confirmed: return w("đã xác nhận", "confirmed");
    case Confidence::inferred: return w("suy luận", "inferred");
    case Confidence::unknown: return w("chưa rõ", "unknown");
  }
  return {};
}

std::string rounding_text(internal::Rounding r, Words w) {
  switch (r) {
    case internal::Rounding::half_up: return w("làm tròn nửa lên", "half up");
    case internal::Rounding::half_even: return w("làm tròn nửa về số chẵn", "half to even");
    case internal::Rounding::floor: return w("làm tròn xuống", "down");
    case internal::Rounding::ceil: return w("làm tròn lên", "up");
    case internal::Rounding::truncate: return w("bỏ phần lẻ", "truncated");
  }
  return {};
}

std::string type_text(const CompiledSet& s, const internal::Type& t, Words w) {
  using K = internal::Type::Kind;
  switch (t.kind) {
    case K::boolean: return w("có/không", "yes/no");
    case K::integer: return w("số nguyên", "whole number");
    case K::decimal: return w("số thập phân", "decimal");
    case K::date: return w("ngày", "date");
    case K::text: return w("văn bản", "text");
    case K::category: return w("giá trị của thang ", "value of scale ") + code(s.scales[static_cast<std::size_t>(t.scale)].id);
    case K::list: return w("danh sách", "list");
    case K::error: break;
  }
  return "?";
}

std::string range_text(const std::optional<Decimal>& min, const std::optional<Decimal>& max) {
  if (min && max) return min->to_string() + ".." + max->to_string();
  if (min) return "≥ " + min->to_string();
  if (max) return "≤ " + max->to_string();
  return "—";
}

// A parameter's value, per value of its scale when it depends on a category input.
std::string param_text(const CompiledSet& s, const internal::Parameter& p, Words w) {
  std::ostringstream o;
  auto v = [&](std::int64_t x) { return p.type.kind == internal::Type::Kind::boolean ? std::string(x ? w("đúng", "true") : w("sai", "false")) : Decimal::from_units(x).to_string(); };
  if (p.by_slot < 0) {
    o << (p.fallback ? v(*p.fallback) : "?");
  } else {
    const auto& sc = s.scales[static_cast<std::size_t>(p.by_scale)];
    for (std::size_t i = 0; i < sc.values.size(); ++i) {
      auto x = p.by_value[i] ? p.by_value[i] : p.fallback;
      o << (i ? ", " : "") << sc.values[i] << " " << (x ? v(*x) : "?");
    }
  }
  return o.str();
}

std::string input_name(const CompiledSet& s, int schema, int slot) {
  for (const auto& f : s.schemas[static_cast<std::size_t>(schema)].fields)
    if (f.slot == slot) return f.name;
  return "?";
}

std::string node_subject(const RuleNode& n, Words w) { return w(n.indicator ? "chỉ số " : "tiêu chí ", n.indicator ? "indicator " : "criterion ") + code(n.id); }

// How an indicator earns its points (`canonical`: as formula_text).
std::string points_text(const internal::PointsRule& p, Words w, const CompiledSet* canonical = nullptr) {
  std::string o;
  switch (p.kind) {
    case internal::PointsRule::Kind::conditions:
      for (const auto& c : p.cases) o += c.points.to_string() + w(" khi ", " when ") + formula_text(c.when, canonical) + "; ";
      o += w("không thì ", "otherwise ") + (p.otherwise ? p.otherwise->to_string() : "?");
      break;
    case internal::PointsRule::Kind::formula: o = formula_text(p.formula, canonical); break;
    case internal::PointsRule::Kind::assessed: o = w("người đánh giá chấm", "entered by the assessor"); break;
    case internal::PointsRule::Kind::none: o = "—"; break;
  }
  return o;
}

std::string band_range(const internal::Band& b) { return "≥ " + b.min.to_string() + (b.below ? " < " + b.below->to_string() : ""); }

// Every part of a set, in file order.
class Render {
 public:
  Render(const CompiledSet& s, Words w) : s_(s), w_(w) {
    scope();
    scales();
    inputs();
    parameters();
    checks();
    nodes();
    grades();
    recognition();
    provenance();
  }
  std::vector<Part> parts;

 private:
  const CompiledSet& s_;
  Words w_;
  std::unordered_map<std::string, int> seen_;
  int section_ = 0;

  // Adds a part; a key written twice (checks and knock-outs need not have distinct ids)
  // gets its rank, so the n-th of a kind meets the n-th. `compared` is given for a value
  // that holds expressions; otherwise the value is compared as it is.
  void add(Group g, std::string key, const std::string& parent, std::string subject, std::string value, bool summary = false,
           std::string compared = {}) {
    const int n = seen_[key]++;
    if (n > 0) key += "#" + std::to_string(n + 1);
    if (compared.empty()) compared = value;
    parts.push_back({g, std::move(key), parent, std::move(subject), std::move(value), summary, section_, std::move(compared)});
  }
  // A part whose value is an expression (or "—" when there is none).
  void add_formula(std::string key, const std::string& parent, std::string subject, const internal::Formula& f) {
    add(Group::rules, std::move(key), parent, std::move(subject), formula_text(f), false, formula_text(f, &s_));
  }
  std::string of(const std::string& item, const char* vi, const char* en) const { return item + ", " + w_(vi, en); }
  // The names of item `key` (empty: the set), one part per language.
  void names(const std::string& key, const std::string& item, const internal::Bilingual& b, bool label = false) {
    const std::string at = key.empty() ? "set" : key;
    add(Group::names, at + "/name_vi", key, of(item, label ? "nhãn tiếng Việt" : "tên tiếng Việt", label ? "Vietnamese label" : "Vietnamese name"), b.vi);
    add(Group::names, at + "/name_en", key, of(item, label ? "nhãn tiếng Anh" : "tên tiếng Anh", label ? "English label" : "English name"), b.en);
  }

  void scope() {
    auto window = [](const CompiledSet& s) { return s.valid_from.to_string() + ".." + (s.valid_to ? s.valid_to->to_string() : ""); };
    add(Group::rules, "title", "", w_("danh hiệu", "title"), s_.title);
    add(Group::rules, "entity", "", w_("đối tượng", "entity"), s_.entity);
    add(Group::rules, "validity", "", w_("hiệu lực", "validity"), window(s_));
    add(Group::rules, "scoring", "", w_("cách chấm", "scoring"), s_.levels_mode ? w_("theo mức độ", "levels") : w_("theo điểm", "points"));
    if (!s_.levels_mode) add(Group::rules, "max_total", "", w_("tổng điểm tối đa", "maximum total"), s_.max_total.to_string());
    names("", w_("bộ tiêu chí", "the set"), s_.name);
    for (const auto& l : s_.levels) {
      const std::string key = "level:" + l.id;
      add(Group::rules, key, "", w_("mức ", "level ") + code(l.id), w_.vi ? l.name.vi : l.name.en, true);
      names(key, w_("mức ", "level ") + code(l.id), l.name);
    }
    std::string order;
    for (const auto& l : s_.levels) order += (order.empty() ? "" : " < ") + l.id;
    if (s_.levels.size() > 1) add(Group::rules, "levels", "", w_("thứ tự các mức", "order of the levels"), order);
  }

  void scales() {
    ++section_;
    for (const auto& sc : s_.scales) {
      const std::string key = "scale:" + sc.id, item = w_("thang ", "scale ") + code(sc.id);
      std::string order;
      for (const auto& v : sc.values) order += (order.empty() ? "" : " < ") + v;
      add(Group::rules, key, "", item, order);
      for (std::size_t i = 0; i < sc.values.size(); ++i) {
        const std::string value = item + w_(", giá trị ", ", value ") + code(sc.values[i]);
        // Data may give a category by its Vietnamese label: a rule, not only a name.
        add(Group::rules, key + "/" + sc.values[i] + "/vi", key, value + w_(", nhãn tiếng Việt", ", Vietnamese label"), sc.labels[i].vi);
        add(Group::names, key + "/" + sc.values[i] + "/en", key, value + w_(", nhãn tiếng Anh", ", English label"), sc.labels[i].en);
      }
    }
  }

  void fields(const internal::Schema& schema, const std::string& prefix, const std::string& parent) {
    for (const auto& f : schema.fields) {
      // Assessed indicators' `score.<id>` inputs follow from their nodes, compared there.
      if (f.name.rfind("score.", 0) == 0) continue;
      const std::string name = prefix + f.name, key = "input:" + name, item = w_("dữ liệu đầu vào ", "input ") + code(name);
      std::string title;
      if (f.type.kind == internal::Type::Kind::list) title = s_.schemas[static_cast<std::size_t>(f.type.schema)].member_title;
      std::string summary = type_text(s_, f.type, w_);
      if (f.min || f.max) summary += " " + range_text(f.min, f.max);
      if (f.local) summary += w_(", giá trị địa phương", ", a local value");
      if (!title.empty()) summary += w_(", kết quả theo danh hiệu ", ", results under title ") + code(title);
      add(Group::rules, key, parent, item, summary, true);
      add(Group::rules, key + "/type", key, of(item, "kiểu", "type"), type_text(s_, f.type, w_));
      add(Group::rules, key + "/range", key, of(item, "khoảng giá trị", "range"), range_text(f.min, f.max));
      add(Group::rules, key + "/local", key, of(item, "giá trị địa phương", "local value"), yes_no(f.local, w_));
      names(key, item, f.label, true);
      if (f.type.kind == internal::Type::Kind::list) {
        add(Group::rules, key + "/title", key, of(item, "danh hiệu xét thành viên", "members' title"), title.empty() ? "—" : code(title));
        fields(s_.schemas[static_cast<std::size_t>(f.type.schema)], name + ".", key);
      }
    }
  }
  void inputs() {
    ++section_;
    fields(s_.schemas[0], "", "");
  }

  void parameters() {
    ++section_;
    for (const auto& p : s_.parameters) {
      const std::string key = "param:" + p.name, item = w_("tham số ", "parameter ") + code(p.name);
      add(Group::rules, key, "", item, param_text(s_, p, w_));
      add(Group::rules, key + "/type", key, of(item, "kiểu", "type"), type_text(s_, p.type, w_));
      add(Group::rules, key + "/by", key, of(item, "theo dữ liệu", "by input"), p.by_slot < 0 ? "—" : code(input_name(s_, 0, p.by_slot)));
      names(key, item, p.label, true);
    }
  }

  void checks() {
    ++section_;
    for (const auto& c : s_.checks) {
      const std::string item = w_("kiểm tra ", "check ") + code(c.id);
      add_formula("check:" + c.id, "", item, c.holds);
      const std::string key = parts.back().key;
      add(Group::names, key + "/message_vi", key, of(item, "thông báo tiếng Việt", "Vietnamese message"), c.message.vi);
      add(Group::names, key + "/message_en", key, of(item, "thông báo tiếng Anh", "English message"), c.message.en);
    }
  }

  void nodes() {
    ++section_;
    for (const auto& n : s_.nodes) {
      const std::string key = "node:" + n.id, item = node_subject(n, w_);
      add(Group::rules, key, "", item, std::string(w_.vi ? n.name.vi : n.name.en) + (s_.levels_mode ? "" : " (" + (n.max_known ? n.max.to_string() : "?") + w_(" điểm)", " points)")),
          true);
      add(Group::rules, key + "/parent", key, of(item, "thuộc", "under"), n.parent < 0 ? "—" : code(s_.nodes[static_cast<std::size_t>(n.parent)].id));
      if (!s_.levels_mode) {
        add(Group::rules, key + "/max", key, of(item, "điểm tối đa", "maximum"), n.max_known ? n.max.to_string() : "?");
        add(Group::rules, key + "/pass_at", key, of(item, "mức tối thiểu", "minimum"), n.pass_at ? n.pass_at->to_string() : "—");
        if (n.indicator) {
          add(Group::rules, key + "/points", key, of(item, "cách tính", "rule"), points_text(n.points, w_), false, points_text(n.points, w_, &s_));
          if (n.points.kind == internal::PointsRule::Kind::formula) {
            add(Group::rules, key + "/rounding", key, of(item, "cách làm tròn", "rounding"), rounding_text(n.points.rounding, w_));
            add(Group::rules, key + "/digits", key, of(item, "số chữ số thập phân", "decimals"), std::to_string(n.points.digits));
          }
        }
      }
      // A level without its own condition keeps the level below's: compare what applies.
      const internal::Formula* below = nullptr;
      for (std::size_t l = 0; l < n.requires.size() && l < s_.levels.size(); ++l) {
        if (n.requires[l]) below = &n.requires[l];
        const std::string subject = item + w_(", yêu cầu của mức ", ", requirement of level ") + code(s_.levels[l].id);
        if (below) add_formula(key + "/requires/" + s_.levels[l].id, key, subject, *below);
        else add(Group::rules, key + "/requires/" + s_.levels[l].id, key, subject, "—");
      }
      if (n.applies_when) add_formula(key + "/applies_when", key, of(item, "áp dụng khi", "applies when"), n.applies_when);
      else add(Group::rules, key + "/applies_when", key, of(item, "áp dụng khi", "applies when"), w_("luôn áp dụng", "always"));
      if (n.applies_when)
        add(Group::rules, key + "/if_not_applicable", key, of(item, "nếu không áp dụng", "if not applicable"),
            n.not_applicable_full ? w_("đủ điểm", "full points") : w_("0 điểm", "no points"));
      names(key, item, n.name);
    }
  }

  void grades() {
    ++section_;
    for (const auto& b : s_.bands) {
      const std::string key = "band:" + b.id, item = w_("loại ", "grade ") + code(b.id);
      add(Group::rules, key, "", item, band_range(b) + (b.recognized ? "" : w_(", không được công nhận", ", not recognized")), true);
      add(Group::rules, key + "/range", key, of(item, "khoảng điểm", "range"), band_range(b));
      add(Group::rules, key + "/recognized", key, of(item, "được công nhận", "recognized"), yes_no(b.recognized, w_));
      names(key, item, b.name);
    }
    if (s_.otherwise) {
      const std::string item = w_("loại khi không vào khoảng nào", "grade below every band");
      add(Group::rules, "band_otherwise", "", item, code(s_.otherwise->id));
      names("band_otherwise", item, s_.otherwise->name);
    }
  }

  void recognition() {
    ++section_;
    if (!s_.levels_mode) {
      add_formula("min_total", "", w_("ngưỡng công nhận", "recognition threshold"), s_.min_total);
      add(Group::rules, "floor", "", w_("điểm sàn mỗi chỉ số", "floor per indicator"),
          s_.every_indicator_at_least ? s_.every_indicator_at_least->to_string() : "—");
    }
    for (const auto& k : s_.knockouts) {
      const std::string item = w_("điều kiện loại trừ ", "knock-out ") + code(k.id);
      add_formula("knockout:" + k.id, "", item, k.when);
      names(parts.back().key, item, k.name);
    }
  }

  void provenance() {
    ++section_;
    add(Group::provenance, "version", "", w_("phiên bản", "version"), s_.version);
    add(Group::provenance, "place", "", w_("địa phương áp dụng", "place"), s_.place.empty() ? w_("toàn quốc", "national") : s_.place);
    add(Group::provenance, "supersedes", "", w_("thay thế bộ", "supersedes"), s_.supersedes.empty() ? "—" : code(s_.supersedes));
    const LegalBasis& l = s_.legal;
    const std::string legal = w_("căn cứ pháp lý", "legal basis");
    add(Group::provenance, "legal/instrument", "", of(legal, "văn bản", "instrument"), or_dash(l.instrument));
    add(Group::provenance, "legal/issuer", "", of(legal, "cơ quan ban hành", "issuer"), or_dash(l.issuer));
    add(Group::provenance, "legal/signed", "", of(legal, "ngày ký", "signed"), l.signed_on ? l.signed_on->to_string() : "—");
    add(Group::provenance, "legal/article", "", of(legal, "điều khoản", "article"), or_dash(l.article));
    add(Group::provenance, "legal/source", "", of(legal, "nguồn", "source"), or_dash(l.source));
    add(Group::provenance, "legal/confidence", "", of(legal, "độ tin cậy", "confidence"), confidence_text(l.confidence, w_));
    add(Group::provenance, "legal/note", "", of(legal, "ghi chú", "note"), or_dash(l.note));
    // Every other place that carries a confidence (CompiledSet::places), keyed by what it
    // is rather than by its position in the file.
    static const std::pair<const char*, std::pair<const char*, const char*>> kBlocks[] = {
        {"valid_from", {"ngày bắt đầu hiệu lực", "valid from"}}, {"valid_to", {"ngày hết hiệu lực", "valid to"}},
        {"max_total", {"tổng điểm tối đa", "maximum total"}}, {"grades", {"xếp loại", "grades"}},
        {"recognition", {"điều kiện công nhận", "recognition"}}};
    for (const auto& p : s_.places) {
      if (p.place == "legal_basis") continue;
      std::string key = "mark:" + p.place, parent, tail, item = code(p.place);
      const RuleNode* node = nullptr;
      for (const auto& [place, words] : kBlocks)
        if (p.place == place) item = w_(words.first, words.second);
      const std::size_t open = p.place.rfind(" (");
      if (open != std::string::npos && p.place.back() == ')') {
        const std::string id = p.place.substr(open + 2, p.place.size() - open - 3);
        const std::string path = p.place.substr(0, open);
        tail = path.substr(path.rfind(']') == std::string::npos ? path.size() : path.rfind(']') + 1);
        if (path.rfind("criteria[", 0) == 0) {
          parent = "node:" + id;
          for (const auto& x : s_.nodes)
            if (x.id == id) node = &x;
          if (node != nullptr) item = node_subject(*node, w_);
          if (tail == ".points") item = of(item, "cách chấm", "scoring");
          else if (tail == ".applies_when") item = of(item, "điều kiện áp dụng", "applicability");
          else if (!tail.empty()) item += " " + code(tail);
          key = "mark:" + parent + tail;
        } else if (path == "grades.bands") {
          parent = "band:" + id;
          item = w_("loại ", "grade ") + code(id);
          key = "mark:" + parent;
        }
      } else if (p.place.rfind("parameters.", 0) == 0) {
        parent = "param:" + p.place.substr(11);
        item = w_("tham số ", "parameter ") + code(p.place.substr(11));
      }
      // A place that does not write its confidence takes the one around it: only what the
      // file writes is compared, so a change above is one line, not one per place below.
      if (p.mark.declared) add(Group::provenance, key + "/confidence", parent, of(item, "độ tin cậy", "confidence"), confidence_text(p.mark.confidence, w_));
      if (!p.mark.note.empty()) add(Group::provenance, key + "/note", parent, of(item, "ghi chú", "note"), p.mark.note);
      if (node != nullptr && tail.empty() && !node->source.empty())
        add(Group::provenance, parent + "/source", parent, of(item, "nguồn", "source"), node->source);
    }
  }
};

// The differences between two renderings, as lines, with their count per group.
struct Differences {
  std::vector<std::string> lines[3];
  std::size_t count() const { return lines[0].size() + lines[1].size() + lines[2].size(); }
};

Differences compare(const CompiledSet& a, const CompiledSet& b, Words w) {
  const std::vector<Part> pa = Render(a, w).parts, pb = Render(b, w).parts;
  std::unordered_map<std::string, const Part*> ka, kb;
  for (const auto& p : pa) ka[p.key] = &p;
  for (const auto& p : pb) kb[p.key] = &p;
  // A part in one version only is listed when its item is in both, unless it only says
  // that something is absent ("—"), as its absence in the other version does.
  auto in_both = [&](const std::string& parent) { return parent.empty() || (ka.count(parent) && kb.count(parent)); };
  auto with = [](const std::string& subject, const std::string& value) { return value.empty() ? subject : subject + ": " + value; };
  std::vector<std::pair<const Part*, std::string>> lines;
  auto line = [&](const Part& p, std::string text) { lines.emplace_back(&p, std::move(text)); };
  // In the order of the new version; a removed part comes after the last part before it
  // in the old version that the new one keeps.
  std::unordered_map<std::string, std::vector<const Part*>> removed_after;  // that part's key ("" for the start)
  std::string previous;
  for (const auto& p : pa) {
    if (!kb.count(p.key) && in_both(p.parent) && p.value != "—") removed_after[previous].push_back(&p);
    else if (kb.count(p.key)) previous = p.key;
  }
  auto removed = [&](const std::string& after) {
    auto it = removed_after.find(after);
    if (it == removed_after.end()) return;
    for (const Part* p : it->second) line(*p, std::string("- ") + w("bỏ ", "removed ") + with(p->subject, p->value));
    removed_after.erase(it);
  };
  removed("");
  for (const auto& p : pb) {
    auto it = ka.find(p.key);
    if (in_both(p.parent)) {
      if (it == ka.end()) {
        if (p.value != "—") line(p, std::string("+ ") + w("thêm ", "added ") + with(p.subject, p.value));
      } else if (!p.summary && it->second->compared != p.compared) {
        line(p, "~ " + p.subject + ": " + it->second->value + " → " + p.value);
      }
    }
    if (it != ka.end()) removed(p.key);
  }
  // Each group by section (scales, inputs, …), in the order above within a section.
  std::stable_sort(lines.begin(), lines.end(), [](const auto& x, const auto& y) { return x.first->section < y.first->section; });
  Differences d;
  for (auto& [p, text] : lines) d.lines[static_cast<int>(p->group)].push_back(std::move(text));
  return d;
}

// The values of a node's rule parts, as one text to compare.
std::string node_rule(const std::vector<Part>& parts, const std::string& id) {
  std::string out;
  for (const auto& p : parts)
    if (p.group == Group::rules && p.parent == "node:" + id) out += p.key + "=" + p.compared + "\n";
  return out;
}

// The parameters an expression reads (indices into CompiledSet::parameters).
void params_of(const internal::Expr* e, std::vector<int>& out) {
  if (e == nullptr) return;
  if (e->op == internal::Op::param && std::find(out.begin(), out.end(), e->slot) == out.end()) out.push_back(e->slot);
  for (const auto& a : e->args) params_of(a.get(), out);
}

// Every formula of a node: its points rule, applicability and level conditions.
std::vector<const internal::Formula*> formulas_of(const RuleNode& n) {
  std::vector<const internal::Formula*> f;
  for (const auto& c : n.points.cases) f.push_back(&c.when);
  if (n.points.formula) f.push_back(&n.points.formula);
  if (n.applies_when) f.push_back(&n.applies_when);
  for (const auto& r : n.requires)
    if (r) f.push_back(&r);
  return f;
}

const RuleNode* node_by_id(const CompiledSet& s, const std::string& id) {
  for (const auto& n : s.nodes)
    if (n.id == id) return &n;
  return nullptr;
}

std::string value_text(const Record& r, const std::string& name, Words w) {
  const Value* v = r.find(name);
  if (v == nullptr) return "—";
  if (const auto* b = std::get_if<bool>(v)) return *b ? w("đúng", "true") : w("sai", "false");
  if (const auto* i = std::get_if<std::int64_t>(v)) return std::to_string(*i);
  if (const auto* d = std::get_if<Decimal>(v)) return d->to_string();
  if (const auto* t = std::get_if<std::string>(v)) return *t;
  if (const auto* day = std::get_if<Date>(v)) return day->to_string();
  return "…";
}

// Why criterion `id` moved for the entity `record`: its rule changed, the parameters it
// reads changed (with their values for the entity), and the entity's inputs it reads.
std::string why_moved(const CompiledSet& a, const CompiledSet& b, const std::vector<Part>& parts_a, const std::vector<Part>& parts_b,
                      const std::string& id, const Record& record, Words w) {
  const RuleNode* na = node_by_id(a, id);
  const RuleNode* nb = node_by_id(b, id);
  if (nb == nullptr) return "";
  std::vector<std::string> parts;
  if (na == nullptr) parts.push_back(w("tiêu chí mới", "new criterion"));
  else if (node_rule(parts_a, id) != node_rule(parts_b, id)) parts.push_back(w("cách tính đã đổi", "rule changed"));
  std::vector<int> params, slots;
  for (const internal::Formula* f : formulas_of(*nb)) {
    params_of(f->root.get(), params);
    for (int s : f->inputs)
      if (std::find(slots.begin(), slots.end(), s) == slots.end()) slots.push_back(s);
  }
  for (int pi : params) {
    const internal::Parameter& p = b.parameters[static_cast<std::size_t>(pi)];
    auto old = a.parameter_index.find(p.name);
    const std::string now = param_text(b, p, w);
    const std::string before = old == a.parameter_index.end() ? "—" : param_text(a, a.parameters[static_cast<std::size_t>(old->second)], w);
    if (now != before) parts.push_back(w("tham số ", "parameter ") + code(p.name) + " " + before + " → " + now);
  }
  std::string reads;
  for (int s : slots)
    for (const auto& f : b.schemas[0].fields)
      if (f.slot == s && b.schemas[0].find(f.name) != nullptr && f.type.kind != internal::Type::Kind::list)
        reads += (reads.empty() ? "" : ", ") + f.name + "=" + value_text(record, f.name, w);
  if (!reads.empty()) parts.push_back(w("dữ liệu: ", "inputs: ") + reads);
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

// A parameter's value for the entity `record` (its category input picks the value).
std::string param_for(const CompiledSet& s, const internal::Parameter& p, const Record& record, Words w) {
  if (p.by_slot < 0) return param_text(s, p, w);
  const std::string category = input_name(s, 0, p.by_slot);
  const auto& sc = s.scales[static_cast<std::size_t>(p.by_scale)];
  const Value* v = record.find(category);
  const auto* t = v ? std::get_if<std::string>(v) : nullptr;
  const int i = t ? sc.find(*t) : -1;
  if (i < 0) return param_text(s, p, w);
  auto x = p.by_value[static_cast<std::size_t>(i)] ? p.by_value[static_cast<std::size_t>(i)] : p.fallback;
  return category + "=" + *t + ": " + (x ? Decimal::from_units(*x).to_string() : "?");
}

// Why the outcome moved when no criterion did: the recognition rule's parts that changed,
// with the entity's values of the parameters they read.
std::string why_recognition(const CompiledSet& a, const CompiledSet& b, const Record& record, Words w) {
  std::vector<std::string> parts;
  std::vector<int> pa, pb;
  if (a.min_total) params_of(a.min_total.root.get(), pa);
  if (b.min_total) params_of(b.min_total.root.get(), pb);
  // Shown as written, compared in canonical form: the same threshold written otherwise is no reason.
  // The parameters' values in the order the file reads them; compared as a set of named
  // values, since the canonical text may read them in another order (a comparison turned
  // round), and a value is compared with the same parameter's.
  auto threshold = [&](const CompiledSet& s, const std::vector<int>& ps, bool canonical) {
    std::string t = !s.min_total ? "—" : canonical ? internal::canonical_text(*s.min_total.root, s) : one_line(s.min_total.text);
    std::vector<std::string> values;
    for (int i : ps) {
      const internal::Parameter& p = s.parameters[static_cast<std::size_t>(i)];
      values.push_back((canonical ? " " + p.name : std::string()) + " (" + param_for(s, p, record, w) + ")");
    }
    if (canonical) std::sort(values.begin(), values.end());
    for (const std::string& v : values) t += v;
    return t;
  };
  if (threshold(a, pa, true) != threshold(b, pb, true))
    parts.push_back(w("ngưỡng công nhận ", "recognition threshold ") + threshold(a, pa, false) + " → " + threshold(b, pb, false));
  if (a.every_indicator_at_least != b.every_indicator_at_least)
    parts.push_back(w("điểm sàn mỗi chỉ số ", "floor per indicator ") +
                    (a.every_indicator_at_least ? a.every_indicator_at_least->to_string() : "—") + " → " +
                    (b.every_indicator_at_least ? b.every_indicator_at_least->to_string() : "—"));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

// An outcome in words (`not recognized`, `không đạt`), as the catalog says it.
std::string decision_text(std::uint8_t d, Words w) {
  return std::string(words(static_cast<Decision>(d), w.vi ? Lang::vi : Lang::en));
}

std::string status_text(std::uint8_t s, Words w) {
  return std::string(words(static_cast<Status>(s), w.vi ? Lang::vi : Lang::en));
}

// The set that judged kind `k` in a dataset evaluated with `changed` for its title.
const CriteriaSet* set_of(const Registry& registry, const KindResults& k, const CriteriaSet& changed) {
  if (k.title == changed.title()) return &changed;
  for (const CriteriaSet& s : registry.sets())
    if (s.id() == k.set_id && s.title() == k.title) return &s;
  return nullptr;
}

}  // namespace

std::string diff_criteria(const CriteriaSet& before, const CriteriaSet& after, Lang lang) {
  const Words w{lang == Lang::vi};
  const Differences d = compare(*before.compiled(), *after.compiled(), w);
  std::ostringstream o;
  o << w("So sánh ", "Comparing ") << before.id() << " → " << after.id() << "\n";
  for (const auto& l : d.lines[0]) o << l << "\n";
  if (d.count() == 0) {
    o << w("Không có khác biệt\n", "No differences\n");
    return o.str();
  }
  if (d.lines[0].empty()) o << w("Không có khác biệt về quy tắc\n", "No rule differences\n");
  if (!d.lines[1].empty()) o << w("Tên và nhãn:\n", "Names and labels:\n");
  for (const auto& l : d.lines[1]) o << l << "\n";
  if (!d.lines[2].empty()) o << w("Nguồn gốc và nơi áp dụng:\n", "Provenance and place:\n");
  for (const auto& l : d.lines[2]) o << l << "\n";
  return o.str();
}

bool same_rules(const CriteriaSet& before, const CriteriaSet& after) {
  return compare(*before.compiled(), *after.compiled(), Words{false}).lines[0].empty();
}

bool same_criteria(const CriteriaSet& before, const CriteriaSet& after) {
  return compare(*before.compiled(), *after.compiled(), Words{false}).count() == 0;
}

std::string diff_impact(const Registry& registry, const std::string& directory, const CriteriaSet& before, const CriteriaSet& after,
                        const DatasetOptions& options) {
  if (before.title() != after.title())
    throw internal::error<InvalidArgument>("E010", "diff.titles", {before.title(), after.title()}, options.lang);
  const Words w{options.lang == Lang::vi};
  DatasetOptions with_before = options, with_after = options;
  with_before.use_sets = {before};
  with_after.use_sets = {after};
  DatasetResults ra = evaluate_dataset(registry, directory, with_before);
  DatasetResults rb = evaluate_dataset(registry, directory, with_after);
  std::ostringstream o;
  // The titles whose results can move: the changed one, and every title whose set reads
  // the results of one that can move (members' results), transitively.
  std::set<std::string> moving = {before.title()};
  for (bool grew = true; grew;) {
    grew = false;
    for (const DatasetResults* r : {&ra, &rb})
      for (const KindResults& k : r->kinds) {
        const CriteriaSet* s = set_of(registry, k, r == &ra ? before : after);
        if (s == nullptr || moving.count(k.title)) continue;
        for (const std::string& t : s->referenced_titles())
          if (moving.count(t)) grew = moving.insert(k.title).second || grew;
      }
  }
  bool any = false;
  for (const KindResults& k : ra.kinds) any = any || k.title == before.title();
  if (!any) {
    o << w("Bộ dữ liệu không có đối tượng của danh hiệu `", "The dataset has no entities of title `") << before.title() << "`\n";
    return o.str();
  }
  const std::vector<Part> parts_a = Render(*before.compiled(), w).parts, parts_b = Render(*after.compiled(), w).parts;
  bool issues_said = false;
  for (const KindResults& kind_a : ra.kinds) {
    if (!moving.count(kind_a.title)) continue;
    const KindResults* kb = nullptr;
    for (const auto& k : rb.kinds)
      if (k.kind == kind_a.kind) kb = &k;
    const CriteriaSet* set_a = set_of(registry, kind_a, before);
    const CriteriaSet* set_b = kb ? set_of(registry, *kb, after) : nullptr;
    if (kb == nullptr || set_a == nullptr || set_b == nullptr) continue;
    const KindResults* ka = &kind_a;
    const bool changed = ka->title == before.title();
    // A title that reads moving results: which ones, for its lines.
    std::string reads;
    for (const std::string& t : set_b->referenced_titles())
      if (moving.count(t)) reads += (reads.empty() ? "" : ", ") + code(t);
    const std::size_t rows = ka->result.rows;
    std::map<std::string, std::size_t> transitions;
    std::vector<std::string> examples;
    std::size_t recognized_a = 0, recognized_b = 0;
    const auto& nodes_a = set_a->nodes();
    const auto& nodes_b = set_b->nodes();
    // The first entities that change, explained below: fewer of the titles that only read
    // moving results, whose reason is the same for each.
    std::vector<std::size_t> shown;
    const std::size_t show = changed ? 20 : 5;
    for (std::size_t r = 0; r < rows; ++r) {
      const std::uint8_t da = ka->result.decision[r], db = kb->result.decision[r];
      recognized_a += da == 0;
      recognized_b += db == 0;
      if (da == db) continue;
      ++transitions[decision_text(da, w) + " → " + decision_text(db, w)];
      if (shown.size() < show) shown.push_back(r);
    }
    // A title that only reads moving results is shown when some of its entities move.
    if (!changed && transitions.empty()) continue;
    // The changed title's entities' inputs, read in one pass over the kind's file.
    const std::vector<Record> records = shown.empty() || !changed ? std::vector<Record>()
                                                                 : internal::dataset_rows(registry, directory, ka->kind, after, shown, options.lang);
    for (std::size_t e = 0; e < shown.size(); ++e) {
      const std::size_t r = shown[e];
      const std::uint8_t da = ka->result.decision[r], db = kb->result.decision[r];
      // Why: the criteria whose points or status moved (matched by id), and what moved them.
      std::string why;
      for (std::size_t k = 0; k < kb->result.node_index.size(); ++k) {
        const std::string& id = nodes_b[static_cast<std::size_t>(kb->result.node_index[k])].id;
        for (std::size_t j = 0; j < ka->result.node_index.size(); ++j) {
          if (nodes_a[static_cast<std::size_t>(ka->result.node_index[j])].id != id) continue;
          auto pa = ka->result.node_points_units[j * rows + r], pb = kb->result.node_points_units[k * rows + r];
          auto sa = ka->result.node_status[j * rows + r], sb = kb->result.node_status[k * rows + r];
          if (pa == pb && sa == sb) continue;
          const std::string because = changed ? why_moved(*before.compiled(), *after.compiled(), parts_a, parts_b, id, records[e], w) : "";
          why += " " + id + " " + Decimal::from_units(pa).to_string() + "→" + Decimal::from_units(pb).to_string() + " (" + status_text(sa, w) +
                 "→" + status_text(sb, w) + ")" + (because.empty() ? "" : w(" vì ", " because ") + because) + ";";
        }
      }
      if (!why.empty() && why.back() == ';') why.pop_back();
      if (!changed) {
        why += std::string(why.empty() ? " " : "; ") + w("vì kết quả theo danh hiệu ", "because results under title ") + reads + w(" đã đổi", " changed");
      } else if (why.empty() && !after.uses_levels()) {
        const std::string because = why_recognition(*before.compiled(), *after.compiled(), records[e], w);
        why = std::string(w(" tổng điểm ", " total ")) + Decimal::from_units(ka->result.total_units[r]).to_string() + "→" +
              Decimal::from_units(kb->result.total_units[r]).to_string() +
              (because.empty() ? w(" (xếp loại đã đổi)", " (grades changed)") : w(" vì ", " because ") + because);
      }
      if (why.empty()) why = w(" (điều kiện của mức độ đã đổi)", " (level conditions changed)");
      examples.push_back(ka->ids[r] + ": " + decision_text(da, w) + " → " + decision_text(db, w) + ";" + why);
    }
    char pa[16], pb[16];
    std::snprintf(pa, sizeof pa, "%.1f%%", rows ? 100.0 * static_cast<double>(recognized_a) / static_cast<double>(rows) : 0.0);
    std::snprintf(pb, sizeof pb, "%.1f%%", rows ? 100.0 * static_cast<double>(recognized_b) / static_cast<double>(rows) : 0.0);
    o << w("Tác động trên ", "Impact on ") << rows << " " << ka->file;
    if (!changed) o << w(" (đọc kết quả theo danh hiệu ", " (reads results under title ") << reads << ")";
    o << ": " << w("đạt ", "recognized ") << recognized_a << " (" << pa << ") → " << recognized_b << " (" << pb << ")\n";
    if (!ra.issues.empty() && !issues_said)  // results on data with problems: say so where the numbers are
      o << w("  Bộ dữ liệu có ", "  The dataset has ") << ra.issues.size() << w(" vấn đề dữ liệu (hoctap report liệt kê)\n", " data problems (hoctap report lists them)\n");
    issues_said = true;
    if (transitions.empty()) o << w("  Không đối tượng nào đổi kết quả\n", "  No entity changes outcome\n");
    for (const auto& [t, n] : transitions) o << "  " << t << ": " << n << "\n";
    for (const std::string& e : examples) o << "  " << e << "\n";
  }
  return o.str();
}

}  // namespace v0
}  // namespace hoctap
