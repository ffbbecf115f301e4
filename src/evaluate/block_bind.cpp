// Binding a block's inputs to columns: a loop per column type that vectorises, the
// record binder's rules for the entries it cannot decide.
#include "evaluate/block_state.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>

#include "evaluate/evaluate.hpp"
#include "evaluate/rules.hpp"
#include "model/reads.hpp"
#include "util/clones.hpp"
#include "util/memory.hpp"

namespace hoctap::block_eval {

namespace {

// fast_word<code> for n codes one after another from a column whose every code is plain
// (FieldPlan::codes_plain): each code's word from the table of `codes` words, in loops
// whose pointers are all parameters, so that they vectorise (labels in an order of their
// own: a frame's categories, which pandas sorts). Returns how many codes are outside the
// table (a missing entry's -1); their words are unspecified.
HOCTAP_INLINE_LOOP std::size_t look_up_codes(const std::int32_t* __restrict code, std::size_t n, const std::int64_t* __restrict word,
                                             std::uint64_t codes, std::int64_t* __restrict out) {
  std::size_t outside = 0;
  if (codes <= 4) {  // a few labels (areas, kinds of place): selects, where GCC emulates a gather by a load per entry
    const std::int64_t w0 = word[0], w1 = word[codes > 1 ? 1 : 0], w2 = word[codes > 2 ? 2 : 0], w3 = word[codes > 3 ? 3 : 0];
    for (std::size_t j = 0; j < n; ++j) {
      const auto c = static_cast<std::uint64_t>(static_cast<std::uint32_t>(code[j]));
      out[j] = c == 1 ? w1 : c == 2 ? w2 : c == 3 ? w3 : w0;
      outside += c >= codes;
    }
    return outside;
  }
  for (std::size_t j = 0; j < n; ++j) {
    const auto c = static_cast<std::uint64_t>(static_cast<std::uint32_t>(code[j]));
    const bool in = c < codes;
    out[j] = word[in ? c : 0];
    outside += !in;
  }
  return outside;
}

// undecided[j]: whether code j is outside the table of `codes` words (look_up_codes).
HOCTAP_INLINE_LOOP void mark_outside(const std::int32_t* __restrict code, std::size_t n, std::uint64_t codes, std::uint8_t* __restrict undecided) {
  for (std::size_t j = 0; j < n; ++j) undecided[j] = static_cast<std::uint64_t>(static_cast<std::uint32_t>(code[j])) >= codes;
}

}  // namespace

template <typename RowOf, typename Owner>
inline HOCTAP_VECTOR_CLONES Col BlockState::bind_column(const FieldPlan& fp, std::size_t n, RowOf row_of, Owner owner, std::size_t first) {
  if (fp.column == nullptr) return fill(n, fp.constant);
  using Fast = FieldPlan::Fast;
  if (fp.fast == Fast::boolean && fp.column->valid == nullptr) {  // every entry a value (fast_word decides them all): bytes
    const auto* __restrict const data = static_cast<const std::uint8_t*>(fp.column->data);
    if (first != kScattered) return Col{nullptr, nullptr, nullptr, data + first};  // the column's own bytes
    std::uint8_t* __restrict const b = arena.take<std::uint8_t>(n);
    for (std::size_t j = 0; j < n; ++j) b[j] = data[row_of(j)];
    return Col{nullptr, nullptr, nullptr, b};
  }
  ColWriter out(arena, n, fp.field->type.kind == Type::Kind::text);
  auto general = [&](std::size_t j) {
    out.put(j, read(set, fp, row_of(j), 0, problems));
    if (!problems.empty()) {
      slow[owner(j)] = 1;
      any_slow = true;
      problems.clear();
    }
  };
  if (fp.fast == Fast::none) {
    for (std::size_t j = 0; j < n; ++j) general(j);
    return out.col();
  }
  std::int64_t* __restrict const v = out.values();
  std::uint8_t* __restrict const undecided = arena.take<std::uint8_t>(n);
  std::size_t count = 0;
  const FastRead fr(fp);
  // Writes every entry's word and counts the undecided ones; only when some are, a second
  // pass marks them in `undecided` (a flag per entry is a store the common block skips).
  auto each = [&](auto fast) HOCTAP_LAMBDA_INLINE {
    auto loop = [&](auto masked, auto mark) HOCTAP_LAMBDA_INLINE {  // without a validity mask the loop asks the value only
      const std::uint8_t* __restrict const valid = fr.valid;
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t row = row_of(j);
        std::int64_t w = 0;
        bool decided = fast(row, w);
        if constexpr (decltype(masked)::value) decided = decided & (valid[row] != 0);
        v[j] = w;
        if constexpr (decltype(mark)::value) undecided[j] = !decided;
        count += !decided;
      }
    };
    auto pass = [&](auto mark) HOCTAP_LAMBDA_INLINE {
      if (fr.valid == nullptr) loop(std::false_type{}, mark);
      else loop(std::true_type{}, mark);
    };
    pass(std::false_type{});
    if (count == 0) return;
    count = 0;
    pass(std::true_type{});
  };
  // fast_word's full rule for `kind` over the whole block.
  auto full_rule = [&](auto kind) HOCTAP_LAMBDA_INLINE {
    count = 0;
    each([&](std::size_t row, std::int64_t& w) HOCTAP_LAMBDA_INLINE { return fast_word<decltype(kind)::value>(fr, row, w); });
  };
  // After a cheaper first try that left `count` entries undecided: the full rule, over
  // the whole block when they are many (returns true), else on each of them.
  auto then_full_rule = [&](auto kind) HOCTAP_LAMBDA_INLINE {
    if (count * 8 > n) {
      full_rule(kind);
      return true;
    }
    for (std::size_t j = 0, left = count; left != 0 && (j = next_marked(undecided, j, n)) < n; ++j, --left) {
      const std::size_t row = row_of(j);
      if (fr.has_value(row) && fast_word<decltype(kind)::value>(fr, row, v[j])) undecided[j] = 0, --count;
    }
    return false;
  };
  switch (fp.fast) {  // the column type decided once, outside the loop
    case Fast::number_f64: {
      // Multiples of 1/64 first (whole numbers, scores in halves), without a division per
      // entry. A column whose last block had many other fractions (tenths) goes straight to
      // the full rule.
      const std::integral_constant<Fast, Fast::number_f64> kind;
      auto known = std::find(fractional.begin(), fractional.end(), &fp);
      if (known != fractional.end()) {
        if (block_number % 64 == 0) fractional.erase(known);  // now and then, 64ths tried again
        full_rule(kind);
      } else {
        if (fr.decimal) each([&](std::size_t row, std::int64_t& w) HOCTAP_LAMBDA_INLINE { return fast_dyadic_f64<true>(fr, row, w); });
        else each([&](std::size_t row, std::int64_t& w) HOCTAP_LAMBDA_INLINE { return fast_dyadic_f64<false>(fr, row, w); });
        if (then_full_rule(kind)) fractional.push_back(&fp);
      }
      break;
    }
    case Fast::number_i64:  // 32-bit numbers first
      each([&](std::size_t row, std::int64_t& w) HOCTAP_LAMBDA_INLINE { return fast_small_i64(fr, row, w); });
      then_full_rule(std::integral_constant<Fast, Fast::number_i64>{});
      break;
    case Fast::boolean: each([&](std::size_t row, std::int64_t& w) HOCTAP_LAMBDA_INLINE { return fast_word<Fast::boolean>(fr, row, w); }); break;
    case Fast::date: each([&](std::size_t row, std::int64_t& w) HOCTAP_LAMBDA_INLINE { return fast_word<Fast::date>(fr, row, w); }); break;
    case Fast::code:
      if (fp.codes_are_words) {
        each([&](std::size_t row, std::int64_t& w) HOCTAP_LAMBDA_INLINE { return fast_code_word(fr, row, w); });
      } else if (fp.codes_plain && fr.valid == nullptr && first != kScattered) {
        const std::int32_t* const codes = static_cast<const std::int32_t*>(fr.data) + first;
        count = look_up_codes(codes, n, fr.code_word, fr.codes, v);
        if (count != 0) mark_outside(codes, n, fr.codes, undecided);  // a missing entry's -1: read below, entry by entry
      } else {  // labels that are not all plain values (text, a label off the scale), a validity mask, or scattered members
        each([&](std::size_t row, std::int64_t& w) HOCTAP_LAMBDA_INLINE { return fast_word<Fast::code>(fr, row, w); });
      }
      break;
    case Fast::none: break;
  }
  for (std::size_t j = 0; count != 0 && (j = next_marked(undecided, j, n)) < n; ++j, --count) general(j);
  return out.col();
}

