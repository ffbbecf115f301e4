// Member aggregates over a block (count, share, all, any, sum): each list's members'
// filter and body evaluated over all the block's members at once, then counted into their
// rows by one pass a word of counters (count_members), or a row's own counters when some
// member value is unknown, by the shared rules (AggregateCounts).
#include "evaluate/block_state.hpp"

#include <algorithm>
#include <array>
#include <new>
#include <type_traits>
#include <utility>

#include "evaluate/rules.hpp"
#include "util/clones.hpp"

namespace hoctap::block_eval {

namespace {

// rules::share_of(yes, selected) for the member counts of most lists (selected below
// kMembers), worked out once: a block's shares are then lookups, not divisions.
struct SmallShares {
  static constexpr std::int64_t kMembers = 64;
  // At selected * kMembers + yes. 64-bit entries, though a share is at most 10^6 units: a
  // loop gathering 32-bit entries by 64-bit indices does not vectorise.
  std::vector<std::int64_t> units;
  SmallShares() : units(static_cast<std::size_t>(kMembers * kMembers), 0) {
    for (std::int64_t sel = 1; sel < kMembers; ++sel)
      for (std::int64_t yes = 0; yes <= sel; ++yes) units[static_cast<std::size_t>(sel * kMembers + yes)] = *rules::share_of(yes, sel);
  }
};
const SmallShares& small_shares() {
  static const SmallShares table;
  return table;
}

// v[r] = the share of table (SmallShares::units) for the rows that selected fewer than
// kMembers, else the table's entry 0; non-zero when some row selected kMembers or more
// (counts are not negative). Every pointer a parameter: behind local copies the compiler
// could not tell the gather's and the counts' reads from v's writes.
HOCTAP_INLINE_LOOP std::uint64_t look_up_shares(std::int64_t* __restrict v, const std::int64_t* __restrict selected,
                                                const std::int64_t* __restrict yes, const std::int64_t* __restrict table, std::size_t n) {
  std::uint64_t many = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const std::int64_t sel = selected[r];
    const std::int64_t at = static_cast<std::uint64_t>(sel) < SmallShares::kMembers ? sel * SmallShares::kMembers + yes[r] : 0;
    v[r] = table[at];
    many |= static_cast<std::uint64_t>(sel) / SmallShares::kMembers;
  }
  return many;
}

// Whether `e` (null: no expression) has a subexpression with operator `op`.
bool reads_op(const Expr* e, Op op) {
  std::vector<const Expr*> todo;
  if (e != nullptr) todo.push_back(e);
  while (!todo.empty()) {
    const Expr* x = todo.back();
    todo.pop_back();
    if (x->op == op) return true;
    for (const auto& a : x->args)
      if (a) todo.push_back(a.get());
  }
  return false;
}

int shape_of(const Expr* e) { return e == nullptr ? -1 : e->shape; }

// Whether an aggregate's entry of counters_of names any shared counter.
bool shares_counters(const std::array<int, 3>& of) { return of[0] != -1 || of[1] != -1 || of[2] != -1; }

// count, sum, all or any per row from the one counter each reads, `counter(r)`: the
// members selected, the sum, those whose body is false, those whose body is true. A
// column of words for count and sum, of bytes for all and any (every entry known).
template <typename Counter>
HOCTAP_INLINE_LOOP Col value_of_counter(Arena& arena, Op op, std::size_t n, Counter counter) {
  if (op == Op::all || op == Op::any) {
    std::uint8_t* __restrict const b = arena.take<std::uint8_t>(n);
    if (op == Op::all)
      for (std::size_t r = 0; r < n; ++r) b[r] = rules::all_of(counter(r));
    else
      for (std::size_t r = 0; r < n; ++r) b[r] = rules::any_of(counter(r));
    return Col{nullptr, nullptr, nullptr, b};
  }
  std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
  if (op == Op::count)
    for (std::size_t r = 0; r < n; ++r) v[r] = rules::count_units(counter(r));
  else
    for (std::size_t r = 0; r < n; ++r) v[r] = counter(r);
  return Col{v, nullptr, nullptr};
}

}  // namespace

