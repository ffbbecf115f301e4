// The typed, validated rule tree of one criteria set, with every name already resolved
// to a slot. Built once by the loader, immutable afterwards, shared by all evaluations.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/value.hpp"
#include "util/numeric.hpp"

namespace hoctap::internal {

struct Bilingual {
  std::string vi;
  std::string en;
};

// ---- types ---------------------------------------------------------------------------

struct Type {
  enum class Kind : std::uint8_t { error, boolean, integer, decimal, date, text, category, list };
  Kind kind = Kind::error;
  int scale = -1;   // category: index into CompiledSet::scales
  int schema = -1;  // list: index into CompiledSet::schemas (the members' shape)

  static Type of(Kind k) { Type t; t.kind = k; return t; }
  bool numeric() const { return kind == Kind::integer || kind == Kind::decimal; }
  bool operator==(const Type& o) const { return kind == o.kind && scale == o.scale && schema == o.schema; }
  bool operator!=(const Type& o) const { return !(*this == o); }
};

// An ordered category scale: values from lowest to highest.
struct Scale {
  std::string id;
  std::vector<std::string> values;        // ids
  std::vector<Bilingual> labels;
  // Ordinal of an id or a Vietnamese label (NFC), or -1.
  int find(std::string_view text) const;
};

// One field of a record shape.
struct Field {
  std::string name;
  Type type;
  Bilingual label;
  std::optional<Decimal> min;  // numeric range, inclusive
  std::optional<Decimal> max;
  int slot = -1;
  bool local = false;  // a value the locality decides (`local: true`), usually given as context
};

// The shape of a record: the top-level entity (schema 0) or the members of a list input.
struct Schema {
  std::string name;        // `` for the entity, the list input's name for members
  std::vector<Field> fields;
  std::unordered_map<std::string, int> by_name;  // field index
  // Member lists that name a title: members' results occupy four slots after the fields:
  // recognized (bool), total (decimal), grade (text), level (int).
  std::string member_title;
  int result_base = -1;
  // The results' names and kinds, in their slots' order from result_base.
  static constexpr int kResults = 4;
  static constexpr const char* kResultNames[kResults] = {"result.recognized", "result.total", "result.grade", "result.level"};
  static constexpr Type::Kind kResultKinds[kResults] = {Type::Kind::boolean, Type::Kind::decimal, Type::Kind::text, Type::Kind::integer};
  int slot_count = 0;
  const Field* find(const std::string& n) const {
    auto it = by_name.find(n);
    return it == by_name.end() ? nullptr : &fields[it->second];
  }
};

// ---- expressions ---------------------------------------------------------------------

enum class Op : std::uint8_t {
  literal, input, member_field, param, assessment_date, total,
  neg, not_, add, sub, mul, div, eq, ne, lt, le, gt, ge, and_, or_, if_,
  min, max, floor, ceil, round, abs, years_between,
  count, share, all, any, sum,
};

struct Literal {
  enum class Kind : std::uint8_t { none, boolean, number, date, category, text } kind = Kind::none;
  std::int64_t i = 0;  // bool 0/1, decimal units, days, ordinal
  std::string text;
};

// The most arguments an operator takes (min and max); the evaluator sizes its buffer by it.
inline constexpr std::size_t kMaxOperatorArgs = 16;

struct Expr {
  Op op = Op::literal;
  Type type;
  Literal lit;
  int slot = -1;        // input / member_field: slot; param: index; round etc.: digits
  std::size_t pos = 0;  // byte index inside the expression text
  std::string name;     // as written, for messages
  std::vector<std::unique_ptr<Expr>> args;  // aggregates: list, filter (may be null), body
  int shape = -1;       // equal for expressions of a set with the same structure (operator,
                        // type, literal, slot, arguments): computing one computes the
                        // others in the same scope. Set by number_shapes; -1: not numbered
};

// An expression with the text it came from, for messages.
struct Formula {
  std::string text;
  std::unique_ptr<Expr> root;
  std::vector<int> inputs;  // top-level slots it reads, for "missing input" reasons
  explicit operator bool() const { return root != nullptr; }
};

// ---- confidence ----------------------------------------------------------------------

// The confidence of one place that can carry an encoder's choice besides nodes and
// parameters: a date, the declared total, the grades or recognition block, a band, an
// indicator's scoring mode or its applicability. `declared`: the file writes
// `confidence` there; otherwise the place inherits it (see docs/criteria-format.md).
struct Mark {
  Confidence confidence = Confidence::confirmed;
  std::string note;
  bool declared = false;
  int line = 0;
};

// Every place of a set with its confidence, confirmed or not, in file order: what
// `validate --strict` filters and what the consistency tests read.
struct Place {
  std::string place;  // as UnconfirmedPlace::place
  Mark mark;
  bool listed = false;  // shown by `validate --strict` when not confirmed
};

// ---- parameters ----------------------------------------------------------------------

// A value that depends on the entity's context, e.g. a threshold by area.
struct Parameter {
  std::string name;
  Bilingual label;
  Type type;                         // integer or decimal or boolean
  int by_slot = -1;                  // category input it depends on, or -1 for a constant
  int by_scale = -1;
  std::vector<std::optional<std::int64_t>> by_value;  // per ordinal of the scale
  std::optional<std::int64_t> fallback;               // `default`
  Confidence confidence = Confidence::confirmed;
  std::string note;
  int line = 0;
};

// ---- the rule tree -------------------------------------------------------------------

struct PointsRule {
  enum class Kind { none, conditions, formula, assessed } kind = Kind::none;
  struct Case { Formula when; Decimal points; };
  std::vector<Case> cases;
  std::optional<Decimal> otherwise;
  Formula formula;
  Rounding rounding = Rounding::half_up;
  int digits = 0;
  int assessed_slot = -1;  // the `score.<id>` input
};

struct RuleNode {
  std::string id;
  Bilingual name;
  int parent = -1;
  int depth = 0;
  std::vector<int> children;
  bool indicator = false;
  Decimal max;                      // when !max_known: the cap from the nearest known maximum above
  bool max_known = true;
  std::optional<Decimal> pass_at;
  PointsRule points;
  Formula applies_when;             // false → not applicable
  bool not_applicable_full = false; // points awarded when not applicable: max or 0
  std::vector<Formula> requires;    // levels mode: condition per level (empty = as the level below)
  Mark scoring_mark;                // the points rule's mode (e.g. assessed partial points); inherits the node's
  Mark applicability_mark;          // `applies_when` / `if_not_applicable`; inherits the node's
  Confidence confidence = Confidence::confirmed;
  bool confidence_declared = false;  // written on the node (else inherited from its parent)
  std::string note;
  std::string source;
  std::string yaml_path;
  int line = 0;
};

struct Band {
  std::string id;
  Bilingual name;
  Decimal min;
  std::optional<Decimal> below;
  bool recognized = true;
  Mark mark;  // whether the band and its `recognized` are the source's (inherits the grades block's)
};

struct Knockout {
  std::string id;
  Bilingual name;
  Formula when;
};

struct Check {
  std::string id;
  Bilingual message;
  Formula holds;
};

struct Level {
  std::string id;
  Bilingual name;
};

struct Expectation {
  std::optional<Decision> decision;
  std::optional<Decimal> total;
  std::optional<std::string> grade;  // band or level id; "" = none
  std::optional<int> level;
  std::optional<Decimal> points_to_next;
  struct NodeExpect { std::string id; std::optional<Decimal> points; std::optional<Status> status; std::optional<int> level; };
  std::vector<NodeExpect> nodes;
  std::vector<std::string> problems;  // codes, in order
  std::vector<std::string> explain_vi;
  std::vector<std::string> explain_en;
};

struct TestCase {
  std::string name;
  std::string file;
  int line = 0;
  Date date;
  Record input;
  Record context;  // values a locality supplies (EvaluateOptions::context)
  Expectation expect;
};

struct CompiledSet {
  // metadata
  int format = 1;
  std::string id, title, entity, version, supersedes;
  std::string place;  // the province or `province/district` the set is that place's own version for; empty: national
  Bilingual name;
  Date valid_from;
  std::optional<Date> valid_to;
  LegalBasis legal;
  Mark valid_from_mark, valid_to_mark, max_total_mark, grades_mark, recognition_mark;  // inherit the legal basis's
  std::string source_path, source_text, sha256;