bool BlockState::whole_column(const FieldPlan& fp) {
  return fp.column != nullptr && fp.fast == FieldPlan::Fast::number_i64 && fp.column->valid == nullptr;
}

inline HOCTAP_VECTOR_CLONES const std::int64_t* BlockState::whole_in_place(const FieldPlan& fp, std::size_t first, std::size_t n) {
  if (!whole_column(fp)) return nullptr;
  const FastRead fr(fp);
  const std::int64_t lo = fr.low_small, hi = fr.high_small;
  const std::int64_t* __restrict const x = static_cast<const std::int64_t*>(fp.column->data) + first;
  std::uint64_t outside = 0;  // counted, not or-ed into a bool: the loop then vectorises
  for (std::size_t j = 0; j < n; ++j) outside += static_cast<std::uint64_t>((x[j] < lo) | (x[j] > hi));
  return outside == 0 ? x : nullptr;
}

// `fp`'s column for the block's rows, bound (bind_column).
inline Col BlockState::bind_top(const FieldPlan& fp) {
  const std::size_t begin = block_begin;
  return bind_column(fp, rows, [begin](std::size_t r) { return begin + r; }, [](std::size_t r) { return r; }, begin);
}

bool BlockState::check_whole(std::size_t id) {
  const int l = list_of_check[id];
  if (l < 0) {
    if (whole_unchecked[id] != 0) {
      whole_unchecked[id] = 0;
      const FieldPlan& fp = *top_plan[id];
      if (whole_in_place(fp, block_begin, rows) == nullptr) {
        whole_top[id] = nullptr;
        top[id] = bind_top(fp);
      }
    }
    return whole_top[id] != nullptr;
  }
  ListBlock& lb = lists[static_cast<std::size_t>(l)];
  const std::size_t slot = id - first_member_check[static_cast<std::size_t>(l)];
  if (whole_unchecked[id] != 0) {
    whole_unchecked[id] = 0;
    const FieldPlan& fp = plan.lists[static_cast<std::size_t>(l)].fields[slot];
    const std::size_t base = lb.after - lb.rows;  // the block's first member row (a grouped table's)
    if (whole_in_place(fp, base, lb.rows) == nullptr) {
      lb.whole[slot] = nullptr;
      lb.fields[slot] = bind_column(fp, lb.rows, [base](std::size_t j) { return base + j; }, [&lb](std::size_t j) { return lb.parent[j]; }, base);
    }
  }
  return lb.whole[slot] != nullptr;
}