void BlockState::plan_counters() {
  if (lists.empty()) return;  // no aggregate to count for (a flat set): no walk per batch
  list_counters.assign(lists.size(), ListCounters{});
  counters_of.assign(static_cast<std::size_t>(set.shapes), {-1, -1, -1});
  auto counter = [&](int l, Counter::Kind kind, const Expr* filter, const Expr* body) {
    std::vector<Counter>& cs = list_counters[static_cast<std::size_t>(l)].counters;
    for (std::size_t k = 0; k < cs.size(); ++k)
      if (cs[k].kind == kind && shape_of(cs[k].filter) == shape_of(filter) && shape_of(cs[k].body) == shape_of(body)) return static_cast<int>(k);
    cs.push_back(Counter{kind, filter, body});
    return static_cast<int>(cs.size() - 1);
  };
  std::vector<const Expr*> todo;
  for_each_formula(set, [&](const Formula& f) {
    if (f.root) todo.push_back(f.root.get());
  });
  while (!todo.empty()) {
    const Expr& e = *todo.back();
    todo.pop_back();
    for (const auto& a : e.args)
      if (a) todo.push_back(a.get());
    const bool counted = e.op == Op::count || e.op == Op::all || e.op == Op::any || e.op == Op::share;
    if (!counted || e.shape < 0 || shares_counters(counters_of[static_cast<std::size_t>(e.shape)])) continue;  // not an aggregate, or planned
    const int l = e.args[0] != nullptr && e.args[0]->op == Op::input ? list_of_slot[static_cast<std::size_t>(e.args[0]->slot)] : -1;
    const Expr* filter = e.args[1].get();
    const Expr* body = e.args[2].get();
    // Without a body only `count` counts (the others read counters that stay 0); an
    // expression reading the total has another value where knock-outs read it.
    if (l < 0 || (body == nullptr && e.op != Op::count) || reads_op(filter, Op::total) || reads_op(body, Op::total)) continue;
    std::array<int, 3>& of = counters_of[static_cast<std::size_t>(e.shape)];
    if (e.op == Op::count || e.op == Op::share) of[Counter::selected] = counter(l, Counter::selected, filter, nullptr);
    if (e.op == Op::any || e.op == Op::share) of[Counter::yes] = counter(l, Counter::yes, filter, body);
    if (e.op == Op::all) of[Counter::no] = counter(l, Counter::no, filter, body);
  }
}

namespace {

// A member's byte of lane bits (bit k: lane k) spread to its word's 16-bit lanes (bit 16 k).
constexpr std::array<std::uint64_t, 16> spread_lanes = [] {
  std::array<std::uint64_t, 16> t{};
  for (std::size_t x = 0; x < t.size(); ++x)
    for (unsigned k = 0; k < 4; ++k) t[x] |= static_cast<std::uint64_t>((x >> k) & 1) << (16 * k);
  return t;
}();

// `kept` when member row p is the same row as the member before it (`row`), else
// `started`: a conditional move. GCC makes the plain select a branch, which mispredicts
// where a household's members end, which follows no pattern.
HOCTAP_INLINE_LOOP std::uint64_t same_row_or(std::uint32_t p, std::uint32_t row, std::uint64_t kept, std::uint64_t started) {
#if defined(__GNUC__) && defined(__x86_64__)
  asm("cmpl %[p], %[row]\n\tcmovne %[started], %[kept]" : [kept] "+r"(kept) : [p] "r"(p), [row] "r"(row), [started] "r"(started) : "cc");
  return kept;
#else
  return p == row ? kept : started;
#endif
}

}  // namespace

