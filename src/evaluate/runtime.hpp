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
// Kleene: false wins over unknown, true over unknown for `or`. The block evaluator's
// `logic` is the same rule over columns (batch_differential compares the two).
inline Val apply_and(const Val& a, const Val& b) {
  if (!absent(a) && a.i == 0) return a;
  if (!absent(b) && b.i == 0) return b;
  if (absent(a)) return a;
  if (absent(b)) return b;
  return boolean(true);
}
inline Val apply_or(const Val& a, const Val& b) {
  if (!absent(a) && a.i != 0) return a;
  if (!absent(b) && b.i != 0) return b;
  if (absent(a)) return a;
  if (absent(b)) return b;
  return boolean(false);
}
Val apply_operator(const Expr& e, const Val* args);

}  // namespace hoctap::internal
