// hoctap/testing.hpp: running the test cases a criteria file carries.
//
// A criteria file (or its sibling `<name>.tests.yaml`) lists cases: an input record,
// an assessment date and the expected outcome (decision, total, grade or level, points
// and status per node, explanation fragments). `run_cases` evaluates each case and
// compares, reporting expected against actual for every mismatch.
#pragma once

#include <string>
#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/export.hpp"
#include "hoctap/registry.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

// One expectation a case does not meet. `what`, `expected` and `actual` are in English,
// with the keys and ids a case file writes (`node tc1_1 points`, `not_recognized`); the
// `_vi` members say the same in Vietnamese, every word of it (`điểm của nút `tc1_1``,
// `không được công nhận`). An explanation is quoted in its own language in both.
struct CaseMismatch {
  std::string what;      // `total`, `grade`, `node tc1_1 points`, `explanation (vi)`, …
  std::string expected;
  std::string actual;
  std::string what_vi;
  std::string expected_vi;
  std::string actual_vi;

  // Each text in `lang` (English when there is no Vietnamese text).
  const std::string& what_in(Lang lang) const { return lang == Lang::vi && !what_vi.empty() ? what_vi : what; }
  const std::string& expected_in(Lang lang) const { return lang == Lang::vi && !expected_vi.empty() ? expected_vi : expected; }
  const std::string& actual_in(Lang lang) const { return lang == Lang::vi && !actual_vi.empty() ? actual_vi : actual; }
};

struct CaseReport {
  std::string set_id;
  std::string name;      // as the case names itself; the runner's own words for a file whose cases cannot be read
  std::string file;      // where the case is written
  int line = 0;
  bool passed = false;
  std::vector<CaseMismatch> mismatches;
  std::string name_vi;   // `name` in Vietnamese where the runner names the case itself; else empty

  const std::string& name_in(Lang lang) const { return lang == Lang::vi && !name_vi.empty() ? name_vi : name; }
};

// Runs the cases of `set`. Members of other titles are evaluated through `registry`
// when given; otherwise members' results are read from their `result.*` fields.
HOCTAP_API std::vector<CaseReport> run_cases(const CriteriaSet& set,
                                             const Registry* registry = nullptr);
// Number of cases a set carries.
HOCTAP_API std::size_t case_count(const CriteriaSet& set);

HOCTAP_NAMESPACE_END
