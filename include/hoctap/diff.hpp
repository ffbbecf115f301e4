// hoctap/diff.hpp: what changed between two versions of a criteria set, and what that
// changes for real entities — the impact of an update before it ships.
//
//   std::cout << hoctap::diff_criteria(old_set, new_set, hoctap::Lang::vi);
//   std::cout << hoctap::diff_impact(registry, "examples/province", old_set, new_set, options);
#pragma once

#include <string>

#include "hoctap/criteria.hpp"
#include "hoctap/dataset.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

// Lines `- …` (removed), `+ …` (added), `~ …` (changed): criteria and indicators by id,
// maximum points, how points are awarded, level conditions, applicability, grade bands,
// the recognition threshold, floors and knock-outs, parameters, inputs and validity.
// "No rule differences" when there are none.
HOCTAP_API std::string diff_criteria(const CriteriaSet& before, const CriteriaSet& after, Lang lang);

// True when diff_criteria finds no difference (`hoctap diff` exits 0, else 1).
HOCTAP_API bool same_rules(const CriteriaSet& before, const CriteriaSet& after);

// Evaluates the dataset's entities of the sets' title with each version (everything else
// as in force on the date) and lists the entities whose outcome changes, with the
// criteria whose points or status changed. Throws std::invalid_argument when the two sets
// judge different titles, std::runtime_error when the dataset cannot be read; the
// messages are in `options.lang`.
HOCTAP_API std::string diff_impact(const Registry& registry, const std::string& directory, const CriteriaSet& before,
                                   const CriteriaSet& after, const DatasetOptions& options);

HOCTAP_NAMESPACE_END
