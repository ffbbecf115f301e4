// hoctap/batch.hpp: evaluating many entities at once, from columns.
//
//   std::vector<std::int64_t> members = {20, 18, 12};
//   hoctap::Batch batch;
//   batch.rows = 3;
//   batch.columns.push_back(hoctap::Column::int64("so_thanh_vien", members.data()));
//   hoctap::BatchResult r = hoctap::evaluate_batch(set, batch, {hoctap::Date::parse("2023-12-31")});
//   // r.decision[i], r.total_units[i], r.node_points_units[k * rows + i], r.error_rows …
//
// Columns are borrowed, typed buffers (the shape of numpy arrays and of a parsed CSV):
// no object per value crosses the boundary. Each row is judged exactly as
// CriteriaSet::evaluate would judge the same record; a row with bad data gets its data
// problems in `error_rows`/`error_texts` and every other row is unaffected. Members of
// list inputs come as member tables whose rows point at their parent row. Thread-safe;
// with `threads > 1` rows are split across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/export.hpp"
#include "hoctap/result.hpp"
#include "hoctap/value.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

// One input's values for every row. The buffer is not owned and must outlive the call.
struct Column {
  enum class Type : std::uint8_t {
    int64,      // const std::int64_t*
    float64,    // const double*; NaN is missing; read as an exact decimal (six places)
    boolean,    // const std::uint8_t*, 0 or 1
    date_days,  // const std::int32_t*, days since 1970-01-01
    codes,      // const std::int32_t*, an index into `labels`; -1 is missing
  };
  std::string name;                     // the input's name (`score.tc1_1`, `result.recognized`)
  Type type = Type::int64;
  const void* data = nullptr;
  const std::uint8_t* valid = nullptr;  // optional: 0 marks a missing value
  std::vector<std::string> labels;      // `codes`: the text of each code (category ids or labels, text, dates)

  static Column int64(std::string name, const std::int64_t* data) { return {std::move(name), Type::int64, data, nullptr, {}}; }
  static Column float64(std::string name, const double* data) { return {std::move(name), Type::float64, data, nullptr, {}}; }
  static Column boolean(std::string name, const std::uint8_t* data) { return {std::move(name), Type::boolean, data, nullptr, {}}; }
  static Column dates(std::string name, const std::int32_t* days) { return {std::move(name), Type::date_days, days, nullptr, {}}; }
  static Column codes(std::string name, const std::int32_t* codes, std::vector<std::string> labels) {
    return {std::move(name), Type::codes, codes, nullptr, std::move(labels)};
  }
};

// The members of one list input for every parent row of the batch.
struct MemberTable {
  std::string list;                       // the list input's name, e.g. `gia_dinh`
  std::size_t rows = 0;
  const std::int64_t* parent = nullptr;   // per member row: its parent's row in the batch, or -1
  std::vector<Column> columns;            // the members' fields, and `result.*` for titled lists
};

struct Batch {
  std::size_t rows = 0;
  std::vector<Column> columns;
  std::vector<MemberTable> members;
};

// Which nodes' points and status a batch returns.
enum class NodeOutput : std::uint8_t { all, criteria, none };

struct BatchOptions {
  std::optional<Date> assessment_date;  // required, as in EvaluateOptions (empty throws)
  const Record* context = nullptr;      // values for inputs no column gives (see EvaluateOptions)
  unsigned threads = 1;                 // 0: one per core
  Lang lang = Lang::vi;                 // language of the error texts
  NodeOutput nodes = NodeOutput::all;   // `criteria`: top-level criteria only
  bool outside_validity = false;        // see EvaluateOptions
  // Each bad row's problems as an index into distinct texts (BatchResult::error_codes),
  // not a text per row: memory by the distinct texts when many rows share a problem.
  bool distinct_errors = false;
  bool strict = false;                  // column names the set does not read, or inputs no column
                                        // or context gives, throw InputError (see EvaluateOptions)
  // Totals and points as doubles (BatchResult::total, ::node_points) instead of units,
  // converted while each block is in the cache: for hosts whose columns are doubles
  // (pandas, Arrow).
  bool float64 = false;
  // Also each data problem apart, in both languages (BatchResult::problems), for hosts
  // that file a problem by its input (a member's under the member's own row).
  bool each_problem = false;
};

// The results as columns. Node arrays are node-major: entry `k * rows + row` for the k-th
// node of `node_index` (indices into CriteriaSet::nodes()).
struct BatchResult {
  std::size_t rows = 0;
  std::vector<std::uint8_t> decision;          // a Decision
  std::vector<std::int64_t> total_units;       // Decimal units (points sets); empty with float64
  // grade is empty when `grades` is (no row can have one: each would be -1) and level is
  // empty unless the set is a levels set (each would be 0): most sets have neither, and a
  // host that wants those columns makes them itself, without a pass over the rows.
  std::vector<std::int32_t> grade;             // index into `grades`, -1 for none
  std::vector<std::int32_t> level;             // level sets: 0 = none
  std::vector<std::int32_t> node_index;        // the nodes reported, per options.nodes
  std::vector<std::int64_t> node_points_units;  // empty with float64
  std::vector<std::uint8_t> node_status;       // a Status
  // With BatchOptions::float64, in place of total_units and node_points_units: each the
  // double nearest its decimal (Decimal::to_double); empty otherwise.
  std::vector<double> total, node_points;
  // Rows with data problems (ascending) and their problems, "; "-joined. Rare at scale,
  // so kept sparse: no cost for the rows without.
  // With BatchOptions::distinct_errors, `error_texts` holds each distinct text once and
  // `error_codes[k]` is the index of error_rows[k]'s text; otherwise error_codes is empty.
  std::vector<std::int64_t> error_rows;
  std::vector<std::string> error_texts;
  std::vector<std::int32_t> error_codes;
  // With BatchOptions::each_problem, the problems of error_rows one by one, in row order
  // and in each row in the order error_texts joins them, as Result::problems gives them
  // for the same entity: problem_rows[k] is the row of problems[k]. Empty otherwise.
  std::vector<std::int64_t> problem_rows;
  std::vector<DataProblem> problems;
  std::vector<std::string> grades;             // band or level ids
  // The columns' and member tables' names against the set's inputs (check_inputs): names
  // it does not read, inputs no column and no context value gives, unknown member lists.
  std::vector<InputWarning> warnings;
};

// The grade above a row's, as Result::next_grade and Result::points_to_next_grade give
// it for the same entity: `grade` an index into BatchResult::grades, -1 for none (at the
// top, or not assessable); `points_units` what the row's total lacks for it (points sets;
// 0 in levels sets and without a next grade).
struct NextGrade {
  std::int32_t grade = -1;
  std::int64_t points_units = 0;
};
HOCTAP_API NextGrade next_grade(const CriteriaSet& set, const BatchResult& out, std::size_t row);

// Evaluates every row. Throws std::invalid_argument when the batch is malformed (a
// column with a null buffer, a member row pointing past the batch) or the assessment date
// is missing or outside the set's validity (see EvaluateOptions): a caller's bug, not
// data. Bad values are data problems (BatchResult::error_rows), never exceptions.
HOCTAP_API BatchResult evaluate_batch(const CriteriaSet& set, const Batch& batch, const BatchOptions& options = {});
// The same into `out`, reusing its storage: evaluating batches of the same shape again
// (a stream of chunks, a benchmark loop) allocates and clears no result column.
HOCTAP_API void evaluate_batch(const CriteriaSet& set, const Batch& batch, const BatchOptions& options, BatchResult& out);

HOCTAP_NAMESPACE_END
