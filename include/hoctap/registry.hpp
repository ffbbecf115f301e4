// hoctap/registry.hpp: a folder of criteria sets, and the version in force on a day.
//
//   auto loaded = hoctap::Registry::load_directory("criteria");
//   if (!loaded.ok()) { std::cerr << hoctap::format(loaded.diagnostics); return 3; }
//   auto date = *hoctap::Date::parse("2023-12-31");
//   hoctap::Result r = loaded.registry->evaluate("dong_ho_hoc_tap", clan, {date});
//
// Each title may have several versions; their validity windows [valid_from, valid_to]
// must not overlap among the versions for one place (national, a province, or a
// district: CriteriaSet::place), so a date and a place select at most one. A set that reads members' results for
// another title gets them from that title's version in force on the same date: members
// are evaluated first, then the parent. References between titles form a graph that must
// have no cycle. A Registry is immutable and safe to share between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/diagnostic.hpp"
#include "hoctap/export.hpp"
#include "hoctap/result.hpp"
#include "hoctap/targets.hpp"
#include "hoctap/value.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

struct RegistryLoadResult;

class HOCTAP_API Registry {
 public:
  // Loads every `*.yaml` under `directory` (recursively; `*.tests.yaml` files are test
  // companions, not sets), and the targets file `targets.yaml` at its top if present. Never throws for bad content: all problems are diagnostics,
  // and the registry is returned only when there is no error.
  static RegistryLoadResult load_directory(const std::string& directory,
                                           const LoadOptions& options = {});
  // Loads the sets of several folders as one registry (a national folder and a province's
  // own sets, say); the targets are those of the first folder that has a `targets.yaml`.
  static RegistryLoadResult load_directories(const std::vector<std::string>& directories,
                                             const LoadOptions& options = {});
  // Loads the official criteria installed with the library (share/hoctap/criteria under
  // its prefix), or the folder named by the environment variable HOCTAP_CRITERIA_DIR when
  // set. When neither exists the result holds one H001 diagnostic saying where it looked.
  static RegistryLoadResult load_official(const LoadOptions& options = {});
  // The folder load_official reads: HOCTAP_CRITERIA_DIR when set, else the installed
  // one; empty when the library is not installed (a build tree) and the variable is unset.
  static std::string official_directory();
  // Builds a registry from sets already loaded (same checks as load_directory).
  static RegistryLoadResult from_sets(std::vector<CriteriaSet> sets);

  // Title ids, sorted.
  std::vector<std::string> titles() const;
  // Every version of a title, oldest first.
  std::vector<CriteriaSet> versions(std::string_view title) const;
  // The national version in force on `date`, or empty.
  std::optional<CriteriaSet> find(std::string_view title, Date date) const;
  // The version in force on `date` for an entity in `place` (`quang_ninh`,
  // `quang_nam/tam_ky`): the district's own, else the province's, else the national one.
  std::optional<CriteriaSet> find(std::string_view title, Date date, std::string_view place) const;
  // All sets, by title then date.
  const std::vector<CriteriaSet>& sets() const;
  // The folder's targets (empty when it has no `targets.yaml`).
  const Targets& targets() const;

  // Evaluates `record` under the version of `title` in force on the assessment date
  // (options; default today), evaluating the members of every member list that names a
  // title first, with that title's version in force on the same date and the same
  // context. Throws OutOfRange (E003, a std::out_of_range) when no version is in force,
  // InvalidArgument (a std::invalid_argument) without an assessment date (E001) or when
  // options.place is not a place id (E004, place_problem); see hoctap/error.hpp.
  Result evaluate(std::string_view title, const Record& record, const EvaluateOptions& options) const;
  // Same, evaluating with a given set (which need not be in the registry) and using the
  // registry for its members.
  Result evaluate_with(const CriteriaSet& set, const Record& record, const EvaluateOptions& options) const;
  // CriteriaSet::check_context for `set` judged with this registry (evaluate, evaluate_with):
  // a name is also known when it is an input of a set in force on `date` for `place` that
  // judges its members, or their members, since they are given the same context.
  std::vector<InputWarning> check_context(const CriteriaSet& set, const Record& context, Date date, std::string_view place = {}) const;

 private:
  struct Impl;
  HOCTAP_INTERNAL explicit Registry(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// Empty when `place` is a place id sets and datasets may name: a province id of Vietnam
// (`quang_ninh`), optionally `/district` (`quang_nam/tam_ky`); otherwise why not, with
// the known provinces, in `lang` (the text of error E004).
HOCTAP_API std::string place_problem(std::string_view place, Lang lang);
// The same in English.
HOCTAP_API std::string place_problem(std::string_view place);

// What loading a folder produced: the registry when every file is valid and the set of
// files is consistent, and every diagnostic either way.
struct RegistryLoadResult {
  std::optional<Registry> registry;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return registry.has_value(); }
};

HOCTAP_NAMESPACE_END
