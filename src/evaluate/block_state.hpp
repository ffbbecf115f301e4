// The block evaluator's state (block.hpp's BlockEvaluator holds one) and its four parts,
// each in its own file: binding a block's inputs to columns (block_bind.cpp), evaluating
// expressions over them (block_expressions.cpp) and member aggregates over the block's
// members (block_members.cpp), and deciding the rule tree node by node (block_rules.cpp).
// block.cpp makes the state and holds what the parts share.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "evaluate/block.hpp"
#include "evaluate/block_columns.hpp"
#include "evaluate/rules.hpp"

namespace hoctap::block_eval {

// rules::floor_verdict for an indicator that applies, its points certain: 1 when it
// fails the entity.
HOCTAP_INLINE_LOOP std::uint8_t fails_floor(std::int64_t points, std::int64_t floor_points) {
  return static_cast<std::uint8_t>(rules::fails(rules::floor_verdict(true, points, points, floor_points)));
}

// A block evaluator's columns per node (kRows entries each), kept by its thread
// (thread_node_columns, block.cpp).
struct NodeColumns {
  std::vector<std::int64_t> points, high;
  std::vector<std::uint8_t> status;
  std::vector<std::int32_t> level, unknown_at;
};

// One thread's evaluator of one batch: its plan, its scratch, and the columns of the
// current block. The parts' entry points, in the order a block takes them: bind, then
// decide (which evaluates the expressions it needs). A member declared `inline` is
// defined in its part's file and called only there.
struct BlockState {
  static constexpr std::size_t kRows = BlockEvaluator::kRows;
  // The batch.
  const Plan& plan;
  const CompiledSet& set;
  Date date;
  Arena& arena;                         // this thread's (thread_arena, block.cpp)
  bool read_ahead;                      // worth_prefetching: each block asks for the next block's inputs
  // The next block's input bytes, queued by bind and asked for from memory a share at a
  // time between this block's nodes (ask_ahead): asked for all at once, the requests
  // filled the processor's queue of misses and each waited for a free place in it.
  struct Range {
    const unsigned char* data;
    std::size_t bytes;
  };
  std::vector<Range> ahead;
  std::size_t ahead_range = 0, ahead_done = 0;  // the next range to ask for, and how far into it
  std::vector<const FieldPlan*> fractional;  // float64 fields whose last block was mostly not in 64ths (fast_dyadic_f64)
  std::vector<DataProblem> problems;    // what `read` found; only its emptiness matters here
  // Columns of one value over a block's rows (the missing slots, a list, a literal outside
  // a comparison), made once and read by every block: `fill` for up to constant_rows rows
  // (kRows, or the batch's rows when fewer).
  struct Constant {
    Val value;
    std::vector<std::int64_t> words;
    std::vector<std::uint8_t> tags;        // empty: a value
    std::vector<const void*> texts;        // empty: no text
  };
  std::vector<Constant> constants;
  std::size_t constant_rows = 0;
  // A parameter chosen by a category input, by the category's ordinal (parameter_by_key).
  struct ParameterTable {
    bool made = false, complete = false;  // complete: every category has a value
    std::vector<std::int64_t> value;      // by the category's ordinal
  };
  std::vector<ParameterTable> parameter_tables = std::vector<ParameterTable>(set.parameters.size());  // by parameter