  // shape
  std::vector<Scale> scales;
  std::vector<Schema> schemas;  // [0] is the entity
  std::vector<Parameter> parameters;
  std::unordered_map<std::string, int> parameter_index;
  std::vector<std::string> referenced_titles;

  // rules
  bool levels_mode = false;
  std::vector<RuleNode> nodes;  // pre-order: parents before children
  std::vector<int> roots;
  std::vector<int> indicators;  // leaves in order
  Decimal max_total;
  std::vector<Band> bands;      // ascending by min
  std::optional<Band> otherwise;
  std::vector<Level> levels;
  Formula min_total;
  std::optional<Decimal> every_indicator_at_least;
  std::vector<Knockout> knockouts;
  std::vector<Check> checks;
  std::vector<TestCase> tests;
  std::vector<Diagnostic> test_problems;  // errors in the cases (loader.hpp: set_aside_case_problems)
  int shapes = 0;  // distinct Expr::shape numbers

  // public views
  std::vector<NodeInfo> node_infos;
  std::vector<InputInfo> input_infos;
  std::vector<UnconfirmedPlace> unconfirmed;
  std::vector<Place> places;
  std::vector<UnconfirmedPlace> confirmed_notes;

};

// Calls `fn` on every formula of `set` (a CompiledSet, const or not), in rule order: each
// node's applicability, levels' requirements, points cases and points formula, then the
// threshold, the knock-outs and the checks.
template <typename Set, typename Fn>
void for_each_formula(Set& set, Fn&& fn) {
  for (auto& n : set.nodes) {
    fn(n.applies_when);
    for (auto& f : n.requires) fn(f);
    for (auto& c : n.points.cases) fn(c.when);
    fn(n.points.formula);
  }
  fn(set.min_total);
  for (auto& k : set.knockouts) fn(k.when);
  for (auto& c : set.checks) fn(c.holds);
}

}  // namespace hoctap::internal
