// hoctap/result.hpp: what evaluating one entity produces.
//
// A Result holds the outcome (recognized or not, or not assessable), the total, the grade
// or level, every node's points, maximum and status, the reasons in Vietnamese and
// English, the data problems found in the record, and an audit block naming exactly which
// criteria (id, version, sha256) and which engine judged it, on which day.
//
// Ids, names and labels are views into the criteria set, which the Result keeps alive.
// Results are values: copy them, keep them, read them from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hoctap/diagnostic.hpp"
#include "hoctap/export.hpp"
#include "hoctap/value.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

namespace internal {
struct CompiledSet;
struct Evaluator;
}

// The status of one node.
enum class Status {
  met,             // đạt: full points, the declared minimum, or the level condition
  not_met,         // không đạt
  not_applicable,  // không áp dụng: the node does not apply to this entity
  not_assessable,  // không đánh giá được: inputs missing or invalid
};
HOCTAP_API std::string_view to_string(Status status);

// The outcome for the entity as a whole.
enum class Decision {
  recognized,      // được công nhận
  not_recognized,  // không được công nhận
  not_assessable,  // missing data could change the outcome
};
HOCTAP_API std::string_view to_string(Decision decision);

// A decision or a node's status in words, lower case, as hoctap's own texts (its message
// catalog) say it, where to_string gives the id (`not_recognized`):
//   Decision  en: `recognized`, `not recognized`, `not assessable`
//             vi: `được công nhận`, `không được công nhận`, `không đánh giá được`
//   Status    en: `met`, `not met`, `not applicable`, `not assessable`
//             vi: `đạt`, `không đạt`, `không áp dụng`, `không đánh giá được`
// For a host's pages and reports, so that they say what hoctap's explanations say; a page
// that starts a line with one capitalises it itself. The view is of static text (it never
// dangles). Thread-safe.
HOCTAP_API std::string_view words(Decision decision, Lang lang);
HOCTAP_API std::string_view words(Status status, Lang lang);

// A grade band or level of the set.
struct Label {
  std::string_view id;
  std::string_view vi;
  std::string_view en;
  std::string_view in(Lang lang) const { return lang == Lang::vi ? vi : en; }
};

struct NodeResult {
  std::string_view id;
  int parent = -1;       // index into Result::nodes(), -1 for a criterion
  int depth = 0;
  bool is_indicator = false;
  Decimal points;        // points mode: points earned (not-assessable nodes: 0)
  Decimal max_points;    // points mode: the maximum (when unknown: the cap above it)
  bool max_known = true; // false for nodes whose maximum the source does not give
  Status status = Status::not_assessable;
  int level = 0;         // levels mode: the highest level whose condition the node meets
  std::string_view name_vi;
  std::string_view name_en;
};

// One line of explanation, with a stable code for machines.
struct Reason {
  std::string code;  // e.g. `below_threshold`, `knockout`, `node_not_met`, `missing_input`
  std::string vi;
  std::string en;
};

// A problem with the record's data (never with the criteria).
struct DataProblem {
  std::string input;  // the input it concerns (dotted for members: `tre_em[2].tuoi`)
  std::string code;   // `missing`, `wrong_type`, `out_of_range`, `unknown_category`, `inconsistent`
  std::string vi;
  std::string en;
};

// Where an evaluation took the value of a local input (declared `local: true`: a share or
// threshold the locality decides): the record, the evaluation context (EvaluateOptions::
// context), or neither (missing; a value given but invalid counts as missing, and the
// record's data problems say why).
enum class LocalSource { record, context, missing };
HOCTAP_API std::string_view to_string(LocalSource source);

// One local input and the value the evaluation used for it.
struct LocalValue {
  std::string_view input;  // the input's name
  Value value;             // the value used; std::monostate when missing
  LocalSource source = LocalSource::missing;
};