  // The current block's inputs and expressions.
  std::size_t rows = 0;                 // of the current block
  std::uint32_t block_number = 0;
  std::vector<Col> top;                 // per top-level slot; read through top_column
  // Per top-level slot, this block: the host's own 64-bit integers from the block's first
  // row when the column may be read in place (whole_column), its values unchecked while
  // whole_unchecked says so and null once a check found one outside the field's bounds or
  // 32 bits (the slot is then bound). Comparisons read such a column in place as whole
  // numbers (whole_comparison); its units are made only when something else reads the slot.
  std::vector<const std::int64_t*> whole_top;
  // Per check: 1 when, this block, values in place (whole_top, or a member field's
  // ListBlock::whole) are not yet checked against the field's bounds (check_whole). A
  // comparison that reads them checks them in its own loop (whole_comparison), which
  // spares a pass of its own over the column; the fields no comparison read are checked
  // once the block is decided (check_every_whole). A check is a top-level slot, or after
  // them a list's member slot (from first_member_check[list]).
  std::vector<std::uint8_t> whole_unchecked;
  // Per top-level slot: the field's plan.
  std::vector<const FieldPlan*> top_plan;
  // Per check: the least and greatest whole numbers that may stay in place
  // (FastRead::low_small, high_small), and the list of a member slot's (-1: top-level).
  std::vector<std::int64_t> whole_low, whole_high;
  std::vector<int> list_of_check;
  std::vector<std::size_t> first_member_check;  // per list
  std::size_t block_begin = 0;          // the current block's first row
  std::vector<ListBlock> lists;         // per list of the plan
  std::vector<int> list_of_slot;        // top-level slot → index into `lists`, or -1
  std::vector<std::uint8_t> slow;       // per block row: 1 when the row path judges it (its data has a problem, or a score bind_assessed left)
  bool any_slow = false;                // some row of the block is marked in `slow`
  // Repeated expressions computed once per block: by (shape, scope), the column and the
  // block it was made for.
  std::vector<Col> memo;
  std::vector<std::uint32_t> memo_block;
  // The member counters of the aggregates over each list (count, all, any, share): the
  // members selected, selected and true, selected and false. Those of all a list's
  // aggregates are counted in one pass over the block's members, four to a 64-bit word
  // (16-bit lanes), instead of a pass per aggregate: adding into a row's counter waits
  // for the add before it, member after member, so fewer passes is the saving.
  struct Counter {
    enum Kind : std::uint8_t { selected, yes, no } kind;
    const Expr* filter;  // null: every member
    const Expr* body;    // null for `selected`
  };
  struct ListCounters {
    std::vector<Counter> counters;
    std::uint32_t block = 0;              // the block they were last counted for
    std::vector<int> lane;                // per counter, this block: in words[lane / 4] at bit 16 * (lane % 4); -1 when not counted (an unknown entry)
    std::vector<const std::uint64_t*> words;  // per word of lanes, per block row
    std::vector<std::uint8_t*> member_bits;  // per word of lanes, per member row: a bit per lane (bit lane % 4)
  };
  std::vector<ListCounters> list_counters;  // per list
  std::vector<std::array<int, 3>> counters_of;  // per expression shape: an aggregate's counter per Kind, or -1
  // Aggregate columns of this block with unknown entries, and their bounds per entry
  // (count, share, sum), for comparisons that the bounds settle.
  std::vector<std::pair<const std::int64_t*, const Bounds*>> bounded;

  // Per node, kRows entries each (node k at k * kRows): the row path's NodeResult fields
  // and its Workspace::high / unknown_at. A node's points and status are reached through
  // `node_points[k]` and `node_status[k]`: the result's own columns for a reported node
  // (at the current block's rows), else `points` and `status`; null points and high for a
  // criterion left to the total this block (`left_to_total`) and for an indicator of a
  // fused group (fused_block), which nobody else reads.
  NodeColumns& node_columns;  // this thread's (thread_node_columns, block.cpp)
  std::vector<std::int64_t>& points = node_columns.points;
  std::vector<std::int64_t>& high = node_columns.high;
  std::vector<std::uint8_t>& status = node_columns.status;
  std::vector<std::int64_t*> node_points;
  std::vector<std::uint8_t*> node_status;
  // Per node, its high column: `high`'s, or its points column when the two are equal on
  // every row of the block (points sets, no row open: the common case, which then skips
  // writing and adding up a second column).
  std::vector<const std::int64_t*> node_high;
  // Per node: 1 for a root criterion whose children's maximums, all known, add up to no
  // more than its own, so that its cap never binds (a node's points never exceed its
  // maximum). Such a criterion that nobody reads but the set's total (not reported, no
  // status wanted, every child's points certain) is not added up on its own: decide adds
  // its children into the total (`left_to_total` holds the block that so left it).
  std::vector<std::uint8_t> never_capped;
  std::vector<std::uint32_t> left_to_total;
  std::vector<std::int32_t>& level = node_columns.level;
  std::vector<std::int32_t>& unknown_at = node_columns.unknown_at;
  std::vector<int> report_of;           // per node: its index in BatchResult::node_index, or -1
  // Per node: 1 when its status is read (reported, a floor's or pass_at's, a levels set's,
  // or its parent's needs it); the others' statuses are not worked out.
  std::vector<std::uint8_t> need_status;
  // Per node: 1 when only its parent criterion reads its status (need_status for no other
  // reason). Such an indicator, its points certain and applying on every row of a block,
  // leaves its status to the parent, which works it out from the points as it reads them:
  // status_left says it did in this block, status_need is the points it needs to be met.
  std::vector<std::uint8_t> status_for_parent, status_left;
  std::vector<std::int64_t> status_need;
  std::vector<const std::int64_t*> child_columns;  // criterion's scratch: its children's points or highs

