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

// What differs between two versions, as lines `- …` (removed), `+ …` (added) and `~ …`
// (changed), every word of them in `lang`, in three groups:
// - the rules, which can change a result: title, entity, validity, scoring mode, levels,
//   scales (value ids, order, and Vietnamese labels, which data may give instead of ids),
//   inputs (type, range, local, list title, member fields), parameters (values, type, the
//   input they depend on), checks, criteria and indicators (place in the tree, maximum,
//   minimum, points rule, rounding, level requirements, applicability and what a node
//   that does not apply earns), grade bands, the recognition threshold, the floor per
//   indicator and knock-outs;
// - after "Names and labels:", names, labels and messages in each language (they change
//   how a result reads, not what it is);
// - after "Provenance and place:", version, place, supersedes, the legal basis, and each
//   place's declared confidence, note and source.
// With no rule difference the rule lines are "No rule differences"; with none at all the
// text is that header and "No differences". Test cases are not compared. Expressions are
// compared in one canonical form, not by their text: one written with other spaces or
// needless parentheses, a comparison turned round (`b <= a` for `a >= b`), a number with
// other trailing zeros, a regrouped chain of `and` or `or`, a category value by its label,
// is the same rule; one that changed is shown as each file writes it.
HOCTAP_API std::string diff_criteria(const CriteriaSet& before, const CriteriaSet& after, Lang lang);

// True when diff_criteria lists no difference in the rules (names, labels and provenance
// may differ): the two sets give every entity the same decision, points, statuses and
// grade (a reason that a comparison of two unknown values is unknown may name the other
// one).
HOCTAP_API bool same_rules(const CriteriaSet& before, const CriteriaSet& after);

// True when diff_criteria lists no difference at all (`hoctap diff` exits 0, else 1).
HOCTAP_API bool same_criteria(const CriteriaSet& before, const CriteriaSet& after);

// Evaluates the dataset's entities with each version (everything else as in force on the
// date) and, for the sets' title and for every title whose set reads the results of one
// of these (members' results, transitively), one block per entity kind: how many are
// recognized with each version, how many change outcome, and the first entities that do
// (20 of the sets' title, 5 of each title that reads it), with the criteria whose points
// or status changed and why. The sets' title always has its block; a title that reads it
// has one only when some of its entities change outcome. Outcomes and statuses are words
// in `options.lang` (`not recognized → recognized`), not ids. Throws std::invalid_argument when the two sets judge
// different titles, std::runtime_error when the dataset cannot be read; the messages are
// in `options.lang`.
HOCTAP_API std::string diff_impact(const Registry& registry, const std::string& directory, const CriteriaSet& before,
                                   const CriteriaSet& after, const DatasetOptions& options);

HOCTAP_NAMESPACE_END
