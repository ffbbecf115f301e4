// hoctap/criteria.hpp: loading a criteria set (bộ tiêu chí) and evaluating entities.
//
//   auto loaded = hoctap::load_criteria_file("criteria/don-vi-hoc-tap/tt22-2020.yaml");
//   if (!loaded.ok()) { std::cerr << hoctap::format(loaded.diagnostics); return 3; }
//   const hoctap::CriteriaSet& set = *loaded.set;
//   hoctap::Record unit;
//   unit.set("score.tc1_1", std::int64_t{10});                 // assessor-entered points
//   hoctap::Result r = set.evaluate(unit, {hoctap::Date::parse("2022-12-31")});
//   std::cout << r.explain(hoctap::Lang::vi);
//
// A CriteriaSet is immutable once loaded and safe to use from many threads at once; copies
// share the same compiled program. Authoring errors come back as diagnostics from the
// loader; data problems in a record come back inside the Result, never as exceptions.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hoctap/diagnostic.hpp"
#include "hoctap/export.hpp"
#include "hoctap/result.hpp"
#include "hoctap/value.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

namespace internal {
struct CompiledSet;
}

// How sure the encoding is of a value or rule (see docs/criteria-format.md).
enum class Confidence { confirmed, inferred, unknown };
HOCTAP_API std::string_view to_string(Confidence confidence);

// Where a rule comes from. Any field may be empty when the source does not say.
struct LegalBasis {
  std::string instrument;  // "Thông tư 22/2020/TT-BGDĐT"
  std::string issuer;      // "Bộ Giáo dục và Đào tạo"
  std::optional<Date> signed_on;
  std::string article;     // "Điều 5"
  std::string source;      // URL or citation of the text the encoding was made from
  Confidence confidence = Confidence::confirmed;
  std::string note;        // why the confidence is what it is
};

// One node of the rule tree: a criterion (tiêu chí) or an indicator (chỉ số / chỉ tiêu).
struct NodeInfo {
  std::string id;
  std::string name_vi;
  std::string name_en;
  int parent = -1;  // index into CriteriaSet::nodes(), -1 for a top-level criterion
  int depth = 0;    // 0 for criteria, 1 for their indicators, …
  bool is_indicator = false;
  Decimal max_points;               // points mode: the node's maximum (when unknown: the cap above it)
  bool max_known = true;            // false for `max: unknown` (the source gives no maximum)
  std::optional<Decimal> pass_at;   // points mode: an explicit minimum the node must reach
  Confidence confidence = Confidence::confirmed;  // of this node itself (inherits the set's)
  std::string source;               // article / source note of the node, if any
};

// A declared input of the set (top-level or a field of a member list).
struct InputInfo {
  std::string name;     // dotted for member fields: `tre_em.tuoi`
  std::string type;     // int, decimal, bool, date, text, category `<scale>`, list `<name>`
  std::string label_vi;
  std::string label_en;
  std::string title;    // lists: the title members are judged by, if any
  std::string kind;     // the type's kind alone: int, decimal, bool, date, text, category, list
  std::vector<std::string> values;  // categories: the scale's value ids, lowest first
  bool local = false;   // a value the locality decides (a share or threshold no source fixes)
};

// A grade band of a points set, or a level of a levels (mức độ) set.
struct GradeInfo {
  std::string id;
  std::string name_vi;
  std::string name_en;
  std::optional<Decimal> min;    // bands: the least total (inclusive); empty for levels and `otherwise`
  std::optional<Decimal> below;  // bands: the total the band stays under; empty for the top band
  bool recognized = true;        // bands: whether reaching it recognizes the entity
};

// A place in a criteria or targets file whose content is not confirmed by its source
// (or, in `confirmed_notes()`, a confirmed place with a note).
struct UnconfirmedPlace {
  int line = 0;            // 1-based line in the criteria file
  std::string place;       // `legal_basis`, `parameters.NAME` or the node's YAML path and id
  Confidence confidence = Confidence::inferred;
  std::string note;        // why, as the file says
};

// Limits that keep hostile files harmless. Defaults suit every official set with room.
struct LoadOptions {
  std::size_t max_file_bytes = 1u << 20;  // larger files are refused before reading
  std::size_t max_yaml_nodes = 200000;    // after alias expansion
  int max_depth = 64;                     // nesting of YAML collections
  bool load_sibling_tests = true;         // also read `<name>.tests.yaml` beside the file
  // Labels in English are required even of a set that declares `languages: [vi]` (such a
  // declaration is then an error, H105). `Registry::load_official` sets it: the bundled
  // national sets keep English labels.
  bool require_english = false;
};

// Per-call options of an evaluation.
struct EvaluateOptions {
  // The day of the assessment: selects versions in a registry, feeds `assessment_date`
  // in expressions, and is recorded in the audit block. Required: evaluating without one
  // throws std::invalid_argument (never today's date in silence; a failed Date::parse
  // leaves it empty and so is refused too).
  std::optional<Date> assessment_date;
  // Values for inputs a record does not carry, shared by every entity evaluated with
  // these options (and their members): typically what a locality decides, such as a
  // threshold an instrument leaves to it. Not owned; must outlive the call.
  const Record* context = nullptr;
  // A date outside the set's validity window [valid_from, valid_to] throws
  // std::invalid_argument unless this is set (to judge by a set not in force that day).
  bool outside_validity = false;
  // The entity's place (`quang_ninh`, `quang_nam/tam_ky`; empty: none): a registry judges
  // it, and its members, by the place's own version of a title where there is one — the
  // district's, else the province's — and by the national version otherwise.
  std::string place;
  // Names the record gives that the set does not read and inputs neither it nor the
  // context gives are Result::warnings(); with `strict` they throw InputError instead.
  bool strict = false;
};