HOCTAP_VECTOR_CLONES
const BlockState::ListCounters& BlockState::count_members(int l) {
  ListCounters& lc = list_counters[static_cast<std::size_t>(l)];
  if (lc.block == block_number) return lc;
  lc.block = block_number;
  const ListBlock& lb = lists[static_cast<std::size_t>(l)];
  const std::size_t n = rows, m = lb.rows;
  const Ctx mc{m, &lb, l, nullptr};
  const std::size_t counters = lc.counters.size();
  lc.lane.assign(counters, -1);
  int lanes = 0;
  // Per member, a byte of its lanes' bits; then per word, one pass adding them, each
  // spread to its lane (spread_lanes), into the rows.
  std::vector<std::uint8_t*>& bits = lc.member_bits;
  bits.clear();
  for (std::size_t k = 0; k < counters; ++k) {
    const Counter& counter = lc.counters[k];
    const Col filter = counter.filter != nullptr ? eval(*counter.filter, mc) : Col{};
    const Col body = counter.body != nullptr ? eval(*counter.body, mc) : Col{};
    if (filter.tag != nullptr || body.tag != nullptr) continue;  // aggregate's own path, the rules for unknowns
    const int lane = lanes++;
    lc.lane[k] = lane;
    const bool first = lane % 4 == 0;  // a word's first lane writes it, the others add their bits
    if (first) bits.push_back(arena.take<std::uint8_t>(m));
    std::uint8_t* __restrict const b = bits.back();
    const unsigned shift = static_cast<unsigned>(lane % 4);
    // fv, bv: the filter's and the body's entries (bytes or words; unread when `filtered`
    // is false, or for `selected`)
    auto mark = [&](const auto* __restrict fv, const auto* __restrict bv, auto filtered, auto kind, auto writes) HOCTAP_LAMBDA_INLINE {
      for (std::size_t j = 0; j < m; ++j) {
        std::uint8_t bit = 1;
        if constexpr (decltype(filtered)::value) bit = static_cast<std::uint8_t>(fv[j] != 0);
        if constexpr (decltype(kind)::value == Counter::yes) bit &= static_cast<std::uint8_t>(bv[j] != 0);
        if constexpr (decltype(kind)::value == Counter::no) bit &= static_cast<std::uint8_t>(bv[j] == 0);
        if constexpr (decltype(writes)::value) b[j] = bit;  // lane 0: no shift
        else b[j] |= static_cast<std::uint8_t>(bit << shift);
      }
    };
    auto with_filter = [&](auto kind) HOCTAP_LAMBDA_INLINE {
      auto with_body = [&](const auto* fs, auto filtered) HOCTAP_LAMBDA_INLINE {
        auto go = [&](const auto* bs) HOCTAP_LAMBDA_INLINE {
          if (first) mark(fs, bs, filtered, kind, std::true_type{});
          else mark(fs, bs, filtered, kind, std::false_type{});
        };
        if constexpr (decltype(kind)::value == Counter::selected) go(static_cast<const std::uint8_t*>(nullptr));  // no body read
        else with_entries(body, go);
      };
      if (counter.filter == nullptr) with_body(static_cast<const std::uint8_t*>(nullptr), std::false_type{});
      else with_entries(filter, [&](const auto* fs) HOCTAP_LAMBDA_INLINE { with_body(fs, std::true_type{}); });
    };
    switch (counter.kind) {
      case Counter::selected: with_filter(std::integral_constant<Counter::Kind, Counter::selected>{}); break;
      case Counter::yes: with_filter(std::integral_constant<Counter::Kind, Counter::yes>{}); break;
      case Counter::no: with_filter(std::integral_constant<Counter::Kind, Counter::no>{}); break;
    }
  }
  const std::uint32_t* __restrict const parent = lb.parent.data();
  lc.words.clear();
  for (const std::uint8_t* member_bits : bits) {
    const std::uint8_t* __restrict const b = member_bits;
    const std::uint64_t* __restrict const spread = spread_lanes.data();
    std::uint64_t* __restrict const word = arena.take<std::uint64_t>(n);
    std::fill(word, word + n, 0);
    // A row's members follow one another: their sum, the block's running total less the
    // total before the row's first member (`base`), is stored at every member (the row's
    // last store holds it all), rather than added into memory, where each add of a row's
    // next member waited for the store before it. The total and the base are two chains
    // of one instruction a member each; the base moves by a conditional move, not a
    // branch (same_row_or). As 64-bit words the difference is the row's sum whatever the
    // total carried between lanes.
    std::uint64_t total = 0, base = 0;
    std::uint32_t row = UINT32_MAX;
    HOCTAP_UNROLL_4
    for (std::size_t j = 0; j < m; ++j) {
      const std::uint32_t p = parent[j];
      base = same_row_or(p, row, base, total);
      total += spread[b[j]];
      word[p] = total - base;
      row = p;
    }
    lc.words.push_back(static_cast<const std::uint64_t*>(word));
  }
  return lc;
}

