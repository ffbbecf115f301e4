// One row of a dataset folder as the record a set reads, for tools that look at single
// entities after a batch (the reasons `hoctap diff --dataset` gives).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/registry.hpp"
#include "hoctap/value.hpp"

namespace hoctap::internal {

// Rows `rows` (0-based, in file order) of the file of entity kind `kind` (`families`, …),
// in that order, typed by `set`'s inputs, each with dataset.yaml's context values under
// the row's own. Reads the file once. Throws std::runtime_error, its message in `lang`,
// when the kind is unknown, a row is absent or a file cannot be read.
std::vector<Record> dataset_rows(const Registry& registry, const std::string& directory, const std::string& kind, const CriteriaSet& set,
                                 const std::vector<std::size_t>& rows, Lang lang);

}  // namespace hoctap::internal
