// Judging one criteria set by every C++ path on random entities: each entity as a record
// (the reference) and all of them as a batch of columns on 1 and 2 threads, and reporting
// no nodes or the top-level criteria only, compared field by field. Used by batch_differential (the bundled sets) and rule_fuzz (generated sets).
#include "rule_fuzz.hpp"

#include "evaluate/block.hpp"
#include "model/model.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <sstream>

using hoctap::Column;
using hoctap::Decimal;
using hoctap::Record;
using hoctap::Value;

namespace hoctap_test {
namespace {

// Whole numbers given as float64 columns, a missing one as NaN (`ints_as_doubles`), as
// pandas holds an integer column with gaps.
thread_local bool ints_as_doubles = false;

// One generated input column with its values kept as `Value`s for the records.
struct GeneratedColumn {
  std::string name;   // for members: the field's name inside the list
  std::string kind;   // int, decimal, bool, date, text, category
  std::vector<std::string> labels;
  std::vector<Value> values;  // monostate = missing
  std::optional<Decimal> min, max;  // the field's range, kept to by clean draws
  // Typed buffers for the batch.
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::vector<std::uint8_t> bools, valid;
  std::vector<std::int32_t> codes;

  Column column() {
    const std::size_t n = values.size();
    valid.assign(n, 1);
    Column c;
    if (kind == "int" && ints_as_doubles) {
      doubles.assign(n, std::nan(""));
      for (std::size_t i = 0; i < n; ++i)
        if (auto x = std::get_if<std::int64_t>(&values[i])) doubles[i] = static_cast<double>(*x);
      c = Column::float64(name, doubles.data());
    } else if (kind == "int") {
      ints.assign(n, 0);
      for (std::size_t i = 0; i < n; ++i) {
        if (auto x = std::get_if<std::int64_t>(&values[i])) ints[i] = *x; else valid[i] = 0;
      }
      c = Column::int64(name, ints.data());
    } else if (kind == "decimal" || kind == "score") {
      doubles.assign(n, std::nan(""));
      for (std::size_t i = 0; i < n; ++i)
        if (auto x = std::get_if<Decimal>(&values[i])) doubles[i] = static_cast<double>(x->units()) / 1e6;
      c = Column::float64(name, doubles.data());
    } else if (kind == "bool") {
      // true as any byte but 0, as a host may give it (1, 2 or 255)
      const std::uint8_t truths[] = {1, 2, 255};
      bools.assign(n, 0);
      for (std::size_t i = 0; i < n; ++i) {
        if (auto x = std::get_if<bool>(&values[i])) bools[i] = *x ? truths[i % 3] : 0; else valid[i] = 0;
      }
      c = Column::boolean(name, bools.data());
    } else if (kind == "date") {
      codes.assign(n, 0);
      for (std::size_t i = 0; i < n; ++i) {
        if (auto x = std::get_if<hoctap::Date>(&values[i])) codes[i] = x->days(); else valid[i] = 0;
      }
      c = Column::dates(name, codes.data());
    } else {  // text, category: codes into the labels
      // The off-scale label (the last) only when some value is it: a category column
      // without it has its labels in the scale's order, the block binder's other path
      // for codes (FieldPlan::codes_are_words), or reversed (below).
      std::vector<std::string> listed = labels;
      const bool off_scale_used = std::any_of(values.begin(), values.end(), [&](const Value& v) {
        const auto* s = std::get_if<std::string>(&v);
        return s != nullptr && *s == labels.back();
      });
      if (kind == "category" && !off_scale_used) {
        listed.pop_back();
        // Labels in an order of their own (as a frame's categories, which pandas sorts) in
        // about half the columns: the block binder's table of codes (FieldPlan::codes_plain).
        const auto first_label = std::count_if(values.begin(), values.end(), [&](const Value& v) {
          const auto* s = std::get_if<std::string>(&v);
          return s != nullptr && *s == labels.front();
        });
        if (first_label % 2 == 1) std::reverse(listed.begin(), listed.end());
      }
      codes.assign(n, -1);
      for (std::size_t i = 0; i < n; ++i)
        if (auto s = std::get_if<std::string>(&values[i]))
          for (std::size_t k = 0; k < listed.size(); ++k)
            if (listed[k] == *s) codes[i] = static_cast<std::int32_t>(k);
      c = Column::codes(name, codes.data(), listed);
    }
    // A validity mask only when some value is missing: columns without one are read by
    // the binders' other loops (a boolean column then in place, as bytes).
    const bool some_missing = std::find(valid.begin(), valid.end(), 0) != valid.end();
    if ((kind == "int" || kind == "bool" || kind == "date") && some_missing) c.valid = valid.data();
    return c;
  }
};

// A value of `kind`: mostly plausible (small counts, percentages, scores), sometimes
// missing, sometimes out of every range or off the scale. A `favourable` entity has true
// flags, the highest category and one number everywhere (so every share is 100%), and
// rarely a missing value: without such entities the many-indicator sets are never
// recognized nor left open.
// Clean draws (`clean_values`): no missing, out-of-range or off-scale values, so that the
// block evaluator judges whole blocks, none of their rows left to the row path.
thread_local bool clean_values = false;
// Rare problems (`rare_problems`): a missing, out-of-range or off-scale value in about one
// draw in 500, and a whole number never missing but out of its range instead, so that
// blocks have a few rows the row path judges among many the fast loops take (a few gaps
// in assessors' scores; a column of whole numbers without a validity mask, a few of its
// values out of range).
thread_local bool rare_problems = false;
// Decimals and scores in tenths (`tenths`): values the binder's first try (multiples of
// 1/64) leaves to the full rule.
thread_local bool tenths = false;

Value draw(std::mt19937& rng, const std::string& kind, const std::vector<std::string>& labels, std::int64_t favourable = 0) {
  unsigned roll = clean_values ? 13 + rng() % 87 : rare_problems ? (rng() % 500 == 0 ? rng() % 13 : 13 + rng() % 87) : rng() % 100;
  if (rare_problems && kind == "int" && roll < 8) roll = 8 + roll % 5;  // out of range, not missing
  if (favourable > 0) {
    if (roll < 1) return std::monostate{};
    if (kind == "bool") return roll < 97;
    if (kind == "int") return roll < 30 ? 0 : favourable;  // 0: none dropped out, …
    if (kind == "decimal") return Decimal::from_int(roll < 30 ? 0 : favourable);
    if (kind == "category") return labels[labels.size() - 2];
  }
  if (kind == "score") {  // labels[0]: the indicator's maximum
    const std::int64_t max = std::stoll(labels[0]);
    if (favourable > 0 && roll >= 3) return Decimal::from_int(max - (roll % 4 == 0 ? 1 : 0));
    if (roll < 8) return std::monostate{};
    if (roll < 10) return Decimal::from_int(max + 1);
    if (tenths) return Decimal::from_units(static_cast<std::int64_t>(rng() % static_cast<unsigned>(10 * max + 1)) * 100000);
    return Decimal::from_units(static_cast<std::int64_t>(rng() % static_cast<unsigned>(2 * max + 1)) * 500000);
  }
  if (roll < 8) return std::monostate{};
  if (kind == "bool") return rng() % 2 == 0;
  if (kind == "int" || kind == "decimal") {
    std::int64_t x = roll < 11 ? -3 : roll < 13 ? 100000 : roll < 50 ? rng() % 11 : roll < 75 ? rng() % 41 : rng() % 101;
    if (kind == "int") return x;
    if (tenths) return Decimal::from_units(x * 1000000 + static_cast<std::int64_t>(rng() % 10) * 100000);
    if (rng() % 4 == 0) return Decimal::from_units(x * 1000000 + 500000);
    return Decimal::from_int(x);
  }
  if (kind == "date") return hoctap::Date::from_days(static_cast<std::int32_t>(10000 + rng() % 12000));
  if (roll < 11) return std::string("khong_thuoc_thang");  // off the scale
  return labels[rng() % (labels.size() - 1)];              // the last label is the off-scale one
}

// A clean draw kept within its field's range.
Value fit(Value v, const GeneratedColumn& c) {
  if (!clean_values) return v;
  if (auto x = std::get_if<std::int64_t>(&v)) {
    if (c.min && Decimal::from_int(*x) < *c.min) *x = c.min->units() / 1000000 + (c.min->units() % 1000000 > 0);
    if (c.max && Decimal::from_int(*x) > *c.max) *x = c.max->units() / 1000000;
  } else if (auto d = std::get_if<Decimal>(&v)) {
    if (c.min && *d < *c.min) *d = *c.min;
    if (c.max && *d > *c.max) *d = *c.max;
  }
  return v;
}

struct GeneratedTable {
  std::vector<GeneratedColumn> columns;
};

void write_json(std::string& o, const Value& v);

void write_json(std::string& o, const Record& r) {
  o += '{';
  bool first = true;
  for (const auto& [name, v] : r.fields()) {
    if (!first) o += ',';
    first = false;
    hoctap::internal::append_json_string(o, name);
    o += ':';
    write_json(o, v);
  }
  o += '}';
}

void write_json(std::string& o, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) o += "null";
  else if (auto b = std::get_if<bool>(&v)) o += *b ? "true" : "false";
  else if (auto i = std::get_if<std::int64_t>(&v)) o += std::to_string(*i);
  else if (auto d = std::get_if<Decimal>(&v)) o += d->to_string();
  else if (auto t = std::get_if<hoctap::Date>(&v)) hoctap::internal::append_json_string(o, t->to_string());
  else if (auto s = std::get_if<std::string>(&v)) hoctap::internal::append_json_string(o, *s);
  else if (auto l = std::get_if<std::vector<Record>>(&v)) {
    o += '[';
    for (std::size_t k = 0; k < l->size(); ++k) {
      if (k) o += ',';
      write_json(o, (*l)[k]);
    }
    o += ']';
  }
}

// The records, the context, the date and what the record path says of each row (the
// fields evaluate_frame gives: top-level criteria only), one JSON object per line.
void dump(const hoctap::CriteriaSet& set, const std::vector<Record>& records, const Record& context, const hoctap::EvaluateOptions& eo,
          const std::string& path) {
  std::string o = "{\"date\":\"" + eo.assessment_date->to_string() + "\",\"context\":";
  write_json(o, context);
  o += "}\n";
  for (const Record& rec : records) {
    auto r = set.evaluate(rec, eo);
    o += "{\"record\":";
    write_json(o, rec);
    o += ",\"decision\":\"" + std::string(hoctap::to_string(r.decision())) + "\",\"total\":\"" + r.total().to_string() + "\",\"grade\":";
    if (auto g = r.grade()) hoctap::internal::append_json_string(o, g->id);
    else o += "null";
    o += ",\"level\":" + std::to_string(r.level()) + ",\"nodes\":{";
    bool first = true;
    for (const auto& node : r.nodes()) {
      if (node.depth != 0) continue;
      if (!first) o += ',';
      first = false;
      hoctap::internal::append_json_string(o, std::string(node.id));
      o += ":[\"" + node.points.to_string() + "\",\"" + std::string(hoctap::to_string(node.status)) + "\"]";
    }
    std::string errors;
    for (const auto& p : r.problems()) errors += (errors.empty() ? "" : "; ") + p.vi;
    o += "},\"error\":";
    if (errors.empty()) o += "null";
    else hoctap::internal::append_json_string(o, errors);
    o += "}\n";
  }
  std::ofstream(path, std::ios::binary) << o;
}

// A node's reason that it is unknown: through a missing input or an undefined value (a
// division by zero).
bool unknown_node(const std::string& code) { return code == "missing_input" || code == "undefined"; }

// Reasons alike as `alike` below compares results: one that something is unknown by its code
// alone (it names the unknown operand), every other one by its text.
bool alike(const hoctap::Reason& a, const hoctap::Reason& b) {
  if (unknown_node(a.code) || unknown_node(b.code)) return unknown_node(a.code) && unknown_node(b.code);
  return a.code == b.code && (a.code == "knockout_unknown" || a.code == "threshold_unknown" || a.en == b.en);
}

// What canonical_text's contract (expr.hpp) promises of two sets whose expressions have
// the same canonical texts, for one entity: the same decision, total, grade, level, grade
// above and points to it, every node's points, status and level, data problems and
// reasons, but for the operand a reason says is unknown: with both operands of a comparison
// unknown, either may be its value (a missing input, or an undefined value).
bool alike(const hoctap::Result& a, const hoctap::Result& b) {
  auto id = [](const std::optional<hoctap::Label>& l) { return l ? l->id : std::string_view(); };
  if (a.decision() != b.decision() || a.total() != b.total() || id(a.grade()) != id(b.grade()) || a.level() != b.level() ||
      id(a.next_grade()) != id(b.next_grade()) || a.points_to_next_grade() != b.points_to_next_grade() ||
      a.nodes().size() != b.nodes().size() || a.problems().size() != b.problems().size())
    return false;
  for (std::size_t k = 0; k < a.nodes().size(); ++k) {
    const auto &x = a.nodes()[k], &y = b.nodes()[k];
    if (x.id != y.id || x.points != y.points || x.status != y.status || x.level != y.level) return false;
  }
  for (std::size_t k = 0; k < a.problems().size(); ++k)
    if (a.problems()[k].input != b.problems()[k].input || a.problems()[k].code != b.problems()[k].code) return false;
  const std::vector<hoctap::Reason> ra = a.reasons(), rb = b.reasons();
  if (ra.size() != rb.size()) return false;
  for (std::size_t k = 0; k < ra.size(); ++k)
    if (!alike(ra[k], rb[k])) return false;
  return true;
}

// A result as `alike` compares it, for messages.
std::string promised(const hoctap::Result& r) {
  std::ostringstream o;
  auto g = r.grade(), ng = r.next_grade();
  o << hoctap::to_string(r.decision()) << " total " << r.total().to_string() << " grade " << (g ? std::string(g->id) : "-") << " level " << r.level()
    << " next " << (ng ? std::string(ng->id) : "-") << " " << r.points_to_next_grade().to_string() << "; nodes";
  for (const auto& node : r.nodes()) o << " " << node.id << " " << node.points.to_string() << " " << hoctap::to_string(node.status) << " " << node.level;
  o << "; problems";
  for (const auto& p : r.problems()) o << " " << p.input << " " << p.code;
  o << "; reasons";
  for (const auto& why : r.reasons()) o << " [" << why.code << ": " << why.en << "]";
  return o.str();
}

}  // namespace

