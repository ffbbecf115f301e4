// Expressions over a block's columns: an operator a loop over the block (member
// aggregates: block_members.cpp).
#include "evaluate/block_state.hpp"

#include <type_traits>

#include "evaluate/rules.hpp"
#include "util/clones.hpp"

namespace hoctap::block_eval {

namespace {

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
  if (table.complete && !table.value.empty() && table.value.size() <= 4) {
    // A few categories (areas, kinds of place): selects, which vectorise where a lookup per
    // row does not. A key's absent entry keeps its word and tag, as below.
    std::int64_t* __restrict const v = arena.take<std::int64_t>(n);
    const std::int64_t* __restrict const kv = key.v;
    const std::vector<std::int64_t>& t = table.value;
    const std::int64_t t0 = t[0], t1 = t[t.size() > 1 ? 1 : 0], t2 = t[t.size() > 2 ? 2 : 0], t3 = t[t.size() > 3 ? 3 : 0];
    const auto size = static_cast<std::uint64_t>(t.size());
    std::uint64_t outside = 0;
    if (key.tag == nullptr) {
      for (std::size_t r = 0; r < n; ++r) {
        const auto code = static_cast<std::uint64_t>(kv[r]);
        outside |= static_cast<std::uint64_t>(code >= size);
        v[r] = code == 1 ? t1 : code == 2 ? t2 : code == 3 ? t3 : t0;
      }
    } else {
      const std::uint8_t* __restrict const tag = key.tag;
      for (std::size_t r = 0; r < n; ++r) {
        const auto code = static_cast<std::uint64_t>(kv[r]);
        const bool absent_key = tag[r] != kValue;
        outside |= static_cast<std::uint64_t>(!absent_key & (code >= size));
        const std::int64_t found = code == 1 ? t1 : code == 2 ? t2 : code == 3 ? t3 : t0;
        v[r] = absent_key ? kv[r] : found;
      }
    }
    if (outside == 0) return Col{v, key.tag, nullptr};
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
    if (c.members != nullptr) {
      if (x.op != Op::member_field || c.members->whole[slot] == nullptr) return nullptr;
      const std::size_t id = first_member_check[static_cast<std::size_t>(c.list)] + slot;
      w.unchecked = whole_unchecked[id] != 0 ? static_cast<int>(id) : -1;
      return c.members->whole[slot];
    }
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


}  // namespace hoctap::block_eval
