// One row of a dataset folder as the record a set reads, for tools that look at single
// entities after a batch (the reasons `hoctap diff --dataset` gives).
#pragma once

#include <cstddef>
#include <string>

#include "hoctap/criteria.hpp"
#include "hoctap/registry.hpp"
#include "hoctap/value.hpp"

namespace hoctap::internal {

// Row `row` (0-based, in file order) of the file of entity kind `kind` (`families`, …),
// typed by `set`'s inputs, with dataset.yaml's context values under the row's own.
// Throws std::runtime_error when the kind is unknown or the row is absent.
Record dataset_row(const Registry& registry, const std::string& directory, const std::string& kind, const CriteriaSet& set,
                   std::size_t row);

}  // namespace hoctap::internal
