// Expressions over a block's columns: an operator a loop over the block, member
// aggregates a pass over the block's members.
#include "evaluate/block_state.hpp"

#include <algorithm>
#include <array>
#include <new>
#include <type_traits>
#include <utility>

#include "evaluate/rules.hpp"
#include "util/clones.hpp"
#include "util/numeric.hpp"

namespace hoctap::block_eval {

namespace {

// rules::share_of(yes, selected) for the member counts of most lists (selected below
// kMembers), worked out once: a block's shares are then lookups, not divisions.
struct SmallShares {
  static constexpr std::int64_t kMembers = 64;
  std::vector<std::uint32_t> units;  // at selected * kMembers + yes; a share is at most 10^6 units
  SmallShares() : units(static_cast<std::size_t>(kMembers * kMembers), 0) {
    for (std::int64_t sel = 1; sel < kMembers; ++sel)
      for (std::int64_t yes = 0; yes <= sel; ++yes)
        units[static_cast<std::size_t>(sel * kMembers + yes)] = static_cast<std::uint32_t>(*rules::share_of(yes, sel));
  }
};
const SmallShares& small_shares() {
  static const SmallShares table;
  return table;
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

// A comparison operator as a loop's function: rules::holds with its orders known when the
// loop is compiled (`x < y` for lt).
template <Op kOp>
struct Compare {
  HOCTAP_RULE constexpr bool operator()(std::int64_t x, std::int64_t y) const { return rules::holds(x, y, rules::comparison_orders(kOp)); }
};

}  // namespace

inline Col BlockState::input(int slot, const Ctx& c) { return broadcast(top_column(static_cast<std::size_t>(slot)), c); }

inline Col BlockState::broadcast(const Col& per_row, const Ctx& c) {
  if (c.members == nullptr) return per_row;
  const std::size_t n = c.rows;
  const std::uint32_t* parent = c.members->parent.data();
  if (per_row.b != nullptr) {  // bytes stay bytes (no tags, no text)
    std::uint8_t* b = arena.take<std::uint8_t>(n);
    for (std::size_t j = 0; j < n; ++j) b[j] = per_row.b[parent[j]];
    return Col{nullptr, nullptr, nullptr, b};
  }
  std::int64_t* v = arena.take<std::int64_t>(n);
  for (std::size_t j = 0; j < n; ++j) v[j] = per_row.v[parent[j]];
  Col out{v, nullptr, nullptr};
  if (per_row.tag != nullptr) {
    std::uint8_t* tag = arena.take<std::uint8_t>(n);
    for (std::size_t j = 0; j < n; ++j) tag[j] = per_row.tag[parent[j]];
    out.tag = tag;
  }
  if (per_row.text != nullptr) {
    const void** text = arena.take<const void*>(n);
    for (std::size_t j = 0; j < n; ++j) text[j] = per_row.text[parent[j]];
    out.text = text;
  }
  return out;
}

Col BlockState::eval(const Expr& e, const Ctx& c) {
  const bool cheap = e.op == Op::literal || e.op == Op::member_field || (e.op == Op::input && c.members == nullptr);
  if (e.shape < 0 || cheap) return compute(e, c);
  const std::size_t key = (static_cast<std::size_t>(e.shape) * (lists.size() + 1) + static_cast<std::size_t>(c.list + 1)) * 2 + (c.total != nullptr);
  if (memo_block[key] == block_number) return memo[key];
  memo[key] = compute(e, c);
  memo_block[key] = block_number;
  return memo[key];
}

inline Col BlockState::compute(const Expr& e, const Ctx& c) {
  const std::size_t n = c.rows;
  switch (e.op) {
    case Op::literal: return fill(n, literal_value(e));
    case Op::input: return input(e.slot, c);
    case Op::member_field: return member_column(c, static_cast<std::size_t>(e.slot));
    case Op::param: {
      const Parameter& p = set.parameters[static_cast<std::size_t>(e.slot)];
      if (p.by_slot < 0) return fill(n, parameter_value(p, Val{}));
      return parameter_by_key(static_cast<std::size_t>(e.slot), input(p.by_slot, c), n);
    }
    case Op::assessment_date: return fill(n, Val{VK::date, date.days(), nullptr});
    case Op::total: return c.total == nullptr ? fill(n, missing(-1)) : broadcast(Col{c.total, nullptr, nullptr}, c);
    case Op::and_: case Op::or_: return logic(e, c);
    case Op::if_: return choose(e, c);
    case Op::count: case Op::share: case Op::all: case Op::any: case Op::sum: return aggregate(e, c);
    default: return apply(e, c);
  }
}

HOCTAP_VECTOR_CLONES
inline Col BlockState::parameter_by_key(std::size_t index, const Col& key, std::size_t n) {
  const Parameter& p = set.parameters[index];
  ParameterTable& table = parameter_tables[index];
  if (!table.made) {
    table.made = table.complete = true;
    for (std::size_t k = 0; k < p.by_value.size(); ++k) {
      const Val x = parameter_value(p, Val{VK::category, static_cast<std::int64_t>(k), nullptr});
      table.complete = table.complete && !absent(x);
      table.value.push_back(x.i);
    }
  }
  if (table.complete && key.tag == nullptr && !table.value.empty() && table.value.size() <= 4) {
    // A few categories (areas, kinds of place), every key known: selects, which vectorise
    // where a lookup per row does not.
    std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
    const std::int64_t* __restrict const kv = key.v;
    const std::vector<std::int64_t>& t = table.value;
    const std::int64_t t0 = t[0], t1 = t[t.size() > 1 ? 1 : 0], t2 = t[t.size() > 2 ? 2 : 0], t3 = t[t.size() > 3 ? 3 : 0];
    const auto size = static_cast<std::uint64_t>(t.size());
    std::uint64_t outside = 0;
    for (std::size_t r = 0; r < n; ++r) {
      const auto code = static_cast<std::uint64_t>(kv[r]);
      outside |= static_cast<std::uint64_t>(code >= size);
      v[r] = code == 1 ? t1 : code == 2 ? t2 : code == 3 ? t3 : t0;
    }
    if (outside == 0) return Col{v, nullptr, nullptr};
  } else if (table.complete) {
    std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
    const std::int64_t* __restrict const kv = key.v;
    const std::int64_t* __restrict const tv = table.value.data();
    const auto size = static_cast<std::uint64_t>(table.value.size());
    bool in_range = true;
    for (std::size_t r = 0; r < n; ++r) {
      const auto code = static_cast<std::uint64_t>(kv[r]);
      const bool absent_key = key.absent(r), ok = code < size;
      in_range &= ok || absent_key;
      v[r] = absent_key ? kv[r] : tv[ok ? code : 0];
    }
    if (in_range) return Col{v, key.tag, nullptr};
  }
  ColWriter out(arena, n, false);
  for (std::size_t r = 0; r < n; ++r) out.put(r, parameter_value(p, key.at(r, VK::category)));
  return out.col();
}

HOCTAP_VECTOR_CLONES
inline Col BlockState::logic(const Expr& e, const Ctx& c) {
  const std::size_t n = c.rows;
  const Col ea = eval(*e.args[0], c), eb = eval(*e.args[1], c);
  const bool is_and = e.op == Op::and_;
  if (ea.tag == nullptr && eb.tag == nullptr) {  // every entry known: bytes
    std::uint8_t* __restrict const w = arena.take<std::uint8_t>(n);
    with_entries(ea, [&](const auto* xs) HOCTAP_LAMBDA_INLINE {
      with_entries(eb, [&](const auto* ys) HOCTAP_LAMBDA_INLINE {
        const auto* __restrict const x = xs;
        const auto* __restrict const y = ys;
        if (is_and)
          for (std::size_t r = 0; r < n; ++r) w[r] = static_cast<std::uint8_t>((x[r] != 0) & (y[r] != 0));
        else
          for (std::size_t r = 0; r < n; ++r) w[r] = static_cast<std::uint8_t>((x[r] != 0) | (y[r] != 0));
      });
    });
    return Col{nullptr, nullptr, nullptr, w};
  }
  const Col a = words(ea, n), b = words(eb, n);
  ColWriter out(arena, n, false);
  std::int64_t* const v = out.values();
  std::uint8_t* const tag = out.tags();
  const std::int64_t decisive = is_and ? 0 : 1;  // the value that decides alone
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint8_t ta = a.tag_at(r), tb = b.tag_at(r);
    switch (rules::kleene(ta != kValue, (a.v[r] != 0) == (decisive != 0), tb != kValue, (b.v[r] != 0) == (decisive != 0))) {
      case rules::Kleene::decided: v[r] = decisive, tag[r] = kValue; break;
      case rules::Kleene::first: v[r] = a.v[r], tag[r] = ta; break;
      case rules::Kleene::second: v[r] = b.v[r], tag[r] = tb; break;
      case rules::Kleene::undecided: v[r] = 1 - decisive, tag[r] = kValue; break;
    }
  }
  return out.col();
}

inline Col BlockState::choose(const Expr& e, const Ctx& c) {
  const std::size_t n = c.rows;
  const Col cond = eval(*e.args[0], c), yes = eval(*e.args[1], c), no = eval(*e.args[2], c);
  ColWriter out(arena, n, e.type.kind == Type::Kind::text);
  const VK kind = value_kind(e.type);
  for (std::size_t r = 0; r < n; ++r) {
    if (cond.absent(r)) out.put(r, cond.at(r, VK::boolean));
    else out.put(r, cond.truth(r) ? yes.at(r, kind) : no.at(r, kind));
  }
  return out.col();
}

inline bool BlockState::constant(const Expr& e, Val& v) const {
  switch (e.op) {
    case Op::literal: v = literal_value(e); return true;
    case Op::assessment_date: v = Val{VK::date, date.days(), nullptr}; return true;
    case Op::param: {
      const Parameter& p = set.parameters[static_cast<std::size_t>(e.slot)];
      if (p.by_slot >= 0) return false;
      v = parameter_value(p, Val{});
      return true;
    }
    default: return false;
  }
}

template <typename F>
HOCTAP_INLINE_LOOP Col BlockState::keep_absent(const Col& a, std::size_t n, F f) {
  std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
  const std::int64_t* __restrict const x = a.v;
  const std::uint8_t* __restrict const t = a.tag;
  if (t == nullptr)
    for (std::size_t r = 0; r < n; ++r) v[r] = f(x[r]);
  else
    for (std::size_t r = 0; r < n; ++r) v[r] = t[r] != kValue ? x[r] : f(x[r]);
  return Col{v, a.tag, nullptr};
}

template <typename F>
HOCTAP_INLINE_LOOP Col BlockState::both(const Col& a, const Col& b, std::size_t n, F f) {
  std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
  const std::int64_t* __restrict const x = a.v;
  const std::int64_t* __restrict const y = b.v;
  if (a.tag == nullptr && b.tag == nullptr) {
    for (std::size_t r = 0; r < n; ++r) v[r] = f(x[r], y[r]);
    return Col{v, nullptr, nullptr};
  }
  std::uint8_t* __restrict const tag = arena.take<std::uint8_t>(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint8_t ta = a.tag_at(r), tb = b.tag_at(r);
    tag[r] = ta != kValue ? ta : tb;
    v[r] = ta != kValue ? a.v[r] : tb != kValue ? b.v[r] : f(a.v[r], b.v[r]);
  }
  return Col{v, tag, nullptr};
}

template <typename F>
HOCTAP_INLINE_LOOP Col BlockState::comparison(const Expr& e, const Ctx& c, F f) {
  if (bounded_aggregate(*e.args[0]) || bounded_aggregate(*e.args[1])) {
    const Col plain = plain_comparison(e, c, f);
    if (plain.tag == nullptr) return plain;  // every row known (the common case)
    return bounded_comparison(e, c, plain);
  }
  return plain_comparison(e, c, f);
}

inline bool BlockState::whole_operand(const Expr& e, const Ctx& c, WholeOperand& w) const {
  auto in_place = [&](const Expr& x) -> const std::int64_t* {
    const auto slot = static_cast<std::size_t>(x.slot);
    if (c.members != nullptr) return x.op == Op::member_field ? c.members->whole[slot] : nullptr;
    if (x.op != Op::input || whole_top[slot] == nullptr) return nullptr;
    w.unchecked = whole_unchecked[slot] != 0 ? x.slot : -1;
    return whole_top[slot];
  };
  auto whole_constant = [&](const Expr& x, std::int64_t& k) {  // also written negated: `-2 * a`
    const bool negated = x.op == Op::neg;
    Val v;
    if (!constant(negated ? *x.args[0] : x, v) || v.kind != VK::number || v.i % Decimal::kOne != 0) return false;
    k = negated ? -(v.i / Decimal::kOne) : v.i / Decimal::kOne;
    return true;
  };
  w.unchecked = -1;
  if ((w.x = in_place(e)) != nullptr) {
    w.k = 1;
    return true;
  }
  if (e.op == Op::mul) {
    for (std::size_t side = 0; side < 2; ++side) {
      std::int64_t k = 0;
      if (whole_constant(*e.args[side], k) && k >= -kWholeFactor && k <= kWholeFactor && (w.x = in_place(*e.args[1 - side])) != nullptr) {
        w.k = k;
        return true;
      }
    }
    return false;
  }
  w.x = nullptr;
  return whole_constant(e, w.k);
}

namespace {

// o[r] = f(x[r] * kx, y[r] * ky) for n rows, x or y null for the constant kx or ky, and
// the count of rows whose x is outside [lx, hx] or y outside [ly, hy] (with kCheck). A
// factor of 1 (the common operand, a count itself) is not multiplied by (kTimes false);
// another is a 32-bit by 32-bit multiply to 64 bits (both fit: |x| < 2^31, |k| <=
// kWholeFactor), one instruction a lane where a 64-bit multiply is several. Every value
// a parameter, none captured by reference: a byte store may alias anything reached
// through a reference, which kept the loop scalar.
template <bool kCheck, bool kTimes, typename F>
HOCTAP_INLINE_LOOP std::uint64_t compare_wholes(std::uint8_t* __restrict o, const std::int64_t* __restrict x, std::int64_t kx,
                                                const std::int64_t* __restrict y, std::int64_t ky, std::size_t n, std::int64_t lx,
                                                std::int64_t hx, std::int64_t ly, std::int64_t hy, F f) {
  auto times = [](std::int64_t v, std::int64_t k) HOCTAP_LAMBDA_INLINE {
    if constexpr (!kTimes) return v;
    else return static_cast<std::int64_t>(static_cast<std::int32_t>(v)) * static_cast<std::int64_t>(static_cast<std::int32_t>(k));
  };
  std::uint64_t outside = 0;
  if (x != nullptr && y != nullptr) {
    for (std::size_t r = 0; r < n; ++r) {
      const std::int64_t a = x[r], b = y[r];
      o[r] = static_cast<std::uint8_t>(f(times(a, kx), times(b, ky)));
      if constexpr (kCheck) outside += static_cast<std::uint64_t>((a < lx) | (a > hx) | (b < ly) | (b > hy));
    }
  } else if (x != nullptr) {
    for (std::size_t r = 0; r < n; ++r) {
      const std::int64_t a = x[r];
      o[r] = static_cast<std::uint8_t>(f(times(a, kx), ky));
      if constexpr (kCheck) outside += static_cast<std::uint64_t>((a < lx) | (a > hx));
    }
  } else {
    for (std::size_t r = 0; r < n; ++r) {
      const std::int64_t b = y[r];
      o[r] = static_cast<std::uint8_t>(f(kx, times(b, ky)));
      if constexpr (kCheck) outside += static_cast<std::uint64_t>((b < ly) | (b > hy));
    }
  }
  return outside;
}

}  // namespace

template <typename F>
HOCTAP_INLINE_LOOP Col BlockState::whole_comparison(const WholeOperand& a, const WholeOperand& b, std::size_t n, F f) {
  std::uint8_t* const o = arena.take<std::uint8_t>(n);
  // Unchecked operands' values outside their bounds are counted in the same loop (an
  // operand checked already, or a constant, has bounds nothing is outside of).
  auto low_of = [&](const WholeOperand& w) HOCTAP_LAMBDA_INLINE { return w.unchecked >= 0 ? whole_low[static_cast<std::size_t>(w.unchecked)] : INT64_MIN; };
  auto high_of = [&](const WholeOperand& w) HOCTAP_LAMBDA_INLINE { return w.unchecked >= 0 ? whole_high[static_cast<std::size_t>(w.unchecked)] : INT64_MAX; };
  const bool check = a.unchecked >= 0 || b.unchecked >= 0;
  // Factors of 1 where an operand is read (a constant's is its value, not multiplied by).
  const bool ones = (a.x == nullptr || a.k == 1) && (b.x == nullptr || b.k == 1);
  auto run = [&](auto kcheck, auto ktimes) HOCTAP_LAMBDA_INLINE {
    return compare_wholes<decltype(kcheck)::value, decltype(ktimes)::value>(o, a.x, a.k, b.x, b.k, n, low_of(a), high_of(a), low_of(b),
                                                                            high_of(b), f);
  };
  std::uint64_t outside = 0;
  if (!check) outside = ones ? run(std::false_type{}, std::false_type{}) : run(std::false_type{}, std::true_type{});
  else outside = ones ? run(std::true_type{}, std::false_type{}) : run(std::true_type{}, std::true_type{});
  if (outside == 0) {  // within bounds: in place for every later reader too
    for (const WholeOperand* w : {&a, &b})
      if (w->unchecked >= 0) whole_unchecked[static_cast<std::size_t>(w->unchecked)] = 0;
    return Col{nullptr, nullptr, nullptr, o};
  }
  for (const WholeOperand* w : {&a, &b})
    if (w->unchecked >= 0) check_whole(static_cast<std::size_t>(w->unchecked));
  return Col{};
}

template <typename F>
HOCTAP_INLINE_LOOP Col BlockState::plain_comparison(const Expr& e, const Ctx& c, F f) {
  const std::size_t n = c.rows;
  WholeOperand wa, wb;
  if (whole_operand(*e.args[0], c, wa) && whole_operand(*e.args[1], c, wb) && (wa.x != nullptr || wb.x != nullptr)) {
    const Col in_place = whole_comparison(wa, wb, n, f);
    if (in_place.b != nullptr) return in_place;
  }
  const Col a = words(eval(*e.args[0], c), n);
  Val b;
  if (constant(*e.args[1], b)) {  // read once, not spread into a column
    if (absent(b)) {
      ColWriter out(arena, n, false);
      for (std::size_t r = 0; r < n; ++r) out.put(r, a.absent(r) ? a.at(r, VK::boolean) : b);
      return out.col();
    }
    const std::int64_t k = b.i;
    if (a.tag == nullptr) {  // every entry known: bytes
      std::uint8_t* __restrict const o = arena.take<std::uint8_t>(n);
      const std::int64_t* __restrict const x = a.v;
      for (std::size_t r = 0; r < n; ++r) o[r] = static_cast<std::uint8_t>(f(x[r], k));
      return Col{nullptr, nullptr, nullptr, o};
    }
    return keep_absent(a, n, [&](std::int64_t x) -> std::int64_t { return f(x, k); });
  }
  const Col y = words(eval(*e.args[1], c), n);
  if (a.tag == nullptr && y.tag == nullptr) {
    std::uint8_t* __restrict const o = arena.take<std::uint8_t>(n);
    const std::int64_t* __restrict const xv = a.v;
    const std::int64_t* __restrict const yv = y.v;
    for (std::size_t r = 0; r < n; ++r) o[r] = static_cast<std::uint8_t>(f(xv[r], yv[r]));
    return Col{nullptr, nullptr, nullptr, o};
  }
  return both(a, y, n, [&](std::int64_t x, std::int64_t z) -> std::int64_t { return f(x, z); });
}

HOCTAP_VECTOR_CLONES
inline Col BlockState::apply(const Expr& e, const Ctx& c) {
  const std::size_t n = c.rows, k = e.args.size();
  const bool text = k > 0 && e.args[0]->type.kind == Type::Kind::text;  // compared as bytes, not words
  if (!text) {
    switch (e.op) {
      case Op::eq: return comparison(e, c, Compare<Op::eq>{});
      case Op::ne: return comparison(e, c, Compare<Op::ne>{});
      case Op::lt: return comparison(e, c, Compare<Op::lt>{});
      case Op::le: return comparison(e, c, Compare<Op::le>{});
      case Op::gt: return comparison(e, c, Compare<Op::gt>{});
      case Op::ge: return comparison(e, c, Compare<Op::ge>{});
      case Op::not_: {
        const Col a = eval(*e.args[0], c);
        if (a.tag == nullptr) {  // every entry known: bytes
          std::uint8_t* __restrict const o = arena.take<std::uint8_t>(n);
          with_entries(a, [&](const auto* xs) HOCTAP_LAMBDA_INLINE {
            const auto* __restrict const x = xs;
            for (std::size_t r = 0; r < n; ++r) o[r] = static_cast<std::uint8_t>(x[r] == 0);
          });
          return Col{nullptr, nullptr, nullptr, o};
        }
        return keep_absent(words(a, n), n, [](std::int64_t x) -> std::int64_t { return x == 0; });
      }
      case Op::neg: return keep_absent(eval(*e.args[0], c), n, [](std::int64_t x) { return -x; });
      case Op::add:
        return both(eval(*e.args[0], c), eval(*e.args[1], c), n,
                    [](std::int64_t x, std::int64_t y) { return rules::add(x, y); });
      case Op::sub:
        return both(eval(*e.args[0], c), eval(*e.args[1], c), n,
                    [](std::int64_t x, std::int64_t y) { return rules::sub(x, y); });
      case Op::mul: {
        const Col scaled = scaled_by_whole(e, c);
        if (scaled.v != nullptr) return scaled;  // a product is words: a null v says it was not made
        break;
      }
      default: break;
    }
  }
  Col a[kMaxOperatorArgs];
  VK kinds[kMaxOperatorArgs];
  for (std::size_t i = 0; i < k; ++i) {
    a[i] = eval(*e.args[i], c);
    kinds[i] = value_kind(e.args[i]->type);
  }
  ColWriter out(arena, n, e.type.kind == Type::Kind::text);
  Val args[kMaxOperatorArgs];
  for (std::size_t r = 0; r < n; ++r) {
    std::size_t i = 0;
    while (i < k && !a[i].absent(r)) {
      args[i] = a[i].at(r, kinds[i]);
      ++i;
    }
    out.put(r, i < k ? a[i].at(r, kinds[i]) : apply_operator(e, args));
  }
  return out.col();
}

HOCTAP_VECTOR_CLONES
inline Col BlockState::scaled_by_whole(const Expr& e, const Ctx& c) {
  Val k;
  int column_side = -1;
  if (constant(*e.args[1], k)) column_side = 0;
  else if (constant(*e.args[0], k)) column_side = 1;
  if (column_side < 0 || absent(k) || k.i % Decimal::kOne != 0) return Col{};
  const Col a = eval(*e.args[static_cast<std::size_t>(column_side)], c);
  const std::size_t n = c.rows;
  const std::int64_t w = k.i / Decimal::kOne, limit = rules::whole_factor_limit(w);
  std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
  const std::int64_t* __restrict const x = a.v;
  // Overflows counted in a 64-bit word, not or-ed into a bool: the loop then vectorises.
  std::uint64_t overflow = 0;
  if (a.tag == nullptr) {
    for (std::size_t r = 0; r < n; ++r) {
      std::int64_t p = 0;
      overflow += !rules::product_by_whole(x[r], w, limit, p);
      v[r] = p;
    }
  } else {
    const std::uint8_t* __restrict const t = a.tag;
    for (std::size_t r = 0; r < n; ++r) {
      std::int64_t p = 0;
      const bool ok = rules::product_by_whole(x[r], w, limit, p);
      v[r] = t[r] != kValue ? x[r] : p;  // an absent operand is the result (code kept)
      overflow += (t[r] == kValue) & !ok;
    }
  }
  return overflow != 0 ? Col{} : Col{v, a.tag, nullptr};
}

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

HOCTAP_VECTOR_CLONES
inline const BlockState::ListCounters& BlockState::count_members(int l) {
  ListCounters& lc = list_counters[static_cast<std::size_t>(l)];
  if (lc.block == block_number) return lc;
  lc.block = block_number;
  const ListBlock& lb = lists[static_cast<std::size_t>(l)];
  const std::size_t n = rows, m = lb.rows;
  const Ctx mc{m, &lb, l, nullptr};
  const std::size_t counters = lc.counters.size();
  lc.lane.assign(counters, -1);
  int lanes = 0;
  // Per member, its lanes' bits; then per word, one pass adding them into the rows.
  std::vector<std::uint64_t*>& bits = lc.member_bits;
  bits.clear();
  for (std::size_t k = 0; k < counters; ++k) {
    const Counter& counter = lc.counters[k];
    const Col filter = counter.filter != nullptr ? eval(*counter.filter, mc) : Col{};
    const Col body = counter.body != nullptr ? eval(*counter.body, mc) : Col{};
    if (filter.tag != nullptr || body.tag != nullptr) continue;  // aggregate's own path, the rules for unknowns
    const int lane = lanes++;
    lc.lane[k] = lane;
    const bool first = lane % 4 == 0;  // a word's first lane writes it, the others add their bits
    if (first) bits.push_back(arena.take<std::uint64_t>(m));
    std::uint64_t* __restrict const b = bits.back();
    const unsigned shift = 16 * static_cast<unsigned>(lane % 4);
    // fv, bv: the filter's and the body's entries (bytes or words; unread when `filtered`
    // is false, or for `selected`)
    auto mark = [&](const auto* __restrict fv, const auto* __restrict bv, auto filtered, auto kind, auto writes) HOCTAP_LAMBDA_INLINE {
      for (std::size_t j = 0; j < m; ++j) {
        std::uint64_t bit = 1;
        if constexpr (decltype(filtered)::value) bit = std::uint64_t{fv[j] != 0};
        if constexpr (decltype(kind)::value == Counter::yes) bit &= std::uint64_t{bv[j] != 0};
        if constexpr (decltype(kind)::value == Counter::no) bit &= std::uint64_t{bv[j] == 0};
        if constexpr (decltype(writes)::value) b[j] = bit;  // lane 0: no shift
        else b[j] |= bit << shift;
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
  for (const std::uint64_t* member_bits : bits) {
    const std::uint64_t* __restrict const b = member_bits;
    std::uint64_t* __restrict const word = arena.take<std::uint64_t>(n);
    std::fill(word, word + n, 0);
    // A row's members follow one another: their sum is kept in a register and stored at
    // every member (the row's last store holds it all), rather than added into memory,
    // where each add of a row's next member waited for the store before it. The sum
    // restarts at a row's first member by a mask, not a branch: where a household's
    // members end follows no pattern a branch predictor learns.
    std::uint64_t sum = 0;
    std::uint32_t row = UINT32_MAX;
    for (std::size_t j = 0; j < m; ++j) {
      const std::uint32_t p = parent[j];
      const std::uint64_t same_row = 0 - static_cast<std::uint64_t>(p == row);
      sum = (sum & same_row) + b[j];
      word[p] = sum;
      row = p;
    }
    lc.words.push_back(static_cast<const std::uint64_t*>(word));
  }
  return lc;
}

HOCTAP_VECTOR_CLONES
inline Col BlockState::aggregate(const Expr& e, const Ctx& c) {
  const int slot = e.args[0]->slot;
  const auto l = list_of_slot[static_cast<std::size_t>(slot)];
  const ListBlock& lb = lists[static_cast<std::size_t>(l)];
  const std::size_t n = c.rows, m = lb.rows;
  if (!lb.present) return input(slot, c);  // the list's missing value
  const Ctx mc{m, &lb, l, c.total};
  const bool has_filter = e.args[1] != nullptr, has_body = e.args[2] != nullptr;
  const Col filter = has_filter ? eval(*e.args[1], mc) : Col{};
  const Col body = has_body ? eval(*e.args[2], mc) : Col{};
  std::int64_t* __restrict const selected = arena.take<std::int64_t>(n);
  std::int64_t* __restrict const yes = arena.take<std::int64_t>(n);
  std::int64_t* __restrict const no = arena.take<std::int64_t>(n);
  std::int64_t* __restrict const sum = arena.take<std::int64_t>(n);
  const std::uint32_t* __restrict const parent = lb.parent.data();
  if (filter.tag == nullptr && body.tag == nullptr && e.shape >= 0 && m <= 0xFFFF) {  // the list's counters, when counted (lanes hold up to 0xFFFF)
    const std::array<int, 3>& of = counters_of[static_cast<std::size_t>(e.shape)];
    if (shares_counters(of)) {
      const ListCounters& lc = count_members(l);
      std::int64_t* const out[3] = {selected, yes, no};
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
      for (int kind = 0; counted && kind < 3; ++kind) {
        if (of[static_cast<std::size_t>(kind)] == -1) continue;
        const std::pair<const std::uint64_t*, unsigned> lane = lane_of(kind);
        const std::uint64_t* __restrict const w = lane.first;
        const unsigned shift = lane.second;
        std::int64_t* __restrict const to = out[kind];
        for (std::size_t r = 0; r < n; ++r) to[r] = static_cast<std::int64_t>((w[r] >> shift) & 0xFFFF);
      }
      if (counted) return reduce(e.op, n, selected, yes, no, sum);
    }
  }
  if (filter.tag == nullptr && body.tag == nullptr) {  // no unknowns: counts only, branch-free
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

inline const Bounds* BlockState::bounds_of(const Col& col) const {
  // Bounded aggregates (count, share, sum) are words; a bytes column's null v matches none.
  for (const auto& [v, b] : bounded)
    if (v == col.v) return b;
  return nullptr;
}

inline Col BlockState::bounded_comparison(const Expr& e, const Ctx& c, const Col& plain) {
  const std::size_t n = c.rows;
  const Col a = eval(*e.args[0], c), b = eval(*e.args[1], c);
  const Bounds* const ba = bounds_of(a);
  const Bounds* const bb = bounds_of(b);
  if (ba == nullptr && bb == nullptr) return plain;  // no bounds: the first absent operand, as plain has it
  const VK ka = value_kind(e.args[0]->type), kb = value_kind(e.args[1]->type);
  ColWriter out(arena, n, false);
  Val v[2];
  Bounds w[2];
  for (std::size_t r = 0; r < n; ++r) {
    if (!plain.absent(r)) {  // both operands known: the plain comparison's value
      out.put(r, Val{VK::boolean, plain.word(r), nullptr});
      continue;
    }
    v[0] = a.at(r, ka), v[1] = b.at(r, kb);
    w[0] = ba != nullptr ? ba[r] : Bounds{}, w[1] = bb != nullptr ? bb[r] : Bounds{};
    out.put(r, apply_comparison(e, v, w));
  }
  return out.col();
}

HOCTAP_VECTOR_CLONES
inline Col BlockState::reduce(Op op, std::size_t n, const std::int64_t* selected, const std::int64_t* yes, const std::int64_t* no,
                             const std::int64_t* sum) {
  if (op != Op::share) {
    const std::int64_t* __restrict const c = op == Op::count ? selected : op == Op::sum ? sum : op == Op::all ? no : yes;
    return value_of_counter(arena, op, n, [c](std::size_t r) HOCTAP_LAMBDA_INLINE { return c[r]; });
  }
  // share: the rule's quotient where members were selected, a lookup below kMembers
  // (yes <= selected); over no one, the rule's value for an empty share, chosen without
  // a branch; the rare rows of kMembers selected or more then one by one.
  const AggregateCounts none;
  const Val empty = aggregate_value(op, none);
  const std::int64_t empty_word = empty.i;
  const std::uint8_t empty_tag = tag_of(empty);
  std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
  std::uint8_t* __restrict const tag = arena.take<std::uint8_t>(n);
  const std::uint32_t* __restrict const table = small_shares().units.data();
  std::size_t many = 0;
  std::uint8_t any_absent = 0;
  for (std::size_t r = 0; r < n; ++r) {  // the words; the tags below, a loop of their own width
    const std::int64_t sel = selected[r];
    const bool small = sel < SmallShares::kMembers;
    const std::int64_t q = table[small ? static_cast<std::size_t>(sel * SmallShares::kMembers + yes[r]) : 0];
    v[r] = sel == 0 ? empty_word : q;
    many += !small;
  }
  for (std::size_t r = 0; r < n; ++r) {
    tag[r] = selected[r] == 0 ? empty_tag : kValue;
    any_absent |= tag[r];
  }
  for (std::size_t r = 0; many != 0 && r < n; ++r) {
    if (selected[r] < SmallShares::kMembers) continue;
    --many;
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
