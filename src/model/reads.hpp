// The inputs a set's rules read, as opposed to those it only declares.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace hoctap::internal {

// The names (as InputInfo::name: `x`, or `list.field` for a member field; a member's
// result read as `list.result.recognized`, `.total`, `.grade` or `.level`) of the inputs
// some rule of `set` reads: an expression of a points rule, an applicability, a level's
// requirement, a knockout, a check or the recognition threshold names it, a parameter it
// uses depends on it (`by`), or it is an assessed indicator's score. A declared input
// outside this set changes no result.
std::set<std::string> inputs_read(const CompiledSet& set);

// Per top-level slot (entries beyond the last read are absent): 1 when some expression
// of `set` reads that input, directly or as a parameter's `by`, as inputs_read counts
// them, but not an assessed indicator's own reading of its score.
std::vector<std::uint8_t> top_slots_read(const CompiledSet& set);

}  // namespace hoctap::internal