  // A criterion whose children (one to four) are all indicators scored by the assessor
  // (`assessed`, no applies_when) from float64 columns without a validity mask, in a
  // points set: bind_assessed binds its children's columns in one pass, which also does
  // the criterion's add_columns (its points, and its children's status bits when it reads
  // them with the points), where binding each column and then adding them up read every
  // column twice. Found once per batch (plan_assessed_groups). The rows of a block where
  // some score is not a fast value (missing, out of range, in tenths) are judged by the
  // row path when they are at most one in kSlowRowsPer of the block; with more, the
  // block binds the group's scores one by one instead, and after two such blocks in a row
  // (the pass tried on each) so does the next block, after three the next 3, then 7… up
  // to kMostBlocksApart - 1 (data with many gaps in most blocks would otherwise be read
  // twice, by the pass and then one by one).
  //
  // A group whose children's points no one reads but their criterion (no child reported,
  // none with a status read for its own sake, no score read by an expression) is
  // `fused`: the pass writes no column of their points, and checks each child against the
  // floor (every_indicator_at_least) on the way, into below_floor.
  static constexpr std::size_t kSlowRowsPer = 128;
  static constexpr std::uint32_t kMostBlocksApart = 64;
  struct AssessedGroup {
    std::size_t node = 0;                    // the criterion
    std::size_t children = 0;
    std::array<std::size_t, 4> slot{};       // each child's score input
    std::array<std::int64_t, 4> need{};      // each child's points to be met (indicator_need)
    std::int64_t max = 0;                    // the criterion's
    bool statuses = false;                   // criterion reads its children's statuses with their points
    bool fused = false;                      // no column of the children's points is made
    bool floors = false;                     // fused, and the set has a floor: the pass checks it
    std::uint32_t failed_block = 0;          // the last block whose pass left too many rows undecided, or 0
    std::uint32_t failures = 0;              // blocks in a row whose pass left too many rows undecided
  };
  std::vector<AssessedGroup> assessed_groups;
  // Per node, for a criterion of assessed_groups: the block whose bind_assessed added up
  // its points into node_points, and the children's status bits per row it wrote then
  // (null when not asked for).
  std::vector<std::uint32_t> summed_block;
  std::vector<const std::uint8_t*> summed_seen;
  // Per top-level slot: the block whose bind_assessed took it (bound it, or for a fused
  // group read it without a column).
  std::vector<std::uint32_t> bound_in_group;
  // Per node: the block whose fused bind_assessed judged the indicator (its points and
  // high are then null: indicator, decide_points).
  std::vector<std::uint32_t> fused_block;
  // Per block row: 1 where some fused group's child is below the floor; fused_floors says
  // whether some fused group of this block wrote it.
  std::vector<std::uint8_t> below_floor;
  bool fused_floors = false;
  // every_indicator_at_least's units, or below every score's when the set has none.
  std::int64_t floor_points = INT64_MIN;

  // A points set without checks, knock-outs, floors, pass_at or bands: only its threshold
  // can fail a row or leave it open, and every row's grade is none (decide_by_threshold).
  bool threshold_decides = false;

  // Per block row.
  std::vector<std::uint8_t> done, open, seen, fail, unknown;  // seen: 1 << status of each child
  std::vector<std::int64_t> high_total;
  const std::int64_t* block_low = nullptr;   // the block's certain totals: the result's total column at its rows
  const std::int64_t* block_high = nullptr;  // the block's high totals: high_total's, or block_low when equal

  // ---- shared by the parts (block.cpp) ---------------------------------------------------

  BlockState(const Plan& p, Date d);

  // Each node's kRows entries of `v` (node k's from k * kRows), kept from the last batch
  // as they are: a node's entries are written before they are read in every block, so
  // clearing them (most of a small batch's time) would change nothing. The sanitizer
  // build fills them with a poison value instead (HOCTAP_POISON_SCRATCH), so that a read
  // before a write would change answers its suites and rule fuzzer compare.
  template <typename T>
  inline void size_node_columns(std::vector<T>& v);

  Col fill(std::size_t n, const Val& x);

  // `c` (n entries) as words: a bytes column widened into the arena, any other as it is.
  Col words(const Col& c, std::size_t n);

