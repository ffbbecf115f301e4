// The rule fuzzer's parts: random valid criteria sets over the whole grammar
// (rule_fuzz_sets.cpp), the comparison of every C++ evaluation path on random data
// (rule_fuzz_paths.cpp), and each set's twin with every expression written another way
// that canonical_text equates (rule_fuzz_canonical.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "evaluate/block.hpp"
#include "hoctap/hoctap.hpp"

namespace hoctap_test {

struct PathOptions {
  bool clean = false;    // no missing, out-of-range or off-scale values (whole blocks)
  bool rare = false;     // such values rare (about one in 500), whole numbers never missing
  bool tenths = false;   // decimals and scores in tenths
  bool ints_as_doubles = false;  // whole numbers in float64 columns, missing ones NaN (pandas')
  std::size_t rows = 0;  // 0: 500 or 700 by seed
  // When set: a file to write the records and the record path's results to, as JSON
  // lines (a header with the date and context, then a row per entity), for the Python
  // comparison (tests/python/test_rule_fuzz.py).
  std::string dump;
  // When set: a set that must judge every entity as `set` does on what canonical_text's
  // contract promises (rewritten_twin), each record judged by both and compared.
  const hoctap::CriteriaSet* twin = nullptr;
};

// The options both fuzz drivers (CTest's and hoctap_rule_fuzz) give `seed`'s set on
// `rows` rows: every twentieth set on three blocks of rows (a batch of fewer rows than a
// block is one block on one thread; this one runs on two, block after block, each block's
// members found from where the block before ended, the constant columns reused), and
// about a fifth on plain values only (the blocks' plain loops), another fifth with rare
// problems (blocks the fast loops take but for a few rows), a seventh in tenths, a sixth
// with its whole numbers as doubles. The data's modes are drawn from a hash of the seed,
// so that each meets every layout (member tables grouped or not by seed % 2, three blocks).
inline PathOptions fuzz_options(unsigned seed, std::size_t rows) {
  PathOptions options;
  options.rows = seed % 20 == 3 ? std::max<std::size_t>(rows, 2 * hoctap::internal::BlockEvaluator::kRows + 52) : rows;
  const std::uint32_t mixed = static_cast<std::uint32_t>(seed * 2654435761u) >> 8;  // Knuth's multiplicative hash
  options.clean = mixed % 5 == 0;
  options.rare = mixed % 5 == 1;
  options.tenths = mixed / 5 % 7 == 2;
  options.ints_as_doubles = mixed / 35 % 6 == 4;
  return options;
}

struct PathReport {
  std::size_t rows = 0;        // entities judged (each by record and by batch on 1 and 2 threads)
  std::size_t mismatched = 0;  // rows where a batch differs from the record (1 and 2 threads added)
  std::size_t decisions[3] = {0, 0, 0};  // recognized, not recognized, not assessable (records)
  std::size_t twin_mismatched = 0;       // rows the twin (PathOptions::twin) judges otherwise
  std::vector<std::string> first;        // the first differences, described
};

// Judges `set` on random entities drawn from `seed`: every entity as a record and all of
// them as a batch on 1 and 2 threads (every node reported), then reporting no nodes and the
// top-level criteria only, compared on decision, total, grade, level, every reported
// node's points and status, and the text of the data problems.
PathReport compare_paths(const hoctap::CriteriaSet& set, std::uint32_t seed, hoctap::BatchResult& out, const PathOptions& options = {});

// A random criteria file (YAML text) that loads without diagnostics: points or levels,
// every kind of input, parameters, formulas with every rounding, conditions, `if`,
// functions, aggregates with filters, dates, categories, applies_when, pass_at, floors,
// knock-outs, checks, bands.
std::string random_criteria(std::uint32_t seed);

// Writes an expression of a set: `expression` as drawn, `knockout` when it is a knock-out's
// condition (where `total` is in scope).
using Rewrite = std::function<std::string(const std::string& expression, bool knockout)>;

// random_criteria(seed) with every expression (conditions, formulas, applies_when,
// requires, checks, knock-outs, the threshold, filters within them) passed through
// `rewrite`: the same file but for its expressions.
std::string random_criteria(std::uint32_t seed, const Rewrite& rewrite);

// `set`'s twin: the text of random_criteria(seed), the seed `set` was drawn from, with every
// expression written another way from its compiled tree, drawn at random from the rewrites
// canonical_text equates (a comparison turned round with its operator mirrored, a chain of
// `and` or `or` regrouped, parentheses added, a number with or without trailing zeros, a
// category value by its label or id, `round(x, 0)` for `round(x)`, other spaces and
// quotes; now and then a part or the whole as its canonical text). `problems` describes
// each way canonical texts break their contract (expr.hpp) on the two sets: the twin does not load; an expression of either set whose canonical
// text does not compile in the set, or compiles to a tree of another canonical text; an
// expression whose canonical text differs from its twin's; hoctap::diff listing any
// difference between the sets. Whether the two judge every entity alike is for
// compare_paths (PathOptions::twin).
struct Twin {
  std::string text;
  std::optional<hoctap::CriteriaSet> set;  // when it loads
  std::size_t expressions = 0;             // in each set
  std::vector<std::string> problems;
};
Twin rewritten_twin(const hoctap::CriteriaSet& set, std::uint32_t seed);

}  // namespace hoctap_test