void BlockState::check_every_whole() {
  for (std::size_t id = 0; id < whole_unchecked.size(); ++id)
    if (whole_unchecked[id] != 0) check_whole(id);
}

// parent[j] = of[j] - first for the `m` members of a block of `n` rows from `first`, and
// whether they are listed parent by parent within the block (out_of_order).
HOCTAP_INLINE_LOOP bool block_parents(const std::int64_t* __restrict of, std::size_t m, std::int64_t first, std::size_t n,
                                      std::uint32_t* __restrict parent) {
  if (m == 0) return true;
  std::uint64_t off = out_of_order(of[0], of[0], first, n);
  parent[0] = static_cast<std::uint32_t>(of[0] - first);
  for (std::size_t j = 1; j < m; ++j) {
    parent[j] = static_cast<std::uint32_t>(of[j] - first);
    off |= out_of_order(of[j - 1], of[j], first, n);
  }
  return off == 0;
}

HOCTAP_VECTOR_CLONES
inline bool BlockState::bind_list(const ListPlan& lp, ListBlock& lb, std::size_t begin, std::size_t n) {
  lb.present = lp.table != nullptr;
  if (!lb.present) return true;
  const MemberRange span = member_span(lp, begin, n, lb.after);
  const std::size_t base = span.first;
  lb.after = base + span.count;
  lb.rows = span.count;
  lb.parent.resize(lb.rows);
  // A member's block row is its table parent's, less the block's first row: a loop
  // without branches (filling each row's members in turn mispredicts every row's end).
  std::uint32_t* __restrict const parent = lb.parent.data();
  const std::int64_t* __restrict const table_parent = lp.table->parent;
  const auto first_row = static_cast<std::int64_t>(begin);
  if (lp.grouped) {  // checked whether taken on trust (spans) or already checked whole, where it cannot fail
    if (!block_parents(table_parent + base, lb.rows, first_row, n, parent)) return false;
    if (lp.spans) {
      const std::size_t block = begin / kRows;
      lp.spans[2 * block] = base;
      lp.spans[2 * block + 1] = lb.after;
    }
  } else {
    const std::int64_t* __restrict const order = lp.order.data() + base;
    for (std::size_t j = 0; j < lb.rows; ++j) parent[j] = static_cast<std::uint32_t>(table_parent[order[j]] - first_row);
  }
  lb.fields.resize(lp.fields.size());
  lb.whole.assign(lp.fields.size(), nullptr);
  // The next block's members, when the table has them in order (queued for ask_ahead).
  if (read_ahead && lp.grouped) {
    const MemberRange next = next_block_members(plan, lp, begin, n, span);
    queue_bytes(lp.table->parent, next.first * sizeof(std::int64_t), next.count * sizeof(std::int64_t));
    for (const FieldPlan& fp : lp.fields) queue_rows(fp, next.first, next.count);
  }
  const auto owner = [&](std::size_t j) { return lb.parent[j]; };
  const std::size_t first_check = first_member_check[static_cast<std::size_t>(&lp - plan.lists.data())];
  for (std::size_t s = 0; s < lp.fields.size(); ++s) {
    if (lp.grouped) {
      if (whole_column(lp.fields[s])) {  // checked by its first reader, or after the block is decided (check_whole); units made on demand (member_column)
        lb.whole[s] = static_cast<const std::int64_t*>(lp.fields[s].column->data) + base;
        whole_unchecked[first_check + s] = 1;
        lb.fields[s] = Col{};
      } else {
        lb.fields[s] = bind_column(lp.fields[s], lb.rows, [base](std::size_t j) { return base + j; }, owner, base);
      }
    } else {
      const std::int64_t* order = lp.order.data() + base;
      lb.fields[s] = bind_column(lp.fields[s], lb.rows, [order](std::size_t j) { return static_cast<std::size_t>(order[j]); }, owner, kScattered);
    }
  }
  return true;
}