HOCTAP_VECTOR_CLONES
Col BlockState::aggregate(const Expr& e, const Ctx& c) {
  const int slot = e.args[0]->slot;
  const auto l = list_of_slot[static_cast<std::size_t>(slot)];
  const ListBlock& lb = lists[static_cast<std::size_t>(l)];
  const std::size_t n = c.rows, m = lb.rows;
  if (!lb.present) return eval(*e.args[0], c);  // the list's missing value
  const Ctx mc{m, &lb, l, c.total};
  const bool has_filter = e.args[1] != nullptr, has_body = e.args[2] != nullptr;
  const Col filter = has_filter ? eval(*e.args[1], mc) : Col{};
  const Col body = has_body ? eval(*e.args[2], mc) : Col{};
  const std::uint32_t* __restrict const parent = lb.parent.data();
  if (filter.tag == nullptr && body.tag == nullptr && e.shape >= 0 && m <= 0xFFFF) {  // the list's counters, when counted (lanes hold up to 0xFFFF)
    const std::array<int, 3>& of = counters_of[static_cast<std::size_t>(e.shape)];
    if (shares_counters(of)) {
      const ListCounters& lc = count_members(l);
      bool counted = true;
      for (int kind = 0; kind < 3; ++kind)
        counted = counted && (of[static_cast<std::size_t>(kind)] == -1 || lc.lane[static_cast<std::size_t>(of[static_cast<std::size_t>(kind)])] >= 0);
      auto lane_of = [&](int kind) HOCTAP_LAMBDA_INLINE {  // the counter's lane: its word and shift
        const int lane = lc.lane[static_cast<std::size_t>(of[static_cast<std::size_t>(kind)])];
        return std::make_pair(lc.words[static_cast<std::size_t>(lane / 4)], 16 * static_cast<unsigned>(lane % 4));
      };
      if (counted && e.op != Op::share) {  // one counter: the value straight from its lane
        const int kind = e.op == Op::count ? Counter::selected : e.op == Op::all ? Counter::no : Counter::yes;
        const std::pair<const std::uint64_t*, unsigned> lane = lane_of(kind);
        const std::uint64_t* __restrict const w = lane.first;
        const unsigned shift = lane.second;
        return value_of_counter(arena, e.op, n, [w, shift](std::size_t r) HOCTAP_LAMBDA_INLINE { return static_cast<std::int64_t>((w[r] >> shift) & 0xFFFF); });
      }
      // More than one counter (share): each into a column of its own, for reduce.
      std::int64_t* out[3] = {nullptr, nullptr, nullptr};
      for (int kind = 0; counted && kind < 3; ++kind) {
        if (of[static_cast<std::size_t>(kind)] == -1) continue;
        out[kind] = arena.take<std::int64_t>(n);
        const std::pair<const std::uint64_t*, unsigned> lane = lane_of(kind);
        const std::uint64_t* __restrict const w = lane.first;
        const unsigned shift = lane.second;
        std::int64_t* __restrict const to = out[kind];
        for (std::size_t r = 0; r < n; ++r) to[r] = static_cast<std::int64_t>((w[r] >> shift) & 0xFFFF);
      }
      if (counted) return reduce(e.op, n, out[Counter::selected], out[Counter::yes], out[Counter::no], nullptr);
    }
  }
  if (filter.tag == nullptr && body.tag == nullptr) {  // no unknowns: counts only, branch-free
    std::int64_t* __restrict const selected = arena.take<std::int64_t>(n);
    std::int64_t* __restrict const yes = arena.take<std::int64_t>(n);
    std::int64_t* __restrict const no = arena.take<std::int64_t>(n);
    std::int64_t* __restrict const sum = arena.take<std::int64_t>(n);
    const Col filter_words = words(filter, m), body_words = words(body, m);
    const std::int64_t* __restrict const fv = filter_words.v;
    const std::int64_t* __restrict const bv = body_words.v;
    // Only the counters the operator reads: `all` needs the members whose body is false,
    // `any` those whose body is true, `count` the selected ones, `sum` the sum. Zeroed:
    // the counters added to and those reduce reads (without a body, reduce reads
    // counters nothing adds to: they stay 0).
    const Op adds = !has_body ? Op::count : e.op, reads = e.op;
    auto either = [&](Op a, Op b) { return adds == a || adds == b || reads == a || reads == b; };
    if (either(Op::count, Op::share)) std::fill(selected, selected + n, 0);
    if (either(Op::any, Op::share)) std::fill(yes, yes + n, 0);
    if (either(Op::all, Op::all)) std::fill(no, no + n, 0);
    if (either(Op::sum, Op::sum)) std::fill(sum, sum + n, 0);
    // A row's counters kept in registers while its members follow one another, and stored
    // at each (as count_members' words).
    auto count_members = [&](auto filtered, auto what) {
      constexpr Op op = decltype(what)::value;
      std::int64_t selected_r = 0, yes_r = 0, no_r = 0, sum_r = 0;
      std::uint32_t row = UINT32_MAX;
      for (std::size_t j = 0; j < m; ++j) {
        const std::uint32_t r = parent[j];
        const std::int64_t same = r == row;  // 0: the row's first member
        row = r;
        const std::int64_t pick = filtered ? fv[j] != 0 : 1;
        if constexpr (op == Op::count || op == Op::share) selected[r] = selected_r = (same ? selected_r : 0) + pick;
        if constexpr (op == Op::sum) sum[r] = sum_r = (same ? sum_r : 0) + (pick != 0 ? bv[j] : 0);
        if constexpr (op == Op::any || op == Op::share) yes[r] = yes_r = (same ? yes_r : 0) + (pick & (bv[j] != 0));
        if constexpr (op == Op::all) no[r] = no_r = (same ? no_r : 0) + (pick & (bv[j] == 0));
      }
    };
    auto with_filter = [&](auto what) {
      if (has_filter) count_members(std::true_type{}, what);
      else count_members(std::false_type{}, what);
    };
    if (e.op == Op::count) with_filter(std::integral_constant<Op, Op::count>{});
    else if (!has_body) with_filter(std::integral_constant<Op, Op::count>{});  // no body: every counter but `selected` stays 0
    else if (e.op == Op::all) with_filter(std::integral_constant<Op, Op::all>{});
    else if (e.op == Op::any) with_filter(std::integral_constant<Op, Op::any>{});
    else if (e.op == Op::sum) with_filter(std::integral_constant<Op, Op::sum>{});
    else with_filter(std::integral_constant<Op, Op::share>{});
    return reduce(e.op, n, selected, yes, no, sum);
  }
  // Some member value is unknown: the shared rules (AggregateCounts), a row at a time.
  AggregateCounts* const counts = arena.take<AggregateCounts>(n);
  for (std::size_t r = 0; r < n; ++r) new (&counts[r]) AggregateCounts();
  const VK body_kind = has_body ? value_kind(e.args[2]->type) : VK::number;
  for (std::size_t j = 0; j < m; ++j) {
    const Val f = has_filter ? filter.at(j, VK::boolean) : Val{};
    if (has_filter && !absent(f) && f.i == 0) continue;
    const Val b = has_body ? body.at(j, body_kind) : Val{};
    counts[parent[j]].add(has_filter ? &f : nullptr, has_body ? &b : nullptr);
  }
  ColWriter out(arena, n, false);
  Bounds* const bounds = bounded_aggregate(e) ? arena.take<Bounds>(n) : nullptr;
  for (std::size_t r = 0; r < n; ++r) {
    const Val v = aggregate_value(e.op, counts[r]);
    out.put(r, v);
    if (bounds != nullptr) bounds[r] = absent(v) ? aggregate_bounds(e.op, counts[r]) : Bounds{};
  }
  if (bounds != nullptr) bounded.emplace_back(out.values(), bounds);
  return out.col();
}

