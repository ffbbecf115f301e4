// Semantic differences between two criteria sets, and their impact on a dataset.
#include "hoctap/diff.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

#include "dataset/rows.hpp"
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
  return out;
}

// How a node earns its points or levels, as comparable text.
std::string rule_text(const CompiledSet& s, const RuleNode& n) {
  std::ostringstream o;
  if (s.levels_mode) {
    for (std::size_t l = 0; l < n.requires.size(); ++l)
      if (n.requires[l]) o << s.levels[l].id << ": `" << one_line(n.requires[l].text) << "` ";
  } else {
    const auto& p = n.points;
    switch (p.kind) {
      case internal::PointsRule::Kind::conditions:
        for (const auto& c : p.cases) o << c.points.to_string() << " khi/when `" << one_line(c.when.text) << "`; ";
        o << "otherwise " << p.otherwise->to_string();
        break;
      case internal::PointsRule::Kind::formula:
        o << "`" << one_line(p.formula.text) << "` rounding " << static_cast<int>(p.rounding) << " digits " << p.digits;
        break;
      case internal::PointsRule::Kind::assessed: o << "assessed"; break;
      case internal::PointsRule::Kind::none: break;
    }
  }
  if (n.applies_when) o << " applies when `" << one_line(n.applies_when.text) << "` (" << (n.not_applicable_full ? "full" : "no") << " points otherwise)";
  return o.str();
}

std::string param_text(const CompiledSet& s, const internal::Parameter& p) {
  std::ostringstream o;
  auto v = [&](std::int64_t x) { return p.type.kind == internal::Type::Kind::boolean ? std::string(x ? "true" : "false") : Decimal::from_units(x).to_string(); };
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

}  // namespace