namespace {

// bind_and_add's floor bit in a status word: above the status bits, which fit a byte.
constexpr unsigned kBelowFloorBit = 8;

// rules::status_bit(rules::points_status(points, need)) as a word, chosen between the two
// statuses' bits (status_bit of a status per row works in bytes).
HOCTAP_INLINE_LOOP std::uint64_t status_bit_word(std::int64_t points, std::int64_t need) {
  constexpr std::uint64_t met = rules::status_bit(rules::kMet), not_met = rules::status_bit(rules::kNotMet);
  return rules::points_status(points, need) == rules::kMet ? met : not_met;
}

// kTake float64 columns of decimals (fr[0..kTake), rows [first, first + n)) bound into
// v[0..kTake) by fast_dyadic_f64, as bind_column's first try binds each, and in the same
// pass add_columns' work from the words as they are made: their sum capped at `max` into
// d and, with kStatuses, the status bits of the children whose points they are (each met
// at need[i]) into `seen`, as words, so that every column of the loop has one element
// width. kScores says what becomes of the words beyond the sum: written to v (columns),
// nothing (none), or checked against the floor (floors: seen has bit kBelowFloorBit where
// some word fails it, fails_floor). Returns how many rows have an entry fast_dyadic_f64
// left undecided: such a row's d is -1 (a sum is not negative), its words and seen
// unspecified.
enum class Scores : std::uint8_t { columns, none, floors };
template <std::size_t kTake, bool kStatuses, Scores kScores>
HOCTAP_INLINE_LOOP std::size_t bind_and_add(const FastRead* fr, std::size_t first, std::size_t n, std::int64_t* const* v,
                                            std::int64_t* __restrict const d, std::int64_t max, std::uint64_t* __restrict const seen,
                                            const std::int64_t* need, std::int64_t floor_points) {
  static_assert(kTake >= 1 && kTake <= 4, "one to four columns");
  const FastRead a = fr[0], b = fr[kTake > 1 ? 1 : 0], c = fr[kTake > 2 ? 2 : 0], e = fr[kTake > 3 ? 3 : 0];
  std::int64_t* __restrict const va = v[0];
  std::int64_t* __restrict const vb = v[kTake > 1 ? 1 : 0];
  std::int64_t* __restrict const vc = v[kTake > 2 ? 2 : 0];
  std::int64_t* __restrict const ve = v[kTake > 3 ? 3 : 0];
  const std::int64_t na = need[0], nb = need[kTake > 1 ? 1 : 0], nc = need[kTake > 2 ? 2 : 0], ne = need[kTake > 3 ? 3 : 0];
  std::size_t undecided = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t row = first + j;
    std::int64_t wa = 0, wb = 0, wc = 0, we = 0;
    bool decided = fast_dyadic_f64<true>(a, row, wa);
    if constexpr (kTake > 1) decided = decided & fast_dyadic_f64<true>(b, row, wb);
    if constexpr (kTake > 2) decided = decided & fast_dyadic_f64<true>(c, row, wc);
    if constexpr (kTake > 3) decided = decided & fast_dyadic_f64<true>(e, row, we);
    std::uint64_t below = 0;
    if constexpr (kScores == Scores::floors) {
      below = fails_floor(wa, floor_points);
      if constexpr (kTake > 1) below |= fails_floor(wb, floor_points);
      if constexpr (kTake > 2) below |= fails_floor(wc, floor_points);
      if constexpr (kTake > 3) below |= fails_floor(we, floor_points);
      below <<= kBelowFloorBit;
    } else if constexpr (kScores == Scores::columns) {
      va[j] = wa;
      if constexpr (kTake > 1) vb[j] = wb;
      if constexpr (kTake > 2) vc[j] = wc;
      if constexpr (kTake > 3) ve[j] = we;
    }
    // Added as unsigned words: an undecided entry's word is unspecified, and a signed sum
    // of such words could overflow. Decided words are below 2^51 units, and four of them
    // add up exactly either way.
    const auto sum = static_cast<std::uint64_t>(wa) + static_cast<std::uint64_t>(wb) + static_cast<std::uint64_t>(wc) + static_cast<std::uint64_t>(we);
    d[j] = decided ? rules::cap(static_cast<std::int64_t>(sum), max) : -1;
    if constexpr (kStatuses) {
      std::uint64_t bits = status_bit_word(wa, na);
      if constexpr (kTake > 1) bits |= status_bit_word(wb, nb);
      if constexpr (kTake > 2) bits |= status_bit_word(wc, nc);
      if constexpr (kTake > 3) bits |= status_bit_word(we, ne);
      seen[j] = bits | below;
    } else if constexpr (kScores == Scores::floors) {
      seen[j] = below;
    }
    undecided += !decided;
  }
  return undecided;
}

}  // namespace