// A loaded, validated and compiled criteria set. Cheap to copy (shared, immutable).
class HOCTAP_API CriteriaSet {
 public:
  // Loads and validates a file, or throws CriteriaError listing every error (unreadable
  // files included: code H001).
  static CriteriaSet load(const std::string& path, const LoadOptions& options = {});

  const std::string& id() const;          // unique id of this version, e.g. `don-vi-hoc-tap/tt22-2020`
  const std::string& title() const;       // the title it judges, e.g. `don_vi_hoc_tap`
  const std::string& name_vi() const;
  const std::string& name_en() const;
  const std::string& entity() const;      // citizen, family, clan, community, unit, commune, …
  const std::string& version() const;
  Date valid_from() const;
  std::optional<Date> valid_to() const;   // inclusive last day; empty = open-ended
  const std::string& supersedes() const;  // id of the version it replaces, or empty
  // The place the set is that place's own version for: a province (`quang_ninh`) or
  // `province/district`; empty for a national set. A registry prefers it there.
  const std::string& place() const;
  const LegalBasis& legal_basis() const;
  const std::string& source_path() const;
  const std::string& source_text() const;   // the file's text (UTF-8, BOM removed)
  const std::string& sha256() const;      // of the file's bytes
  bool uses_levels() const;               // mức độ sets (no points)

  const std::vector<NodeInfo>& nodes() const;
  const std::vector<InputInfo>& inputs() const;
  // The grade bands, lowest first, then the `otherwise` band if any; or the levels, lowest
  // first (uses_levels()). Empty for a set that only recognizes or not.
  std::vector<GradeInfo> grades() const;
  // Titles whose results this set reads (members' results), in declaration order.
  const std::vector<std::string>& referenced_titles() const;
  // Every place whose confidence is not `confirmed`, in file order: the legal basis,
  // parameters, nodes, and the dates, declared total, blocks, bands, scoring modes and
  // applicability rules that declare their own confidence.
  const std::vector<UnconfirmedPlace>& unconfirmed() const;
  // Confirmed places whose file adds a note (e.g. a date on which sources conflict), in
  // file order; `confidence` is `confirmed`.
  const std::vector<UnconfirmedPlace>& confirmed_notes() const;

  // Evaluates one record (throws std::invalid_argument without an assessment date, or on
  // a date outside the validity window unless options.outside_validity). Members' results for another title are read from the member
  // records' `result.*` fields (see docs/criteria-format.md), since a set alone cannot
  // evaluate another title; use Registry::evaluate to evaluate members first.
  Result evaluate(const Record& record, const EvaluateOptions& options = {}) const;
  // Same, reusing `out`'s storage: no allocation once `out` has held a result of this set.
  void evaluate(const Record& record, const EvaluateOptions& options, Result& out) const;

  // The names a record or a table gives (`names`: top-level keys or columns; with `list`,
  // the fields of that member list) checked against the inputs the set declares: each
  // name it does not read (`unknown_input`, with the nearest declared name when one is
  // near), each input no name and no context value gives (`missing_input`), or a `list`
  // the set does not have (`unknown_list`). `id`, an entity's identifier, is no unknown
  // name unless the set declares an input of that name. Evaluation drops nothing in
  // silence: callers report these, or refuse the data with them in a strict mode.
  std::vector<InputWarning> check_inputs(const std::vector<std::string>& names, const std::string& list = "",
                                         const Record* context = nullptr) const;
  // check_inputs over one record: its top-level names and, for each member list it gives,
  // the names its members give. What Result::warnings() holds after evaluating the record.
  std::vector<InputWarning> check_record(const Record& record, const Record* context = nullptr) const;
  // The names of `context` this set does not read as inputs (`unknown_context`, with the
  // nearest input when one is near): evaluating with them changes nothing. Evaluation does
  // not report them, since one context may serve several titles (a dataset's does); a
  // caller that takes a context for this set checks it here. Registry::check_context also
  // accepts the inputs of the sets judging its members.
  std::vector<InputWarning> check_context(const Record& context) const;

  // Internal: the compiled form. Not part of the stable API, not exported.
  const std::shared_ptr<const internal::CompiledSet>& compiled() const { return impl_; }
  HOCTAP_INTERNAL explicit CriteriaSet(std::shared_ptr<const internal::CompiledSet> impl);

 private:
  std::shared_ptr<const internal::CompiledSet> impl_;
};

// What loading a file produced: the set when the file is valid, and every diagnostic
// (errors and warnings) either way.
struct LoadResult {
  std::optional<CriteriaSet> set;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return set.has_value(); }
};

// Loads and validates a criteria file. Never throws for bad content or I/O: every
// problem is a diagnostic. Thread-safe.
HOCTAP_API LoadResult load_criteria_file(const std::string& path, const LoadOptions& options = {});
// Same from text; `name` is used as the file name in diagnostics.
HOCTAP_API LoadResult load_criteria_string(std::string_view text, const std::string& name,
                                           const LoadOptions& options = {});

HOCTAP_NAMESPACE_END