  // Queues rows [first, first + n) of `fp`'s column (and validity) for ask_ahead.
  void queue_rows(const FieldPlan& fp, std::size_t first, std::size_t n);
  void queue_bytes(const void* data, std::size_t offset, std::size_t bytes);
  // Asks the memory for the next `lines` cache lines of the queue (all that are left when
  // `lines` is SIZE_MAX), then forgets what it asked for.
  void ask_ahead(std::size_t lines);

  void find_needed_statuses();
  // assessed_groups, once need_status and status_for_parent are known.
  void plan_assessed_groups();

  // ---- binding (block_bind.cpp) --------------------------------------------------------

  // One column of `fp` for `n` rows; `row_of(j)` is the table row of entry j and
  // `owner(j)` the block row it belongs to (marked slow on a data problem); `first` is
  // row_of(0) when the rows follow one another, else kScattered. The common well-formed
  // values are decided by `fast_word` in a loop per column type that vectorises (it
  // writes every word and a flag per entry it could not decide); the flagged entries then
  // go through `read`, the record binder's rules. A boolean column without a validity
  // mask is its own bytes (following rows) or a copy of them.
  static constexpr std::size_t kScattered = SIZE_MAX;
  template <typename RowOf, typename Owner>
  inline Col bind_column(const FieldPlan& fp, std::size_t n, RowOf row_of, Owner owner, std::size_t first);

  // bind_column for a top-level field over the block's rows.
  inline Col bind_top(const FieldPlan& fp);

  // Whether `fp`'s column is 64-bit integers without a validity mask: its values may then
  // stay in place (whole_in_place).
  static bool whole_column(const FieldPlan& fp);

  // The host's values of `fp` for rows [first, first + n) when its column is 64-bit
  // integers without a validity mask and every value is within the field's bounds and
  // 32 bits, else null: such values need no binding (whole_top).
  inline const std::int64_t* whole_in_place(const FieldPlan& fp, std::size_t first, std::size_t n);

  // Checks check `id` (a top-level slot, or a member slot after them) if whole_unchecked
  // says it is not: values within bounds stay in place, else the field is bound
  // (bind_column, which marks the rows with a problem slow). True when the values are in
  // place (whole_top, ListBlock::whole).
  bool check_whole(std::size_t id);
  // check_whole for every check still unchecked: every input of the block is checked, read
  // or not, as the row path checks every input of an entity.
  void check_every_whole();

  // False when the list's table, its order taken on trust (ListPlan::spans), has a
  // member of this block's run whose parent is outside the block or before the member
  // before it: the block is then left unbound.
  inline bool bind_list(const ListPlan& lp, ListBlock& lb, std::size_t begin, std::size_t n);

  // Binds group `g`'s columns (a fused group's: reads them, checking the floor) for the
  // block and writes its criterion's points (and its children's status bits) when
  // fast_dyadic_f64 decides every entry but those of at most one row in kSlowRowsPer
  // (those rows marked slow); otherwise binds nothing (bind then binds the columns one by
  // one, and criterion adds them up).
  void bind_assessed(AssessedGroup& g);

  // False as bind_list, for any list: the block cannot be judged.
  bool bind(std::size_t begin, std::size_t n);

  // ---- expressions (block_expressions.cpp) ---------------------------------------------

  // A top-level input's column in `c`: as bound, or copied out per member row.
  inline Col input(int slot, const Ctx& c);

  // Top-level slot `slot`'s column for the block's rows, its units made from whole_top on
  // the first read.
  Col top_column(std::size_t slot);
  // The same for member slot `slot` of the list of `c` (its members' rows).
  Col member_column(const Ctx& c, std::size_t slot);

  // A comparison operand read in place as whole numbers: an input in whole_top or a
  // member's field in its ListBlock::whole (`x`), that
  // input times a whole constant of at most kWholeFactor (`k`), or a whole constant (`k`,
  // `x` null). Comparing them compares their units (each is its units over 10^6, and as
  // |x| < 2^31 no product overflows, in whole numbers or in units).
  struct WholeOperand {
    const std::int64_t* x = nullptr;
    std::int64_t k = 1;
    int unchecked = -1;  // x's check when its bounds are not checked yet (whole_unchecked), else -1
  };
  static constexpr std::int64_t kWholeFactor = 1024;
  inline bool whole_operand(const Expr& e, const Ctx& c, WholeOperand& w) const;

  // Bytes, or an empty column (b null) when an unchecked operand had a value outside its
  // bounds: that field is then bound (check_whole) and the caller compares by the general
  // path.
  template <typename F>
  inline Col whole_comparison(const WholeOperand& a, const WholeOperand& b, std::size_t n, F f);