void BlockState::plan_assessed_groups() {
  const std::size_t nodes = set.nodes.size();
  summed_block.assign(nodes, 0);
  summed_seen.assign(nodes, nullptr);
  bound_in_group.assign(top.size(), 0);
  fused_block.assign(nodes, 0);
  assessed_groups.clear();
  if (set.levels_mode) return;
  const std::vector<std::uint8_t> read = top_slots_read(set);
  auto read_by_expression = [&read](std::size_t slot) { return slot < read.size() && read[slot] != 0; };
  for (std::size_t k = 0; k < nodes; ++k) {
    const RuleNode& rn = set.nodes[k];
    if (rn.indicator || rn.children.empty() || rn.children.size() > 4) continue;
    AssessedGroup g;
    g.node = k;
    g.children = rn.children.size();
    g.max = rn.max.units();
    g.statuses = need_status[k] != 0;  // as criterion's `together`: its children's statuses read with their points
    g.fused = true;
    bool fits = true;
    for (std::size_t j = 0; j < g.children && fits; ++j) {
      const auto child = static_cast<std::size_t>(rn.children[j]);
      const RuleNode& cn = set.nodes[child];
      fits = cn.indicator && cn.points.kind == PointsRule::Kind::assessed && !cn.applies_when && cn.points.assessed_slot >= 0;
      if (!fits) break;
      g.slot[j] = static_cast<std::size_t>(cn.points.assessed_slot);
      const FieldPlan* fp = top_plan[g.slot[j]];
      fits = fp != nullptr && fp->column != nullptr && fp->fast == FieldPlan::Fast::number_f64 && fp->column->valid == nullptr &&
             fp->field->type.kind == Type::Kind::decimal;  // as every score is
      if (!fits) break;
      g.need[j] = indicator_need(set, cn).units();
      g.statuses = g.statuses && need_status[child] != 0 && status_for_parent[child] != 0;
      // Its points read only by the criterion: its status not read, or read for the
      // parent's sake only (a reported node's is read for its own); its score read by no
      // expression (which would bind it again).
      g.fused = g.fused && (need_status[child] == 0 || status_for_parent[child] != 0) && !read_by_expression(g.slot[j]);
    }
    g.floors = g.fused && set.every_indicator_at_least;
    if (fits) assessed_groups.push_back(g);
  }
}

