// Judging a batch a block of rows at a time. Each input is bound for the whole block in
// one loop, each expression operator runs over the block's rows in one loop, and the rule
// tree is decided node by node with per-node columns of points and status — instead of
// walking the tree once per row. The answers are those of the row path (bind_row, then
// Evaluator::decide): the `batch_differential` test compares both on random entities of
// every bundled set.
//
// Contract: a row with a data problem (a value the record binder would report) is not
// judged here but listed for the row path, which words the problem; every other row's
// outputs are written. Expressions have no side effects, so evaluating an operand the
// row path would have skipped (the unused branch of `if`, members a filter drops) changes
// nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "evaluate/plan.hpp"
#include "hoctap/batch.hpp"

namespace hoctap::internal {

class BlockEvaluator {
 public:
  static constexpr std::size_t kRows = 2048;  // rows per block: long enough that what a block costs whatever its rows is a small share of it, short enough that its columns stay in the cache

  BlockEvaluator(const Plan& plan, Date date);
  ~BlockEvaluator();
  BlockEvaluator(const BlockEvaluator&) = delete;
  BlockEvaluator& operator=(const BlockEvaluator&) = delete;

  // Whether the block path can judge this plan at all (a context value with a data
  // problem makes every row a problem row: the row path is then used throughout).
  static bool usable(const Plan& plan);

  // Judges rows [begin, begin + count), count ≤ kRows, into rows [first, first + count) of
  // `out`'s units columns; appends to `slow` the rows (ascending, as batch rows) left to
  // the row path (their data has a problem, or a score the block did not decide), whose
  // outputs the caller must fill. False when a member table whose order the plan takes on
  // trust (ListPlan::spans) is found out of order in this block: the block's outputs are
  // then unspecified, and the caller judges every row again.
  bool run(std::size_t begin, std::size_t count, BatchResult& out, std::size_t first, std::vector<std::size_t>& slow);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace hoctap::internal
