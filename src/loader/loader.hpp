// Reading a criteria file into a CompiledSet: schema checks, expression checks and
// structural checks (docs/diagnostics.md lists every code). All problems are collected.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hoctap/criteria.hpp"
#include "model/model.hpp"

namespace hoctap::internal {

// Loads `text` (named `file` in diagnostics). Returns the set when there is no error;
// appends every diagnostic to `diagnostics`. `tests_text`, when non-empty, is the
// sibling `*.tests.yaml` file named `tests_file`.
std::shared_ptr<CompiledSet> load_set(std::string text, const std::string& file, const std::string& tests_text,
                                      const std::string& tests_file, const LoadOptions& options,
                                      std::vector<Diagnostic>& diagnostics);

// A set's test cases are not its rules: an error in them (the sibling tests file, which
// may not even be readable, or the `tests:` key) never stops the set from loading.
// Moves the errors among `diagnostics[first..]` that concern the cases (those in
// `tests_file`, or under `tests`) onto `set.test_problems`, drops the cases of the files
// they are in (half-read cases would fail for the wrong reason), and leaves them in
// `diagnostics` as warnings, so that `validate` shows them and `run_cases` reports them
// as failures.
void set_aside_case_problems(CompiledSet& set, std::vector<Diagnostic>& diagnostics, std::size_t first,
                             const std::string& tests_file);

}  // namespace hoctap::internal