HOCTAP_VECTOR_CLONES
void BlockState::bind_assessed(AssessedGroup& g) {
  if (g.failures != 0) {  // tried again 2^(failures - 1) blocks after the last failure, at most kMostBlocksApart
    const std::uint32_t apart = std::min(std::uint32_t{1} << std::min<std::uint32_t>(g.failures - 1, 31), kMostBlocksApart);
    if (block_number - g.failed_block < apart) return;  // its scores bound one by one for now
  }
  for (std::size_t j = 0; j < g.children; ++j)
    if (std::find(fractional.begin(), fractional.end(), top_plan[g.slot[j]]) != fractional.end()) return;  // bind_column's full rule
  const FastRead fr[4] = {FastRead(*top_plan[g.slot[0]]), FastRead(*top_plan[g.slot[g.children > 1 ? 1 : 0]]),
                          FastRead(*top_plan[g.slot[g.children > 2 ? 2 : 0]]), FastRead(*top_plan[g.slot[g.children > 3 ? 3 : 0]])};
  const std::size_t n = rows;
  std::int64_t* v[4] = {};
  if (!g.fused)
    for (std::size_t j = 0; j < g.children; ++j) v[j] = arena.take<std::int64_t>(n);
  std::int64_t* const d = node_points[g.node];
  std::uint64_t* const bit_words = g.statuses || g.floors ? arena.take<std::uint64_t>(n) : nullptr;
  std::size_t undecided = 0;
  auto take = [&](auto statuses, auto scores) HOCTAP_LAMBDA_INLINE {
    constexpr bool kStatuses = decltype(statuses)::value;
    constexpr Scores kScores = decltype(scores)::value;
    const std::int64_t* const need = g.need.data();
    switch (g.children) {
      case 1: undecided = bind_and_add<1, kStatuses, kScores>(fr, block_begin, n, v, d, g.max, bit_words, need, floor_points); break;
      case 2: undecided = bind_and_add<2, kStatuses, kScores>(fr, block_begin, n, v, d, g.max, bit_words, need, floor_points); break;
      case 3: undecided = bind_and_add<3, kStatuses, kScores>(fr, block_begin, n, v, d, g.max, bit_words, need, floor_points); break;
      default: undecided = bind_and_add<4, kStatuses, kScores>(fr, block_begin, n, v, d, g.max, bit_words, need, floor_points); break;
    }
  };
  auto with_statuses = [&](auto scores) HOCTAP_LAMBDA_INLINE {
    if (g.statuses) take(std::true_type{}, scores);
    else take(std::false_type{}, scores);
  };
  if (!g.fused) with_statuses(std::integral_constant<Scores, Scores::columns>{});
  else if (g.floors) with_statuses(std::integral_constant<Scores, Scores::floors>{});
  else with_statuses(std::integral_constant<Scores, Scores::none>{});
  if (undecided * kSlowRowsPer > n) {  // bound one by one (bind_column, which decides the rest), added up by criterion
    g.failed_block = block_number;
    ++g.failures;
    return;
  }
  // A few rows with a score the pass did not decide (missing, out of range, in tenths):
  // judged by the row path, the block's other rows by the pass. Their words, points and
  // status bits are made those of zero scores, which the block's loops take without
  // overflow.
  for (std::size_t j = 0, left = undecided; left != 0; ++j) {
    if (d[j] >= 0) continue;
    --left;
    slow[j] = 1;
    any_slow = true;
    d[j] = 0;
    std::uint64_t bits = 0;
    for (std::size_t k = 0; k < g.children; ++k) {
      if (!g.fused) v[k][j] = 0;
      bits |= status_bit_word(0, g.need[k]);
    }
    if (bit_words != nullptr) bit_words[j] = bits;  // not below the floor
  }
  g.failures = 0;
  const RuleNode& rn = set.nodes[g.node];
  for (std::size_t j = 0; j < g.children; ++j) {
    const std::size_t slot = g.slot[j];
    bound_in_group[slot] = block_number;
    if (!g.fused) {
      top[slot] = Col{v[j], nullptr, nullptr};
      continue;
    }
    top[slot] = Col{};  // read by no expression (top_slots_read)
    fused_block[static_cast<std::size_t>(rn.children[j])] = block_number;
  }
  summed_block[g.node] = block_number;
  summed_seen[g.node] = nullptr;
  if (!g.statuses && !g.floors) return;
  // The words' status bits and floor bit, each into its bytes, in one loop for what the
  // group has.
  std::uint8_t* __restrict const under = below_floor.data();
  if (g.floors && !fused_floors) std::fill(under, under + n, 0);
  fused_floors = fused_floors || g.floors;
  const std::uint64_t* __restrict const words = bit_words;
  if (!g.statuses) {
    for (std::size_t j = 0; j < n; ++j) under[j] |= static_cast<std::uint8_t>(words[j] >> kBelowFloorBit);
    return;
  }
  std::uint8_t* __restrict const bits = arena.take<std::uint8_t>(n);
  if (g.floors) {
    for (std::size_t j = 0; j < n; ++j) {
      bits[j] = static_cast<std::uint8_t>(words[j]);
      under[j] |= static_cast<std::uint8_t>(words[j] >> kBelowFloorBit);
    }
  } else {
    for (std::size_t j = 0; j < n; ++j) bits[j] = static_cast<std::uint8_t>(words[j]);
  }
  summed_seen[g.node] = bits;
}