PathReport compare_paths(const hoctap::CriteriaSet& set, std::uint32_t seed, hoctap::BatchResult& out, const PathOptions& options) {
  clean_values = options.clean;
  rare_problems = options.rare;
  ints_as_doubles = options.ints_as_doubles;
  tenths = options.tenths;
  PathReport report;
  std::mt19937 rng(seed);
  // Sizes differ from set to set; a quarter of the sets (grouped and not, by seed % 2 below)
  // span two blocks of the block evaluator, so a block's members are found at an edge
  // inside a member table, and the two-thread runs have a block each.
  constexpr std::size_t kBlock = hoctap::internal::BlockEvaluator::kRows;
  const std::size_t n = options.rows != 0 ? options.rows : seed % 8 >= 6 ? kBlock + 6 + seed % 5 * (kBlock / 8) : 500 + seed % 2 * 200;
  // Lists and their fields, from the set's own description of its inputs.
  std::map<std::string, GeneratedTable> lists;
  std::vector<std::string> list_order;
  GeneratedTable top;
  auto add_column = [&](GeneratedTable& t, const std::string& name, const std::string& kind, std::vector<std::string> labels) {
    GeneratedColumn c;
    c.name = name;
    c.kind = kind;
    if (kind == "text") labels = {"a", "b", "Tập thể lao động xuất sắc"};
    if (kind == "text" || kind == "category") labels.push_back("khong_thuoc_thang");
    c.labels = std::move(labels);
    const auto& schemas = set.compiled()->schemas;  // the field's range, from the set
    const hoctap::internal::Schema* schema = &schemas[0];
    if (&t != &top)
      for (const auto& s : schemas)
        for (const auto& [list, table] : lists)
          if (&table == &t && s.name == list) schema = &s;
    if (const auto* f = schema->find(name)) c.min = f->min, c.max = f->max;
    t.columns.push_back(std::move(c));
  };
  for (const auto& in : set.inputs()) {
    if (in.kind == "list") {
      list_order.push_back(in.name);
      lists[in.name];
      if (!in.title.empty()) {
        add_column(lists[in.name], "result.recognized", "bool", {});
        add_column(lists[in.name], "result.total", "decimal", {});
        add_column(lists[in.name], "result.level", "int", {});
      }
      continue;
    }
    auto dot = in.name.find('.');
    if (dot == std::string::npos) add_column(top, in.name, in.kind, in.values);
    else add_column(lists[in.name.substr(0, dot)], in.name.substr(dot + 1), in.kind, in.values);
  }
  // Assessors' scores (`score.<indicator>`): the sets that take them do not list them as
  // inputs; a name a set does not take is ignored by both paths.
  for (const auto& node : set.nodes())
    if (node.is_indicator) add_column(top, "score." + node.id, "score", {std::to_string(node.max_known ? node.max_points.units() / 1000000 : 6)});
  // One top-level input comes from the context for every row.
  Record context;
  std::string from_context;
  std::vector<std::string> plain;  // not scores: a constant score would sink every entity
  for (const auto& c : top.columns)
    if (c.kind != "score") plain.push_back(c.name);
  if (plain.size() >= 3) from_context = plain[rng() % plain.size()];
  std::vector<Record> records(n);
  std::vector<std::int64_t> favourable(n);  // per entity: 0, or the one number it uses
  const std::int64_t kFavourable[] = {1, 5, 10, 10, 40};  // 1 fills shares (0..1), 10 full scores
  for (std::size_t i = 0; i < n; ++i) favourable[i] = rng() % 2 == 0 ? 0 : kFavourable[rng() % 5];
  for (auto& c : top.columns) {
    c.values.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      c.values[i] = fit(draw(rng, c.kind, c.labels, favourable[i]), c);
      if (c.name != from_context && !std::holds_alternative<std::monostate>(c.values[i]))
        records[i].set(c.name, c.values[i]);
    }
    if (c.name == from_context) {
      // Favourable (numbers 0: no drop-outs, a zero minimum share): a constant against the
      // entity would sink every row.
      Value v = c.kind == "int" ? Value(std::int64_t{0}) : c.kind == "decimal" ? Value(Decimal()) : draw(rng, c.kind, c.labels, 1);
      while (std::holds_alternative<std::monostate>(v)) v = draw(rng, c.kind, c.labels, 1);
      v = fit(v, c);
      context.set(c.name, v);
    }
  }
  // Members: 0 to 5 per entity, and now and then (one entity in 97) 64 to 163, as a clan's
  // families (shares over more members than the block's table of shares holds); a list is
  // absent for a few entities in the records, which the batch cannot say (it has no
  // members there): those rows compare with an empty list.
  std::map<std::string, std::vector<std::int64_t>> parents;
  for (const std::string& name : list_order) {
    GeneratedTable& t = lists[name];
    std::vector<std::int64_t>& parent = parents[name];
    std::vector<std::vector<Record>> members(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t count = rng() % 97 == 0 ? 64 + rng() % 100 : rng() % 6;
      for (std::size_t k = 0; k < count; ++k) {
        Record m;
        for (auto& c : t.columns) {
          c.values.push_back(fit(draw(rng, c.kind, c.labels, favourable[i]), c));
          if (!std::holds_alternative<std::monostate>(c.values.back())) m.set(c.name, c.values.back());
        }
        parent.push_back(static_cast<std::int64_t>(i));
        members[i].push_back(std::move(m));
      }
      records[i].set(name, std::move(members[i]));
    }
  }
  hoctap::Batch batch;
  batch.rows = n;
  for (auto& c : top.columns)
    if (c.name != from_context) batch.columns.push_back(c.column());
  for (const std::string& name : list_order) {
    if (seed % 2 == 1) {
      // Half the sets get member tables not grouped by parent (last entity's members
      // first), each entity's members still in their order: the batch must group them.
      std::vector<std::int64_t>& parent = parents[name];
      std::vector<std::size_t> order(parent.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return parent[a] > parent[b]; });
      std::vector<std::int64_t> moved(parent.size());
      for (std::size_t k = 0; k < order.size(); ++k) moved[k] = parent[order[k]];
      parent.swap(moved);
      for (auto& c : lists[name].columns) {
        std::vector<Value> values(c.values.size());
        for (std::size_t k = 0; k < order.size(); ++k) values[k] = c.values[order[k]];
        c.values.swap(values);
      }
    }
    hoctap::MemberTable m;
    m.list = name;
    m.rows = parents[name].size();
    m.parent = parents[name].data();
    for (auto& c : lists[name].columns) m.columns.push_back(c.column());
    batch.members.push_back(std::move(m));
  }
  const hoctap::Date date = hoctap::Date::from_days(set.valid_from().days() + 200);
  hoctap::EvaluateOptions eo{date, &context};
  if (!options.dump.empty()) dump(set, records, context, eo, options.dump);
  // Each record judged once; the batch on 1 and 2 threads reporting every node, then on
  // 1 thread reporting none and the top-level criteria only (the block path skips work for
  // nodes that are not reported: decisions, totals and grades must not change).
  std::vector<hoctap::Result> judged;
  judged.reserve(n);
  for (std::size_t i = 0; i < n; ++i) judged.push_back(set.evaluate(records[i], eo));
  if (options.twin != nullptr) {
    hoctap::Result twin;
    for (std::size_t i = 0; i < n; ++i) {
      options.twin->evaluate(records[i], eo, twin);
      if (!alike(judged[i], twin) && report.twin_mismatched++ < 3)
        report.first.push_back(set.id() + " (seed " + std::to_string(seed) + ") row " + std::to_string(i) + ": the rewritten twin judges\n  " +
                               promised(twin) + "\nwhere the set judges\n  " + promised(judged[i]));
    }
  }
  struct Run {
    unsigned threads;
    hoctap::NodeOutput nodes;
    bool float64;  // totals and points as doubles (BatchOptions::float64), as evaluate_frame asks
  };
  const Run runs[] = {{1, hoctap::NodeOutput::all, false}, {2, hoctap::NodeOutput::all, false}, {1, hoctap::NodeOutput::none, false},
                      {1, hoctap::NodeOutput::criteria, false}, {2, hoctap::NodeOutput::all, true}};
  for (const Run& run : runs) {
    const unsigned threads = run.threads;
    hoctap::BatchOptions bo{date};
    bo.context = &context;
    bo.threads = threads;
    bo.nodes = run.nodes;
    bo.float64 = run.float64;
    // The previous run's columns poisoned: a reused result must have every entry written.
    std::fill(out.decision.begin(), out.decision.end(), std::uint8_t{0xEE});
    std::fill(out.level.begin(), out.level.end(), -7);
    std::fill(out.grade.begin(), out.grade.end(), -7);
    std::fill(out.node_status.begin(), out.node_status.end(), std::uint8_t{0xEE});
    std::fill(out.total_units.begin(), out.total_units.end(), std::int64_t{-7});
    std::fill(out.node_points_units.begin(), out.node_points_units.end(), std::int64_t{-7});
    hoctap::evaluate_batch(set, batch, bo, out);
    // A row's total and a node's points as units, read back from the doubles of a float64
    // run (each must be, bit for bit, the double nearest the record path's decimal).
    auto double_units = [](double d, hoctap::Decimal want) {
      return d == want.to_double() ? want.units() : std::numeric_limits<std::int64_t>::min();
    };
    auto total_units = [&](std::size_t i, hoctap::Decimal want) { return run.float64 ? double_units(out.total[i], want) : out.total_units[i]; };
    auto points_units = [&](std::size_t k, std::size_t i, hoctap::Decimal want) {
      return run.float64 ? double_units(out.node_points[k * n + i], want) : out.node_points_units[k * n + i];
    };
    if (out.rows != n) {
      report.mismatched += n;
      report.first.push_back(set.id() + ": the batch has " + std::to_string(out.rows) + " rows, not " + std::to_string(n));
      continue;
    }
    // Every run leaves grade empty for a set without grades, level for a points set.
    const bool no_grade = set.grades().empty(), no_level = !set.uses_levels();
    if (out.grade.size() != (no_grade ? 0 : n) || out.level.size() != (no_level ? 0 : n)) {
      report.mismatched += n;
      report.first.push_back(set.id() + ": grade or level sized " + std::to_string(out.grade.size()) + " and " + std::to_string(out.level.size()));
      continue;
    }
    auto grade_at = [&](std::size_t i) { return no_grade ? -1 : out.grade[i]; };
    auto level_at = [&](std::size_t i) { return no_level ? 0 : out.level[i]; };
    std::size_t mismatched = 0, decisions[3] = {0, 0, 0};
    for (std::size_t i = 0; i < n; ++i) {
      const hoctap::Result& r = judged[i];
      ++decisions[static_cast<int>(r.decision())];
      bool same = out.decision[i] == static_cast<std::uint8_t>(r.decision()) && total_units(i, r.total()) == r.total().units() &&
                  level_at(i) == r.level();
      auto g = r.grade();
      same = same && (grade_at(i) < 0 ? std::string() : out.grades[static_cast<std::size_t>(grade_at(i))]) ==
                         (g ? std::string(g->id) : std::string());
      // The grade above, as hoctap::next_grade reads it off the batch and Result words it.
      const hoctap::NextGrade ahead = hoctap::next_grade(set, out, i);
      auto ng = r.next_grade();
      same = same && (ahead.grade < 0 ? std::string() : out.grades[static_cast<std::size_t>(ahead.grade)]) ==
                         (ng ? std::string(ng->id) : std::string()) &&
             (ahead.grade < 0 || ahead.points_units == r.points_to_next_grade().units());
      for (std::size_t k = 0; k < out.node_index.size(); ++k) {
        const auto& node = r.nodes()[static_cast<std::size_t>(out.node_index[k])];
        same = same && points_units(k, i, node.points) == node.points.units() &&
               out.node_status[k * n + i] == static_cast<std::uint8_t>(node.status);
      }
      std::string errors, got;
      for (const auto& p : r.problems()) errors += (errors.empty() ? "" : "; ") + p.vi;
      for (std::size_t k = 0; k < out.error_rows.size(); ++k)
        if (out.error_rows[k] == static_cast<std::int64_t>(i)) got = out.error_texts[k];
      same = same && got == errors;
      if (!same && mismatched++ < 3) {
        std::ostringstream o;
        o << set.id() << " (seed " << seed << ") row " << i << " threads " << threads << " nodes " << static_cast<int>(run.nodes)
          << (run.float64 ? " float64" : "") << ": batch decision " << int(out.decision[i])
          << " total " << total_units(i, r.total()) << " grade " << grade_at(i) << " errors '" << got << "'; record "
          << hoctap::to_string(r.decision()) << " total " << r.total().units() << " grade " << (g ? std::string(g->id) : "-")
          << " errors '" << errors << "'";
        for (std::size_t k = 0; k < out.node_index.size(); ++k) {
          const auto& node = r.nodes()[static_cast<std::size_t>(out.node_index[k])];
          if (points_units(k, i, node.points) != node.points.units() || out.node_status[k * n + i] != static_cast<std::uint8_t>(node.status))
            o << "; node " << node.id << " batch " << points_units(k, i, node.points) << "/" << int(out.node_status[k * n + i])
              << " record " << node.points.units() << "/" << hoctap::to_string(node.status);
        }
        report.first.push_back(o.str());
      }
    }
    report.mismatched += mismatched;
    if (&run == &runs[0]) {  // the same rows again in the other runs
      report.rows += n;
      for (int d = 0; d < 3; ++d) report.decisions[d] += decisions[d];
    }
  }
  return report;
}

}  // namespace hoctap_test