namespace {

// The text of diff_criteria and how many lines of differences it holds.
std::string diff_text(const CriteriaSet& before, const CriteriaSet& after, Lang lang, std::size_t& changes) {
  const bool vi = lang == Lang::vi;
  const CompiledSet& a = *before.compiled();
  const CompiledSet& b = *after.compiled();
  std::ostringstream o;
  auto name = [vi](const RuleNode& n) { return vi ? n.name.vi : n.name.en; };
  o << (vi ? "So sánh " : "Comparing ") << a.id << " → " << b.id << "\n";
  changes = 0;
  auto line = [&](char sign, const std::string& text) {
    o << sign << " " << text << "\n";
    ++changes;
  };
  if (a.title != b.title) line('~', std::string(vi ? "danh hiệu: " : "title: ") + a.title + " → " + b.title);
  auto window = [](const CompiledSet& s) { return s.valid_from.to_string() + ".." + (s.valid_to ? s.valid_to->to_string() : ""); };
  if (window(a) != window(b)) line('~', std::string(vi ? "hiệu lực: " : "validity: ") + window(a) + " → " + window(b));
  if (a.legal.instrument != b.legal.instrument) line('~', std::string(vi ? "văn bản: " : "instrument: ") + a.legal.instrument + " → " + b.legal.instrument);
  std::map<std::string, const RuleNode*> na, nb;
  for (const auto& n : a.nodes) na[n.id] = &n;
  for (const auto& n : b.nodes) nb[n.id] = &n;
  for (const auto& n : a.nodes)
    if (!nb.count(n.id)) line('-', std::string(vi ? "bỏ `" : "removed `") + n.id + "` " + name(n) + (a.levels_mode ? "" : " (" + n.max.to_string() + (vi ? " điểm)" : " points)")));
  for (const auto& n : b.nodes) {
    auto it = na.find(n.id);
    if (it == na.end()) {
      line('+', std::string(vi ? "thêm `" : "added `") + n.id + "` " + name(n) + (b.levels_mode ? "" : " (" + n.max.to_string() + (vi ? " điểm)" : " points)")));
      continue;
    }
    const RuleNode& old = *it->second;
    if (!b.levels_mode && (old.max != n.max || old.max_known != n.max_known))
      line('~', "`" + n.id + "` " + (vi ? "điểm tối đa " : "maximum ") + (old.max_known ? old.max.to_string() : "?") + " → " + (n.max_known ? n.max.to_string() : "?"));
    if (old.pass_at != n.pass_at)
      line('~', "`" + n.id + "` " + (vi ? "mức tối thiểu " : "minimum ") + (old.pass_at ? old.pass_at->to_string() : "—") + " → " + (n.pass_at ? n.pass_at->to_string() : "—"));
    if (old.indicator && n.indicator && rule_text(a, old) != rule_text(b, n))
      line('~', "`" + n.id + "` " + (vi ? "cách tính: " : "rule: ") + rule_text(a, old) + " → " + rule_text(b, n));
    if (name(old) != name(n)) line('~', "`" + n.id + "` " + (vi ? "tên: " : "name: ") + name(old) + " → " + name(n));
  }
  auto band_text = [](const internal::Band& x) { return "≥ " + x.min.to_string() + (x.below ? " < " + x.below->to_string() : "") + (x.recognized ? "" : " (not recognized)"); };
  std::map<std::string, const internal::Band*> ba, bb;
  for (const auto& x : a.bands) ba[x.id] = &x;
  for (const auto& x : b.bands) bb[x.id] = &x;
  for (const auto& [id, x] : ba)
    if (!bb.count(id)) line('-', std::string(vi ? "bỏ loại `" : "removed grade `") + id + "` " + band_text(*x));
  for (const auto& [id, x] : bb) {
    auto it = ba.find(id);
    if (it == ba.end()) line('+', std::string(vi ? "thêm loại `" : "added grade `") + id + "` " + band_text(*x));
    else if (band_text(*it->second) != band_text(*x)) line('~', std::string(vi ? "loại `" : "grade `") + id + "`: " + band_text(*it->second) + " → " + band_text(*x));
  }
  auto text_or = [](const internal::Formula& f) { return f ? "`" + one_line(f.text) + "`" : std::string("—"); };
  if (text_or(a.min_total) != text_or(b.min_total)) line('~', std::string(vi ? "ngưỡng công nhận: " : "recognition threshold: ") + text_or(a.min_total) + " → " + text_or(b.min_total));
  auto floor_text = [](const std::optional<Decimal>& d) { return d ? d->to_string() : std::string("—"); };
  if (a.every_indicator_at_least != b.every_indicator_at_least)
    line('~', std::string(vi ? "điểm sàn mỗi chỉ số: " : "floor per indicator: ") + floor_text(a.every_indicator_at_least) + " → " + floor_text(b.every_indicator_at_least));
  std::map<std::string, std::string> ka, kb;
  for (const auto& k : a.knockouts) ka[k.id] = one_line(k.when.text);
  for (const auto& k : b.knockouts) kb[k.id] = one_line(k.when.text);
  for (const auto& [id, t] : ka)
    if (!kb.count(id)) line('-', std::string(vi ? "bỏ điều kiện loại trừ `" : "removed knock-out `") + id + "`");
  for (const auto& [id, t] : kb) {
    auto it = ka.find(id);
    if (it == ka.end()) line('+', std::string(vi ? "thêm điều kiện loại trừ `" : "added knock-out `") + id + "`: `" + t + "`");
    else if (it->second != t) line('~', std::string(vi ? "điều kiện loại trừ `" : "knock-out `") + id + "`: `" + it->second + "` → `" + t + "`");
  }
  std::map<std::string, std::string> pa, pb;
  for (const auto& p : a.parameters) pa[p.name] = param_text(a, p);
  for (const auto& p : b.parameters) pb[p.name] = param_text(b, p);
  for (const auto& [id, t] : pa)
    if (!pb.count(id)) line('-', std::string(vi ? "bỏ tham số `" : "removed parameter `") + id + "`");
  for (const auto& [id, t] : pb) {
    auto it = pa.find(id);
    if (it == pa.end()) line('+', std::string(vi ? "thêm tham số `" : "added parameter `") + id + "`: " + t);
    else if (it->second != t) line('~', std::string(vi ? "tham số `" : "parameter `") + id + "`: " + it->second + " → " + t);
  }
  std::map<std::string, std::string> ia, ib;
  for (const auto& i : before.inputs()) ia[i.name] = i.type;
  for (const auto& i : after.inputs()) ib[i.name] = i.type;
  for (const auto& [n, t] : ia)
    if (!ib.count(n)) line('-', std::string(vi ? "bỏ dữ liệu đầu vào `" : "removed input `") + n + "`");
  for (const auto& [n, t] : ib) {
    auto it = ia.find(n);
    if (it == ia.end()) line('+', std::string(vi ? "thêm dữ liệu đầu vào `" : "added input `") + n + "` (" + t + ")");
    else if (it->second != t) line('~', std::string(vi ? "dữ liệu đầu vào `" : "input `") + n + "`: " + it->second + " → " + t);
  }
  if (changes == 0) o << (vi ? "Không có khác biệt về quy tắc\n" : "No rule differences\n");
  return o.str();
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

std::string value_text(const Record& r, const std::string& name) {
  const Value* v = r.find(name);
  if (v == nullptr) return "—";
  if (const auto* b = std::get_if<bool>(v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(v)) return std::to_string(*i);
  if (const auto* d = std::get_if<Decimal>(v)) return d->to_string();
  if (const auto* t = std::get_if<std::string>(v)) return *t;
  if (const auto* day = std::get_if<Date>(v)) return day->to_string();
  return "…";
}

// Why criterion `id` moved for the entity `record`: its rule changed, the parameters it
// reads changed (with their values for the entity), and the entity's inputs it reads.
std::string why_moved(const CompiledSet& a, const CompiledSet& b, const std::string& id, const Record& record, bool vi) {
  const RuleNode* na = node_by_id(a, id);
  const RuleNode* nb = node_by_id(b, id);
  if (nb == nullptr) return "";
  std::vector<std::string> parts;
  if (na == nullptr) parts.push_back(vi ? "tiêu chí mới" : "new criterion");
  else if (rule_text(a, *na) != rule_text(b, *nb)) parts.push_back(vi ? "cách tính đã đổi" : "rule changed");
  std::vector<int> params, slots;
  for (const internal::Formula* f : formulas_of(*nb)) {
    params_of(f->root.get(), params);
    for (int s : f->inputs)
      if (std::find(slots.begin(), slots.end(), s) == slots.end()) slots.push_back(s);
  }
  for (int pi : params) {
    const internal::Parameter& p = b.parameters[static_cast<std::size_t>(pi)];
    auto old = a.parameter_index.find(p.name);
    const std::string now = param_text(b, p);
    const std::string before = old == a.parameter_index.end() ? "—" : param_text(a, a.parameters[static_cast<std::size_t>(old->second)]);
    if (now != before) parts.push_back((vi ? "tham số `" : "parameter `") + p.name + "` " + before + " → " + now);
  }
  std::string reads;
  for (int s : slots)
    for (const auto& f : b.schemas[0].fields)
      if (f.slot == s && b.schemas[0].find(f.name) != nullptr && f.type.kind != internal::Type::Kind::list)
        reads += (reads.empty() ? "" : ", ") + f.name + "=" + value_text(record, f.name);
  if (!reads.empty()) parts.push_back((vi ? "dữ liệu: " : "inputs: ") + reads);
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

// A parameter's value for the entity `record` (its category input picks the value).
std::string param_for(const CompiledSet& s, const internal::Parameter& p, const Record& record) {
  if (p.by_slot < 0) return param_text(s, p);
  std::string category;
  for (const auto& f : s.schemas[0].fields)
    if (f.slot == p.by_slot) category = f.name;
  const auto& sc = s.scales[static_cast<std::size_t>(p.by_scale)];
  const Value* v = record.find(category);
  const auto* t = v ? std::get_if<std::string>(v) : nullptr;
  const int i = t ? sc.find(*t) : -1;
  if (i < 0) return param_text(s, p);
  auto x = p.by_value[static_cast<std::size_t>(i)] ? p.by_value[static_cast<std::size_t>(i)] : p.fallback;
  return category + "=" + *t + ": " + (x ? Decimal::from_units(*x).to_string() : "?");
}

// Why the outcome moved when no criterion did: the recognition rule's parts that changed,
// with the entity's values of the parameters they read.
std::string why_recognition(const CompiledSet& a, const CompiledSet& b, const Record& record, bool vi) {
  std::vector<std::string> parts;
  std::vector<int> pa, pb;
  if (a.min_total) params_of(a.min_total.root.get(), pa);
  if (b.min_total) params_of(b.min_total.root.get(), pb);
  auto threshold = [&](const CompiledSet& s, const std::vector<int>& ps) {
    std::string t = s.min_total ? one_line(s.min_total.text) : "—";
    for (int i : ps) t += " (" + param_for(s, s.parameters[static_cast<std::size_t>(i)], record) + ")";
    return t;
  };
  const std::string ta = threshold(a, pa), tb = threshold(b, pb);
  if (ta != tb) parts.push_back((vi ? "ngưỡng công nhận " : "recognition threshold ") + ta + " → " + tb);
  if (a.every_indicator_at_least != b.every_indicator_at_least)
    parts.push_back((vi ? "điểm sàn mỗi chỉ số " : "floor per indicator ") +
                    (a.every_indicator_at_least ? a.every_indicator_at_least->to_string() : "—") + " → " +
                    (b.every_indicator_at_least ? b.every_indicator_at_least->to_string() : "—"));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

std::string diff_criteria(const CriteriaSet& before, const CriteriaSet& after, Lang lang) {
  std::size_t changes = 0;
  return diff_text(before, after, lang, changes);
}

bool same_rules(const CriteriaSet& before, const CriteriaSet& after) {
  std::size_t changes = 0;
  diff_text(before, after, Lang::en, changes);
  return changes == 0;
}

std::string diff_impact(const Registry& registry, const std::string& directory, const CriteriaSet& before, const CriteriaSet& after,
                        const DatasetOptions& options) {
  if (before.title() != after.title())
    throw internal::error<InvalidArgument>("E010", "diff.titles", {before.title(), after.title()}, options.lang);
  const bool vi = options.lang == Lang::vi;
  DatasetOptions with_before = options, with_after = options;
  with_before.use_sets = {before};
  with_after.use_sets = {after};
  DatasetResults ra = evaluate_dataset(registry, directory, with_before);
  DatasetResults rb = evaluate_dataset(registry, directory, with_after);
  const KindResults* ka = nullptr;
  const KindResults* kb = nullptr;
  for (const auto& k : ra.kinds) if (k.title == before.title()) ka = &k;
  for (const auto& k : rb.kinds) if (k.title == after.title()) kb = &k;
  std::ostringstream o;
  if (ka == nullptr || kb == nullptr) {
    o << (vi ? "Bộ dữ liệu không có đối tượng của danh hiệu `" : "The dataset has no entities of title `") << before.title() << "`\n";
    return o.str();
  }
  const std::size_t rows = ka->result.rows;
  static const char* kDecision[] = {"recognized", "not_recognized", "not_assessable"};
  std::map<std::string, std::size_t> transitions;
  std::vector<std::string> examples;
  std::size_t recognized_a = 0, recognized_b = 0;
  const auto& nodes_a = before.nodes();
  const auto& nodes_b = after.nodes();
  std::vector<std::size_t> shown;  // the first entities that change, explained below
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint8_t da = ka->result.decision[r], db = kb->result.decision[r];
    recognized_a += da == 0;
    recognized_b += db == 0;
    if (da == db) continue;
    ++transitions[std::string(kDecision[da]) + " → " + kDecision[db]];
    if (shown.size() < 20) shown.push_back(r);
  }
  // Their inputs, read in one pass over the kind's file.
  const std::vector<Record> records = shown.empty() ? std::vector<Record>() : internal::dataset_rows(registry, directory, ka->kind, after, shown, options.lang);
  for (std::size_t e = 0; e < shown.size(); ++e) {
    const std::size_t r = shown[e];
    const Record& record = records[e];
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
        const std::string because = why_moved(*before.compiled(), *after.compiled(), id, record, vi);
        why += " " + id + " " + Decimal::from_units(pa).to_string() + "→" + Decimal::from_units(pb).to_string() + " (" +
               std::string(to_string(static_cast<Status>(sa))) + "→" + std::string(to_string(static_cast<Status>(sb))) + ")" +
               (because.empty() ? "" : (vi ? " vì " : " because ") + because) + ";";
      }
    }
    if (!why.empty() && why.back() == ';') why.pop_back();
    if (why.empty() && !after.uses_levels()) {
      const std::string because = why_recognition(*before.compiled(), *after.compiled(), record, vi);
      why = std::string(vi ? " tổng điểm " : " total ") + Decimal::from_units(ka->result.total_units[r]).to_string() + "→" +
            Decimal::from_units(kb->result.total_units[r]).to_string() +
            (because.empty() ? (vi ? " (xếp loại đã đổi)" : " (grades changed)") : (vi ? " vì " : " because ") + because);
    }
    if (why.empty()) why = vi ? " (điều kiện của mức độ đã đổi)" : " (level conditions changed)";
    examples.push_back(ka->ids[r] + ": " + kDecision[da] + " → " + kDecision[db] + ";" + why);
  }
  char pa[16], pb[16];
  std::snprintf(pa, sizeof pa, "%.1f%%", rows ? 100.0 * static_cast<double>(recognized_a) / static_cast<double>(rows) : 0.0);
  std::snprintf(pb, sizeof pb, "%.1f%%", rows ? 100.0 * static_cast<double>(recognized_b) / static_cast<double>(rows) : 0.0);
  o << (vi ? "Tác động trên " : "Impact on ") << rows << " " << ka->file << ": " << (vi ? "đạt " : "recognized ") << recognized_a << " (" << pa << ") → "
    << recognized_b << " (" << pb << ")\n";
  if (!ra.issues.empty())  // results on data with problems: say so where the numbers are
    o << (vi ? "  Bộ dữ liệu có " : "  The dataset has ") << ra.issues.size()
      << (vi ? " vấn đề dữ liệu (hoctap report liệt kê)\n" : " data problems (hoctap report lists them)\n");
  if (transitions.empty()) o << (vi ? "Không đối tượng nào đổi kết quả\n" : "No entity changes outcome\n");
  for (const auto& [t, n] : transitions) o << "  " << t << ": " << n << "\n";
  for (const std::string& e : examples) o << "  " << e << "\n";
  return o.str();
}

}  // namespace v0
}  // namespace hoctap