struct Audit {
  std::string_view criteria_id;
  std::string_view criteria_version;
  std::string_view criteria_sha256;
  Date assessment_date;
  std::string_view engine_version;
};

// A name the data gives that the set does not read, or an input the set reads that the
// data does not give (see CriteriaSet::check_inputs).
struct InputWarning {
  std::string code;        // `unknown_input`, `missing_input`, `unknown_list`, `unknown_context`
  std::string name;        // the name given, or the input not given
  std::string suggestion;  // unknown_input, unknown_context: the nearest declared name (edit distance), or empty
  std::string vi;
  std::string en;
};

// Thrown under EvaluateOptions::strict / BatchOptions::strict when the data gives names
// the set does not read or lacks inputs it reads. `what()`: the English texts, "; "-joined;
// `message(Lang::vi)` the Vietnamese ones; code() is `E005`.
class HOCTAP_API InputError : public std::invalid_argument, public Error {
 public:
  explicit InputError(std::vector<InputWarning> warnings);
  const std::vector<InputWarning>& warnings() const noexcept { return warnings_; }

 private:
  std::vector<InputWarning> warnings_;
};

class HOCTAP_API Result {
 public:
  Result();
  ~Result();
  Result(const Result&);
  Result(Result&&) noexcept;
  Result& operator=(const Result&);
  Result& operator=(Result&&) noexcept;

  Decision decision() const { return decision_; }
  bool recognized() const { return decision_ == Decision::recognized; }
  Decimal total() const { return total_; }
  Decimal max_total() const { return max_total_; }
  // The grade band (points sets with grades) or level (mức độ sets) reached, if any.
  std::optional<Label> grade() const;
  // Levels mode: the highest level reached (0 = none).
  int level() const { return level_; }
  // The next higher band and the points still missing to reach it (points sets).
  std::optional<Label> next_grade() const;
  Decimal points_to_next_grade() const { return to_next_; }

  const std::vector<NodeResult>& nodes() const { return nodes_; }
  // The node with this id, or nullptr.
  const NodeResult* node(std::string_view id) const;
  const std::vector<DataProblem>& problems() const { return problems_; }
  // Names the record gave that the set does not read (with "did you mean"), inputs neither
  // the record nor the context gave, unknown member lists: CriteriaSet::check_record's
  // facts. Empty when the record matches the set.
  const std::vector<InputWarning>& warnings() const { return warnings_; }
  // The set's local inputs in declaration order, each with the value this evaluation used
  // and where it came from. Empty for sets that declare none.
  const std::vector<LocalValue>& local_values() const { return locals_; }
  // Why the decision is what it is, most important first.
  std::vector<Reason> reasons() const;
  Audit audit() const;

  // A readable, multi-line explanation: the decision, the reasons, each node.
  std::string explain(Lang lang) const;
  // One JSON object (UTF-8, one line). `explain` adds the reasons and the explanation.
  std::string to_json(bool explain = false, Lang lang = Lang::vi) const;

 private:
  friend struct internal::Evaluator;
  std::shared_ptr<const internal::CompiledSet> set_;
  Decision decision_ = Decision::not_assessable;
  Decimal total_;
  Decimal max_total_;
  int grade_ = -1;       // index of the band; -2 = the "otherwise" band
  int next_grade_ = -1;
  int level_ = 0;
  Decimal to_next_;
  Date date_;
  std::vector<NodeResult> nodes_;
  std::vector<DataProblem> problems_;
  std::vector<LocalValue> locals_;
  std::vector<InputWarning> warnings_;
  std::uint64_t warnings_key_ = 0;  // the names warnings_ was found for (0: none)
  // Compact facts the reasons are rendered from, filled during evaluation without
  // allocating text: (kind, subject index, value).
  struct Fact {
    std::uint8_t kind;
    std::int32_t subject;
    Decimal value;
    std::int32_t slot;  // the missing input's slot, when relevant
  };
  std::vector<Fact> facts_;
};

HOCTAP_NAMESPACE_END