HOCTAP_VECTOR_CLONES
bool BlockState::bind(std::size_t begin, std::size_t n) {
  arena.clear();
  bounded.clear();
  ++block_number;
  rows = n;
  block_begin = begin;
  std::fill(slow.begin(), slow.begin() + static_cast<std::ptrdiff_t>(n), 0);
  any_slow = false;
  std::fill(top.begin(), top.end(), fill(n, Val{}));  // slots no field fills read as the row path's cleared slots
  std::fill(whole_top.begin(), whole_top.end(), nullptr);
  std::fill(whole_unchecked.begin(), whole_unchecked.end(), 0);
  fused_floors = false;
  for (AssessedGroup& g : assessed_groups) bind_assessed(g);
  std::size_t next_list = 0;
  for (const FieldPlan& fp : plan.top) {
    const Field& f = *fp.field;
    const auto slot = static_cast<std::size_t>(f.slot);
    if (bound_in_group[slot] == block_number) {  // taken by bind_assessed
      if (read_ahead) queue_rows(fp, begin + n, next_block_rows(plan, begin, n));
      continue;
    }
    if (f.type.kind == Type::Kind::list) {
      const ListPlan& lp = plan.lists[next_list];
      if (!bind_list(lp, lists[next_list++], begin, n)) return false;
      top[slot] = fill(n, lp.table ? Val{VK::list, 0, nullptr} : missing(f.slot));
      continue;
    }
    if (whole_column(fp)) {  // checked by its first reader, or after the block is decided (check_whole); units made on demand (top_column)
      whole_top[slot] = static_cast<const std::int64_t*>(fp.column->data) + begin;
      whole_unchecked[slot] = 1;
      top[slot] = Col{};
    } else top[slot] = bind_top(fp);
    // The next block's values, asked for while this block is judged (ask_ahead).
    if (read_ahead) queue_rows(fp, begin + n, next_block_rows(plan, begin, n));
  }
  return true;
}

}  // namespace hoctap::block_eval
