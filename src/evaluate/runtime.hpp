// Runtime values and per-thread scratch shared by the record binder (evaluate.cpp) and
// the column binder (batch.cpp). A bound entity is a row of slots in Workspace::vals;
// member lists are further rows after it, described by ListData.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "hoctap/result.hpp"
#include "hoctap/value.hpp"
#include "evaluate/rules.hpp"
#include "model/model.hpp"

namespace hoctap::internal {

enum class VK : std::uint8_t { missing, undefined, boolean, number, date, category, text, list };

// A value during evaluation. Numbers are Decimal units whatever their static type.
// missing: `i` names the input (a missing-input code, see evaluate.hpp); undefined: a
// computation without a value (division by zero, a share over no members), `i` = reason.
// text: `p` points at the bytes and `i` is their length; they outlive the evaluation.
struct Val {
  VK kind = VK::missing;
  std::int64_t i = 0;
  const void* p = nullptr;
};

struct ListData {
  const Val* rows = nullptr;
  int count = 0;
  int stride = 0;
};

inline Val missing(std::int64_t code) { return Val{VK::missing, code, nullptr}; }
inline Val undefined(std::int64_t code) { return Val{VK::undefined, code, nullptr}; }
inline Val boolean(bool b) { return Val{VK::boolean, b ? 1 : 0, nullptr}; }
inline Val number(Decimal d) { return Val{VK::number, d.units(), nullptr}; }
inline bool absent(const Val& v) { return v.kind == VK::missing || v.kind == VK::undefined; }

// Converts one value for `field` exactly as the record binder does (types, ranges,
// categories), recording data problems; `list` and `row` place member fields in
// messages (`tre_em[2].tuoi`). Text values point into `value`, which must outlive use.
struct CompiledSet;
struct Field;
Val bind_value(const CompiledSet& set, const Field& field, const Value* value, std::int64_t missing_code,
               const std::string& list, int row, std::vector<DataProblem>& problems);
// Pieces of the same contract: a bool's words (true/có/x/1/yes/đúng, false/không/0/no/
// sai; any case), blank text (missing), text without surrounding blanks, and a value as
// messages show it (escaped).
std::optional<bool> bool_word(std::string_view text);
bool blank(std::string_view text);
std::string_view trim_blank(std::string_view text);
std::string shown_value(const Value& v);

// Per-thread scratch, reused between evaluations.
struct Workspace {
  std::vector<Val> vals;
  std::vector<ListData> lists;
  std::vector<Decimal> high;    // per node: the most points it could have with missing data
  std::vector<int> unknown_at;  // levels mode, per node: level whose condition is unknown, or -1
};

// Lends this thread a workspace for the duration of one evaluation. Leases nest (a
// parent evaluation may evaluate its members inside), each level with its own workspace.
class WorkspaceLease {
 public:
  WorkspaceLease();
  ~WorkspaceLease();
  WorkspaceLease(const WorkspaceLease&) = delete;
  WorkspaceLease& operator=(const WorkspaceLease&) = delete;
  Workspace& operator*() { return *ws_; }

 private:
  Workspace* ws_;
};

}  // namespace hoctap::internal

namespace hoctap::internal {

struct Expr;
struct Parameter;

// The expression operators, defined once so that every evaluation path (one record, a
// batch) judges alike. `apply_operator` takes its arguments already evaluated, none absent.
Val literal_value(const Expr& e);
Val parameter_value(const Parameter& p, const Val& key);  // key: the `by` input's value
// Kleene logic (rules::kleene): false decides `and`, true decides `or`, even beside an
// unknown operand.
inline Val apply_logic(bool is_and, const Val& a, const Val& b) {
  switch (rules::kleene(absent(a), (a.i != 0) != is_and, absent(b), (b.i != 0) != is_and)) {
    case rules::Kleene::decided: return boolean(!is_and);
    case rules::Kleene::first: return a;
    case rules::Kleene::second: return b;
    case rules::Kleene::undecided: break;
  }
  return boolean(is_and);
}
inline Val apply_and(const Val& a, const Val& b) { return apply_logic(true, a, b); }
inline Val apply_or(const Val& a, const Val& b) { return apply_logic(false, a, b); }
Val apply_operator(const Expr& e, const Val* args);

// What is known of an aggregate's members (count, share, all, any, sum over a list), added
// up member by member in list order. E is the filter (true when there is none), P the
// body (true for `count`, which has none). Members whose E is false are left out.
// The value and its bounds follow from these counts alone, so every path (the record
// evaluator, the block evaluator) that fills them judges alike.
struct AggregateCounts {
  std::int64_t yes = 0, no = 0, open = 0;                 // E true: P true, false, unknown
  std::int64_t maybe_yes = 0, maybe_no = 0, maybe_open = 0;  // E unknown: P true, false, unknown
  std::int64_t sum = 0;                                    // sum: P over E-true members with P known
  std::int64_t maybe_low = 0, maybe_high = 0;              // sum: min(0, P), max(0, P) over E-unknown ones
  Val first_unknown{};                                     // the first absent E (or P of an E-true member)
  bool has_unknown = false;

  // `filter`: null when the aggregate has none; `body`: null for `count`, and need not be
  // evaluated when the filter is known false.
  void add(const Val* filter, const Val* body) {
    const bool e_known = filter == nullptr || !absent(*filter);
    if (e_known && filter != nullptr && filter->i == 0) return;
    if (!e_known) note(*filter);
    const bool p_known = body == nullptr || !absent(*body);
    if (e_known && !p_known) note(*body);
    const std::int64_t p = body == nullptr ? 1 : p_known ? body->i : 0;
    if (e_known) {
      if (!p_known) ++open;
      else (p != 0 ? yes : no) += 1, sum += p;
    } else {
      if (!p_known) ++maybe_open;
      else (p != 0 ? maybe_yes : maybe_no) += 1, maybe_low += p < 0 ? p : 0, maybe_high += p > 0 ? p : 0;
    }
  }
  void note(const Val& v) {
    if (!has_unknown) first_unknown = v, has_unknown = true;
  }
  std::int64_t maybe() const { return maybe_yes + maybe_no + maybe_open; }
};

// The least and most a numeric value could be, when it is unknown but bounded.
struct Bounds {
  bool known = false;  // false: unbounded
  std::int64_t lo = 0, hi = 0;
};

// An aggregate's value from its counts: exact, or the first unknown member value when the
// known members do not settle it (`all` is false once a selected member fails, true when
// every member that may be selected passes; `any` mirrors it).
Val aggregate_value(Op op, const AggregateCounts& c);
// The bounds of an unknown count, share or sum: count in [yes+no+open, that + maybe];
// share from its least (undecided members fail, optional passers stay out) to its most
// (the mirror), unbounded when no member is certainly selected (the share may be over no
// one); sum unbounded when a member's value is unknown.
Bounds aggregate_bounds(Op op, const AggregateCounts& c);
// Whether `e` is an aggregate with numeric bounds (count, share, sum).
inline bool bounded_aggregate(const Expr& e) { return e.op == Op::count || e.op == Op::share || e.op == Op::sum; }
// A comparison (eq … ge) of two values, each known or unknown with `bounds` (may be null):
// decided when every pair of values within the bounds gives the same answer, else the
// first absent operand, as for every operator.
Val apply_comparison(const Expr& e, const Val* v, const Bounds* bounds);

}  // namespace hoctap::internal