  inline Col broadcast(const Col& per_row, const Ctx& c);

  // `e` over the rows of `c`. A shape met earlier in this block, in the same scope, is
  // not computed again (expressions have no side effects).
  Col eval(const Expr& e, const Ctx& c);

  inline Col compute(const Expr& e, const Ctx& c);

  // A parameter that depends on a category input: its value per category (parameter_value)
  // worked out once per batch and gathered by the key's ordinal; an absent key is the
  // result. When some category has no value (undefined), row by row.
  inline Col parameter_by_key(std::size_t index, const Col& key, std::size_t n);

  // Kleene logic: a false operand decides `and` (a true one `or`) even beside an unknown.
  inline Col logic(const Expr& e, const Ctx& c);

  inline Col choose(const Expr& e, const Ctx& c);

  // The value of `e` when it is the same for every row (a literal, a constant
  // parameter, the assessment date), so that it need not be spread into a column.
  inline bool constant(const Expr& e, Val& v) const;

  // An operator of one argument that keeps its absent entries (tags and codes) as they
  // are: the result shares the argument's tags.
  template <typename F>
  inline Col keep_absent(const Col& a, std::size_t n, F f);

  // An operator of two plain arguments: the first absent one is the result.
  template <typename F>
  inline Col both(const Col& a, const Col& b, std::size_t n, F f);

  template <typename F>
  inline Col comparison(const Expr& e, const Ctx& c, F f);

  template <typename F>
  inline Col plain_comparison(const Expr& e, const Ctx& c, F f);

  // Operators on values: the first absent argument, in order, is the result, else the
  // shared `apply_operator`; the common ones on plain numbers are written out.
  inline Col apply(const Expr& e, const Ctx& c);

  // `x * k` (or `k * x`) for a constant whole k: every known product is exact
  // (rules::product_by_whole); empty (v null) when the operands are not of that shape or
  // some product overflows, which the general path then words.
  inline Col scaled_by_whole(const Expr& e, const Ctx& c);

  // The bounds of an aggregate column made in this block, null for another column.
  inline const Bounds* bounds_of(const Col& col) const;

  // A comparison with an aggregate operand: rows the aggregate leaves unknown are decided
  // from its bounds when they settle it (apply_comparison), as in the row path.
  inline Col bounded_comparison(const Expr& e, const Ctx& c, const Col& plain);

  // ---- member aggregates (block_members.cpp) -------------------------------------------

  // count/share/all/any/sum over a list: filter and body over all the block's members at
  // once, then the list's shared counters (count_members), or one pass over the members
  // adding into their rows' own counters (members come grouped by row, in order, so the
  // first unknown a row meets is the row path's).
  Col aggregate(const Expr& e, const Ctx& c);

  // Finds the counters of the set's aggregates (list_counters, counters_of).
  void plan_counters();

  // List `l`'s counters for this block (counted on the first call of the block).
  const ListCounters& count_members(int l);

  // An aggregate's value per row from its counters (every member value known).
  Col reduce(Op op, std::size_t n, const std::int64_t* selected, const std::int64_t* yes, const std::int64_t* no,
             const std::int64_t* sum);

  // ---- the rule tree (block_rules.cpp) -------------------------------------------------

  // Every path writes the node's points and high (or makes node_high its points) for
  // every row, and its status where need_status asks for it, but that of an indicator of a
  // fused group (fused_block), which leaves them null and its status to its criterion;
  // level and unknown_at only matter in levels mode and are kept only there.
  inline void indicator(int i, const Ctx& c);

  inline void criterion(std::size_t k);

  // Decides the block's rows into rows [first, first + rows) of `out`.
  void decide(std::size_t first, BatchResult& out);

  inline void decide_levels(std::size_t first, BatchResult& out);

  // The decisions when the threshold is the only rule that can fail a row or leave it
  // open (threshold_decides): from the totals, in one loop when they are certain and the
  // threshold is known on every row.
  inline void decide_by_threshold(const Ctx& c, std::uint8_t* decision);

  // Points sets: floors, minimums, the threshold unless decide puts it straight into the
  // decisions (`with_threshold` false), and the grade (written to `grade`, the block's
  // rows of BatchResult::grade; null when the set has no grades).
  inline void decide_points(const Ctx& c, std::int32_t* grade, bool with_threshold);
};

}  // namespace hoctap::block_eval