HOCTAP_VECTOR_CLONES
Col BlockState::reduce(Op op, std::size_t n, const std::int64_t* selected, const std::int64_t* yes, const std::int64_t* no,
                      const std::int64_t* sum) {
  if (op != Op::share) {
    const std::int64_t* __restrict const c = op == Op::count ? selected : op == Op::sum ? sum : op == Op::all ? no : yes;
    return value_of_counter(arena, op, n, [c](std::size_t r) HOCTAP_LAMBDA_INLINE { return c[r]; });
  }
  // share: the rule's quotient where members were selected, a lookup below kMembers
  // (yes <= selected); over no one, the rule's value for an empty share, chosen without
  // a branch; the rare rows of kMembers selected or more then one by one. Three loops:
  // the lookups (a gather, which vectorises only without a select after it), the empty
  // shares' words, their tags (a loop of its own width).
  const AggregateCounts none;
  const Val empty = aggregate_value(op, none);
  const std::int64_t empty_word = empty.i;
  const std::uint8_t empty_tag = tag_of(empty);
  std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
  std::uint8_t* __restrict const tag = arena.take<std::uint8_t>(n);
  const std::uint64_t many = look_up_shares(v, selected, yes, small_shares().units.data(), n);
  const std::int64_t* __restrict const chosen = selected;
  for (std::size_t r = 0; r < n; ++r) v[r] = chosen[r] == 0 ? empty_word : v[r];
  std::uint8_t any_absent = 0;
  for (std::size_t r = 0; r < n; ++r) {
    tag[r] = chosen[r] == 0 ? empty_tag : kValue;
    any_absent |= tag[r];
  }
  for (std::size_t r = 0; many != 0 && r < n; ++r) {
    if (selected[r] < SmallShares::kMembers) continue;
    AggregateCounts k;
    k.yes = yes[r], k.no = selected[r] - yes[r];
    const Val x = aggregate_value(op, k);
    v[r] = x.i;
    tag[r] = tag_of(x);
    any_absent |= tag[r];
  }
  return Col{v, any_absent != 0 ? tag : nullptr, nullptr};
}

}  // namespace hoctap::block_eval
