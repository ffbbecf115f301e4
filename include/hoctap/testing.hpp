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

struct CaseMismatch {
  std::string what;      // `total`, `grade`, `node tc1_1 points`, `explanation (vi)`, …
  std::string expected;
  std::string actual;
};

struct CaseReport {
  std::string set_id;
  std::string name;
  std::string file;      // where the case is written
  int line = 0;
  bool passed = false;
  std::vector<CaseMismatch> mismatches;
};

// Runs the cases of `set`. Members of other titles are evaluated through `registry`
// when given; otherwise members' results are read from their `result.*` fields.
HOCTAP_API std::vector<CaseReport> run_cases(const CriteriaSet& set,
                                             const Registry* registry = nullptr);
// Number of cases a set carries.
HOCTAP_API std::size_t case_count(const CriteriaSet& set);

HOCTAP_NAMESPACE_END
