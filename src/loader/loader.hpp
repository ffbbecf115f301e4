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

}  // namespace hoctap::internal
