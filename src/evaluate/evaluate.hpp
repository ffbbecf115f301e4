// Evaluating one record against a CompiledSet.
//
// The record is first bound to slots (one typed value per declared input, member lists
// as contiguous rows); expressions then read slots only. Binding reuses per-thread
// buffers, so a steady stream of evaluations allocates nothing once warmed up (the
// Result's own vectors are reused when the caller passes the same Result back).
#pragma once

#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/result.hpp"
#include "model/model.hpp"

namespace hoctap::internal {

// Members' results computed beforehand (by the registry): for each member list slot of
// the entity schema, the results of its members in order; null for lists not given.
struct MemberResults {
  std::vector<const std::vector<Result>*> by_slot;
  // By slot, the set that judged those members (null for lists not given): the names their
  // own set reads are inputs of theirs, not names the parent's list does not know.
  std::vector<const CompiledSet*> judged_by;
};

// CriteriaSet::check_record for a record whose titled members were judged beforehand: a
// member's name that the parent's list does not declare is not unknown when the set that
// judged the member declares it, and members' results are not missing (their evaluation
// gives them).
std::vector<InputWarning> check_record(const CriteriaSet& set, const Record& record, const Record* context, const MemberResults& members);

// The names a context may give to `set`: its top-level inputs, not its member lists nor
// their fields.
void add_context_inputs(const CompiledSet& set, std::vector<std::string>& known);
// Each name of `context` not in `known`, as an `unknown_context` warning about `set_id`
// (`through_members`: `known` holds the inputs of the sets judging its members too).
std::vector<InputWarning> unknown_context(const Record& context, const std::vector<std::string>& known, const std::string& set_id,
                                          bool through_members);

// What Result::facts_ records during evaluation; reasons are rendered from these later
// (result.cpp), so evaluation itself builds no text.
enum FactKind : std::uint8_t {
  fact_check_failed,         // subject: check
  fact_knockout,             // subject: knockout
  fact_knockout_unknown,     // subject: knockout; slot: missing input code, or undefined_slot
  fact_below_threshold,      // value: the threshold
  fact_threshold_met,        // value: the threshold
  fact_threshold_unknown,    // slot: the missing input the threshold needs, undefined_slot
                             // when it is undefined, or -1 when the total could fall on
                             // either side (value: threshold)
  fact_indicator_below_min,  // subject: node; value: the minimum
  fact_node_below_pass,      // subject: node
  fact_node_missing,         // subject: node; slot: missing input code
  fact_node_undefined,       // subject: node; slot: undefined reason code
  fact_grade_not_recognized, // subject: band index (-2 = otherwise)
  fact_grade_unknown,        // subject: the lowest band the entity may reach; value: the highest (-2 = otherwise)
  fact_level_blocked,        // subject: node that keeps the entity from the next level
};

// Codes carried by missing values: a top-level slot, or kMemberBase + list slot × 1000 +
// member slot; and by undefined values.
constexpr std::int64_t kMemberBase = 1000000;
constexpr std::int64_t kUndefinedDivision = 1, kUndefinedEmpty = 2, kUndefinedOverflow = 3;
// A fact's slot for an undefined value of code `code` (≤ -2: -1 has a meaning of its own
// in fact_threshold_unknown), and the code back.
constexpr std::int64_t undefined_slot(std::int64_t code) { return -1 - code; }
constexpr std::int64_t undefined_code(std::int64_t slot) { return -1 - slot; }

struct Workspace;

// The day `set` judges on: `date`, required; throws std::invalid_argument when it is empty,
// or outside the set's validity window unless `outside_validity` (api.cpp).
Date assessment_date(const CriteriaSet& set, std::optional<Date> date, bool outside_validity);

// The points at which an indicator is met: its own `pass_at`, else full points (an
// unknown maximum sets no requirement). The same in every set: the set's floor for every
// indicator (`every_indicator_at_least`) is a condition of recognition, reported as such,
// and does not change what "met" means (docs/criteria-format.md, "Status of a node").
// Shared by the record and the block evaluator.
inline Decimal indicator_need(const CompiledSet&, const RuleNode& rn) {
  return rn.pass_at ? *rn.pass_at : rn.max_known ? rn.max : Decimal();
}

// Friend of Result. Evaluation is reset → bind (a record here, columns in batch.cpp)
// → decide.
struct Evaluator {
  // Evaluates one record. `context` supplies top-level inputs the record lacks (may be
  // null); `members` gives members' results computed beforehand (may be null).
  static void run(const std::shared_ptr<const CompiledSet>& set, const Record& record, Date date,
                  const Record* context, const MemberResults* members, Result& out);
  // Prepares `out` for a new evaluation of `set` on `date`.
  static void reset(const std::shared_ptr<const CompiledSet>& set, Date date, Result& out);
  // Evaluates the rule tree over the entity bound in `ws` and decides. Without
  // `keep_facts` the result carries no reasons (a batch reads only its columns).
  static void decide(const CompiledSet& set, Workspace& ws, Date date, Result& out, bool keep_facts = true);
  // Records in `out` the value each local input of `set` was bound to in `ws` and whether
  // the record or the context gave it (result.cpp).
  static void note_locals(const CompiledSet& set, const Record& record, const Workspace& ws, Result& out);
  // Where binders record data problems.
  static std::vector<DataProblem>& problems(Result& out);
  // The grade as an index into the set's grade ids as BatchResult lists them (bands, then
  // the otherwise band; or levels), -1 for none.
  static std::int32_t grade_code(const Result& r);
};

}  // namespace hoctap::internal
