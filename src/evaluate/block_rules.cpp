// The rule tree over a block: each node's points, high and status as columns, then the
// totals, floors, knock-outs, thresholds and grades; every rule is rules.hpp's.
#include "evaluate/block_state.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "evaluate/evaluate.hpp"
#include "evaluate/rules.hpp"
#include "util/clones.hpp"
#include "util/numeric.hpp"

// Loops read and write through local __restrict pointers: a store through a byte pointer
// may alias anything, so without them the compiler reloads every vector's data pointer
// per row and vectorizes nothing.
namespace hoctap::block_eval {

namespace {

// Calls f(digits, mode) with a formula's rounding as compile-time constants (digits as
// round_to reads them: below 0 as 0, 6 and more as 6), so that the rule's loop divides by
// a constant step and picks the mode once, not per row.
template <int kDigits, typename F>
HOCTAP_INLINE_LOOP void with_mode(Rounding mode, F& f) {
  using R = Rounding;
  switch (mode) {
    case R::half_up: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::half_up>{}); break;
    case R::half_even: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::half_even>{}); break;
    case R::floor: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::floor>{}); break;
    case R::ceil: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::ceil>{}); break;
    case R::truncate: f(std::integral_constant<int, kDigits>{}, std::integral_constant<R, R::truncate>{}); break;
  }
}
template <typename F>
HOCTAP_INLINE_LOOP void with_rounding(int digits, Rounding mode, F f) {
  static_assert(Decimal::kDigits == 6, "one case per number of places");
  switch (digits <= 0 ? 0 : digits >= Decimal::kDigits ? Decimal::kDigits : digits) {
    case 0: with_mode<0>(mode, f); break;
    case 1: with_mode<1>(mode, f); break;
    case 2: with_mode<2>(mode, f); break;
    case 3: with_mode<3>(mode, f); break;
    case 4: with_mode<4>(mode, f); break;
    case 5: with_mode<5>(mode, f); break;
    default: with_mode<6>(mode, f); break;
  }
}

// Adds kTake columns (1 to 4) into d in one pass: onto d's entries unless kFirst, capped
// when kLast. With kStatuses (a first and last pass), also writes into `seen` the status
// bits of the children the columns are the points of, each met when its points reach
// need[i] (status_for_parent): one pass over the children's points for both.
template <std::size_t kTake, bool kFirst, bool kLast, bool kStatuses = false>
HOCTAP_INLINE_LOOP void add_columns(std::int64_t* __restrict const d, const std::int64_t* const* of, std::size_t n, std::int64_t max,
                                    std::uint8_t* __restrict const seen = nullptr, const std::int64_t* need = nullptr) {
  static_assert(!kStatuses || (kFirst && kLast), "statuses from every child in one pass");
  const std::int64_t* __restrict const a = of[0];
  const std::int64_t* __restrict const b = kTake > 1 ? of[1] : of[0];
  const std::int64_t* __restrict const c = kTake > 2 ? of[2] : of[0];
  const std::int64_t* __restrict const e = kTake > 3 ? of[3] : of[0];
  std::int64_t na = 0, nb = 0, nc = 0, ne = 0;
  if constexpr (kStatuses) na = need[0], nb = need[kTake > 1 ? 1 : 0], nc = need[kTake > 2 ? 2 : 0], ne = need[kTake > 3 ? 3 : 0];
  auto bit = [](std::int64_t points, std::int64_t at_least) HOCTAP_LAMBDA_INLINE { return rules::status_bit(rules::points_status(points, at_least)); };
  for (std::size_t r = 0; r < n; ++r) {
    std::int64_t s = kFirst ? a[r] : d[r] + a[r];
    if constexpr (kTake > 1) s += b[r];
    if constexpr (kTake > 2) s += c[r];
    if constexpr (kTake > 3) s += e[r];
    d[r] = kLast ? rules::cap(s, max) : s;
    if constexpr (kStatuses) {
      unsigned bits = bit(a[r], na);
      if constexpr (kTake > 1) bits |= bit(b[r], nb);
      if constexpr (kTake > 2) bits |= bit(c[r], nc);
      if constexpr (kTake > 3) bits |= bit(e[r], ne);
      seen[r] = static_cast<std::uint8_t>(bits);
    }
  }
}
template <bool kFirst, bool kLast, bool kStatuses = false>
HOCTAP_INLINE_LOOP void add_columns(std::size_t take, std::int64_t* __restrict const d, const std::int64_t* const* of, std::size_t n, std::int64_t max,
                                    std::uint8_t* __restrict const seen = nullptr, const std::int64_t* need = nullptr) {
  switch (take) {
    case 1: add_columns<1, kFirst, kLast, kStatuses>(d, of, n, max, seen, need); break;
    case 2: add_columns<2, kFirst, kLast, kStatuses>(d, of, n, max, seen, need); break;
    case 3: add_columns<3, kFirst, kLast, kStatuses>(d, of, n, max, seen, need); break;
    default: add_columns<4, kFirst, kLast, kStatuses>(d, of, n, max, seen, need); break;
  }
}
// Each row's points from kCases (2 to 4) cases whose conditions are bytes known on every
// row that reads them (indicator's where_applies): the first case that holds
// (rules::case_step) gives its points, none `otherwise`.
// One loop, where the general path takes one per case, each writing the points and the
// rows still trying.
template <std::size_t kCases>
HOCTAP_INLINE_LOOP void case_chain(std::int64_t* __restrict const g, const std::uint8_t* const* when, const std::int64_t* points,
                                   std::int64_t otherwise, std::size_t n) {
  static_assert(kCases >= 2 && kCases <= 4, "two to four cases");
  const std::uint8_t* __restrict const a = when[0];
  const std::uint8_t* __restrict const b = when[1];
  const std::uint8_t* __restrict const c = when[kCases > 2 ? 2 : 0];
  const std::uint8_t* __restrict const d = when[kCases > 3 ? 3 : 0];
  const std::int64_t pa = points[0], pb = points[1], pc = points[kCases > 2 ? 2 : 0], pd = points[kCases > 3 ? 3 : 0];
  auto take = [](std::uint8_t w) HOCTAP_LAMBDA_INLINE { return rules::case_step(false, w != 0) == rules::Case::take; };
  for (std::size_t r = 0; r < n; ++r) {  // from the last case to the first: the first that holds is the last select
    std::int64_t x = otherwise;
    if constexpr (kCases > 3) x = take(d[r]) ? pd : x;
    if constexpr (kCases > 2) x = take(c[r]) ? pc : x;
    x = take(b[r]) ? pb : x;
    g[r] = take(a[r]) ? pa : x;
  }
}

// Each row's decision where its total is certain (the highest it could have too) and the
// threshold t known: rules::threshold_verdict's, which then never leaves a row open, and
// with kFails failed also where another rule failed the row (F). One loop.
template <bool kFails>
HOCTAP_INLINE_LOOP void certain_decisions(std::uint8_t* __restrict D, const std::int64_t* __restrict total, const std::int64_t* __restrict t,
                                          const std::uint8_t* __restrict F, std::size_t n) {
  for (std::size_t r = 0; r < n; ++r) {
    const rules::Verdict verdict = rules::threshold_verdict(total[r], total[r], t[r]);
    bool failed = rules::fails(verdict);
    if constexpr (kFails) failed = failed | (F[r] != 0);
    D[r] = rules::decision(failed, rules::leaves_open(verdict));
  }
}

// The threshold `x`'s verdict per row, from the certain and the highest totals, into F
// and X: assigned when kFirst (no rule marked them before), else or-ed in.
template <bool kFirst>
HOCTAP_INLINE_LOOP void threshold_verdicts(const Col& x, const std::int64_t* __restrict low, const std::int64_t* __restrict hi,
                                           std::uint8_t* __restrict F, std::uint8_t* __restrict X, std::size_t n) {
  auto mark = [&](std::size_t r, rules::Verdict v) HOCTAP_LAMBDA_INLINE {
    if constexpr (kFirst) F[r] = rules::fails(v), X[r] = rules::leaves_open(v);
    else F[r] |= rules::fails(v), X[r] |= rules::leaves_open(v);
  };
  const std::int64_t* __restrict const t = x.v;
  if (x.tag == nullptr) {
    for (std::size_t r = 0; r < n; ++r) mark(r, rules::threshold_verdict(low[r], hi[r], t[r]));
    return;
  }
  for (std::size_t r = 0; r < n; ++r) mark(r, x.tag[r] != kValue ? rules::kOpenVerdict : rules::threshold_verdict(low[r], hi[r], t[r]));
}

// d = cap(the sum of the columns `of`, max) over n entries (points and highs of a
// criterion or of the set): up to four columns a pass, the last pass capping, so that d
// is written as few times as it can be and no pass only copies or only caps. (Sums
// include children that do not apply.)
HOCTAP_INLINE_LOOP void sum_capped(std::int64_t* __restrict const d, const std::vector<const std::int64_t*>& of, std::size_t n, std::int64_t max) {
  const std::size_t kids = of.size();
  if (kids == 0) {
    std::fill(d, d + n, rules::cap(0, max));
    return;
  }
  if (kids <= 4) {
    add_columns<true, true>(kids, d, of.data(), n, max);
    return;
  }
  add_columns<4, true, false>(d, of.data(), n, max);
  std::size_t c = 4;
  for (; kids - c > 4; c += 4) add_columns<4, false, false>(d, of.data() + c, n, max);
  add_columns<false, true>(kids - c, d, of.data() + c, n, max);
}

}  // namespace

HOCTAP_VECTOR_CLONES
inline void BlockState::indicator(int i, const Ctx& c) {
  const std::size_t n = rows, at = static_cast<std::size_t>(i) * kRows;
  const RuleNode& rn = set.nodes[static_cast<std::size_t>(i)];
  std::int64_t* __restrict const P = node_points[static_cast<std::size_t>(i)];
  std::uint8_t* __restrict const S = node_status[static_cast<std::size_t>(i)];
  std::int64_t* __restrict const H = high.data() + at;
  std::int32_t* __restrict const L = level.data() + at;
  std::int32_t* __restrict const U = unknown_at.data() + at;
  std::uint8_t* __restrict const finished = done.data();
  std::uint8_t* __restrict const going = open.data();
  const std::int64_t max = rn.max.units();
  const auto nlevels = static_cast<std::int32_t>(set.levels.size());
  if (fused_block[static_cast<std::size_t>(i)] == block_number) {  // judged with its criterion (bind_assessed): its points no one else reads
    node_points[static_cast<std::size_t>(i)] = nullptr;
    node_high[static_cast<std::size_t>(i)] = nullptr;
    status_left[static_cast<std::size_t>(i)] = need_status[static_cast<std::size_t>(i)];  // its status bits come with the sum (summed_seen)
    return;
  }
  node_high[static_cast<std::size_t>(i)] = H;
  status_left[static_cast<std::size_t>(i)] = 0;
  bool exact = !set.levels_mode;  // so far no row's high differs from its points
  const PointsRule& pr = rn.points;
  // `finished` is read where applies_when is, by levels and by a formula's rows.
  if (rn.applies_when || set.levels_mode || pr.kind == PointsRule::Kind::formula) std::fill(finished, finished + n, 0);
  if (set.levels_mode) {  // points sets write every row's points below
    std::fill(P, P + n, 0);
    std::fill(H, H + n, 0);
    std::fill(L, L + n, 0);
    std::fill(U, U + n, -1);
  }
  // Where applies_when is known on every row of a points set (known_applies): the rows it
  // does not apply to (`finished`), written with the points below (a select per row).
  bool known_applies = false;
  const rules::NodeState not_applicable = rules::indicator_not_applicable(rn.not_applicable_full, max, nlevels);
  if (rn.applies_when) {
    const Col a = eval(*rn.applies_when.root, c);
    exact = exact && a.tag == nullptr;
    const rules::NodeState cannot_judge = rules::indicator_unknown(max);
    if (a.tag == nullptr && !set.levels_mode) {
      known_applies = true;
      with_entries(a, [&](const auto* as) HOCTAP_LAMBDA_INLINE {
        const auto* __restrict const av = as;
        for (std::size_t r = 0; r < n; ++r) finished[r] = static_cast<std::uint8_t>(av[r] == 0);
      });
    } else {
      for (std::size_t r = 0; r < n; ++r) {
        if (!a.absent(r) && a.truth(r)) continue;
        const rules::NodeState& x = a.absent(r) ? cannot_judge : not_applicable;
        S[r] = x.status;
        P[r] = x.points;
        H[r] = x.high;
        if (set.levels_mode) L[r] = x.level, U[r] = x.unknown_at;
        finished[r] = 1;
      }
    }
  }
  if (set.levels_mode) {
    for (std::size_t r = 0; r < n; ++r) going[r] = !finished[r];
    Col v;  // a level without its own condition repeats the one below
    for (std::int32_t l = 0; l < nlevels; ++l) {
      if (rn.requires[static_cast<std::size_t>(l)]) v = eval(*rn.requires[static_cast<std::size_t>(l)].root, c);
      for (std::size_t r = 0; r < n; ++r) {
        if (!going[r]) continue;
        const bool open_value = v.absent(r);
        going[r] = rules::level_step(open_value, !open_value && v.truth(r), l, L[r], U[r]);
      }
    }
    for (std::size_t r = 0; r < n; ++r)
      if (!finished[r]) S[r] = rules::level_status(L[r], U[r]);
    return;
  }
  Col got;
  // A single case whose condition is bytes, known on every row that reads it: the rows that
  // take it, so that statuses are chosen by a byte rather than worked out from the points.
  const std::uint8_t* took = nullptr;
  std::int64_t took_units = 0, other_units = 0;
  // A condition's column as it matters: the rows settled by applies_when (`finished`: not
  // applicable, or cannot be judged) take their points, high and status whatever their
  // case, so a condition unknown on none of the others is known where it is read (bytes:
  // the cases' loops without tags; its entries on the settled rows are unspecified).
  // Contract of every path after the switch: a settled row's points, high and status are
  // written from not_applicable or cannot_judge, or kept as written above, never from
  // `got` or `took`.
  auto where_applies = [&](const Col& w) HOCTAP_LAMBDA_INLINE {
    if (!rn.applies_when || w.tag == nullptr || w.v == nullptr) return w;
    const std::uint8_t* __restrict const tag = w.tag;
    const std::uint8_t* __restrict const skip = finished;
    std::uint8_t unknown_where_read = 0;
    for (std::size_t r = 0; r < n; ++r) unknown_where_read |= static_cast<std::uint8_t>((tag[r] != kValue) & (skip[r] == 0));
    if (unknown_where_read != 0) return w;
    std::uint8_t* __restrict const o = arena.take<std::uint8_t>(n);
    const std::int64_t* __restrict const x = w.v;
    for (std::size_t r = 0; r < n; ++r) o[r] = static_cast<std::uint8_t>(x[r] != 0);
    return Col{nullptr, nullptr, nullptr, o};
  };
  switch (pr.kind) {
    case PointsRule::Kind::conditions: {
      ColWriter g(arena, n, false);
      std::int64_t* __restrict const gv = g.values();
      const std::int64_t otherwise_units = pr.otherwise->units();
      // Two to four cases over bytes known on every row that reads them: one loop
      // (case_chain). The conditions read here (`tried`) are not read again below.
      const std::size_t cases = pr.cases.size();
      Col conditions[4];
      std::size_t tried = 0;
      if (cases >= 2 && cases <= 4) {
        const std::uint8_t* when[4];
        std::int64_t points_units[4];
        bool bytes = true;
        for (std::size_t k = 0; k < cases && bytes; ++k, ++tried) {
          const Col w = conditions[k] = where_applies(eval(*pr.cases[k].when.root, c));
          bytes = w.tag == nullptr && w.b != nullptr;
          when[k] = w.b;
          points_units[k] = pr.cases[k].points.units();
        }
        if (bytes) {
          switch (cases) {
            case 2: case_chain<2>(gv, when, points_units, otherwise_units, n); break;
            case 3: case_chain<3>(gv, when, points_units, otherwise_units, n); break;
            default: case_chain<4>(gv, when, points_units, otherwise_units, n); break;
          }
          got = g.col();
          break;
        }
      }
      bool first = true;
      for (std::size_t k = 0; k < cases; ++k) {
        const PointsRule::Case& cs = pr.cases[k];
        const Col w = k < tried ? conditions[k] : where_applies(eval(*cs.when.root, c));
        const std::int64_t points_units = cs.points.units();
        if (first && w.tag == nullptr) {  // every row still trying: the first case starts the columns
          if (pr.cases.size() == 1 && w.b != nullptr) took = w.b, took_units = points_units, other_units = otherwise_units;
          with_entries(w, [&](const auto* ws) HOCTAP_LAMBDA_INLINE {
            const auto* __restrict const wv = ws;
            auto take = [&](std::size_t r) HOCTAP_LAMBDA_INLINE { return rules::case_step(false, wv[r] != 0) == rules::Case::take; };
            for (std::size_t r = 0; r < n; ++r) gv[r] = take(r) ? points_units : otherwise_units;
            if (pr.cases.size() > 1)  // the rows still trying, for the cases after this one: a loop of their own width
              for (std::size_t r = 0; r < n; ++r) going[r] = static_cast<std::uint8_t>(!take(r));
          });
          first = false;
          continue;
        }
        if (first) {
          std::fill(gv, gv + n, otherwise_units);
          std::fill(going, going + n, 1);
          first = false;
        }
        if (w.tag == nullptr) {
          with_entries(w, [&](const auto* ws) HOCTAP_LAMBDA_INLINE {
            const auto* __restrict const wv = ws;
            for (std::size_t r = 0; r < n; ++r) {  // & not &&: no branch, the loop vectorises
              const std::uint8_t still = going[r];
              const std::uint8_t hit = still & static_cast<std::uint8_t>(rules::case_step(false, wv[r] != 0) == rules::Case::take);
              gv[r] = hit ? points_units : gv[r];
              going[r] = still & static_cast<std::uint8_t>(hit ^ 1);
            }
          });
          continue;
        }
        std::uint8_t* __restrict const gt = g.tags();
        for (std::size_t r = 0; r < n; ++r) {
          if (!going[r]) continue;
          switch (rules::case_step(w.tag[r] != kValue, w.v[r] != 0)) {  // tags: words
            case rules::Case::unknown: gv[r] = w.v[r], gt[r] = w.tag[r], going[r] = 0; break;
            case rules::Case::take: gv[r] = points_units, going[r] = 0; break;
            case rules::Case::next: break;
          }
        }
      }
      if (first) std::fill(gv, gv + n, otherwise_units);  // no case at all
      got = g.col();
      break;
    }
    case PointsRule::Kind::formula: {
      // Every row's points, then a select (no branch): a row that does not apply, or whose
      // formula has no value (it keeps the formula's word and tag), takes the formula's word.
      const Col v = eval(*pr.formula.root, c);
      std::int64_t* __restrict const gv = arena.take<std::int64_t>(n);
      const std::int64_t* __restrict const x = v.v;
      const std::uint8_t* __restrict const skip = finished;
      const std::uint8_t* __restrict const tag = v.tag;  // null: every row has a value
      // Blocks of values below kSmallQuotientLimit (all but the most extreme) round by
      // floor_quotient_small's division, which vectorises. Rows without a value count as 0.
      auto value_at = [&](std::size_t r) HOCTAP_LAMBDA_INLINE { return tag == nullptr || tag[r] == kValue ? x[r] : 0; };
      std::uint64_t large = 0;
      for (std::size_t r = 0; r < n; ++r)
        large |= static_cast<std::uint64_t>(value_at(r)) + static_cast<std::uint64_t>(kSmallQuotientLimit - 1) >=
                 static_cast<std::uint64_t>(2 * kSmallQuotientLimit - 1);
      with_rounding(pr.digits, pr.rounding, [&](auto digits, auto mode) HOCTAP_LAMBDA_INLINE {
        auto judge_all = [&](auto small, auto tagged) HOCTAP_LAMBDA_INLINE {
          std::int64_t* __restrict const to = gv;  // captured pointers lose __restrict
          const std::int64_t* __restrict const from = x;
          const std::uint8_t* __restrict const skipped = skip;
          const std::uint8_t* __restrict const tags = tag;
          for (std::size_t r = 0; r < n; ++r) {
            bool keep = skipped[r] != 0;
            std::int64_t in = from[r];
            if constexpr (decltype(tagged)::value) {  // an absent word (unspecified) is not rounded
              keep = keep | (tags[r] != kValue);
              in = tags[r] != kValue ? 0 : in;
            }
            const std::int64_t p = rules::formula_points<decltype(small)::value>(in, decltype(digits)::value, decltype(mode)::value, max);
            to[r] = keep ? from[r] : p;
          }
        };
        auto with_tags = [&](auto small) HOCTAP_LAMBDA_INLINE {
          if (tag == nullptr) judge_all(small, std::false_type{});
          else judge_all(small, std::true_type{});
        };
        if (large == 0) with_tags(std::true_type{});
        else with_tags(std::false_type{});
      });
      got = Col{gv, tag, nullptr};
      break;
    }
    case PointsRule::Kind::assessed: got = top_column(static_cast<std::size_t>(pr.assessed_slot)); break;
    case PointsRule::Kind::none: got = fill(n, undefined(kUndefinedEmpty)); break;
  }
  const std::int64_t need = indicator_need(set, rn).units();
  const rules::NodeState cannot_judge = rules::indicator_unknown(max);
  auto judge = [&](std::size_t r) {  // selects rather than branches: data decides them
    const bool open_value = got.absent(r);
    P[r] = open_value ? cannot_judge.points : got.v[r];
    H[r] = open_value ? cannot_judge.high : got.v[r];
    S[r] = open_value ? cannot_judge.status : rules::points_status(got.v[r], need);
  };
  if (exact && got.tag == nullptr) {  // every row that applies has its points: high is points
    const std::int64_t* __restrict const g = got.v;
    node_high[static_cast<std::size_t>(i)] = P;
    // The statuses, from the points or, for a single case over bytes, by the byte; rows
    // that do not apply (`applies`: applies_when known on every row) take theirs.
    auto statuses = [&](auto applies) HOCTAP_LAMBDA_INLINE {
      constexpr bool some_skip = decltype(applies)::value;
      if (took != nullptr) {
        const std::uint8_t* __restrict const t = took;
        const std::uint8_t if_taken = rules::points_status(took_units, need), if_not = rules::points_status(other_units, need);
        for (std::size_t r = 0; r < n; ++r) {
          const std::uint8_t x = t[r] != 0 ? if_taken : if_not;
          S[r] = some_skip && finished[r] ? not_applicable.status : x;
        }
        return;
      }
      for (std::size_t r = 0; r < n; ++r) S[r] = some_skip && finished[r] ? not_applicable.status : rules::points_status(g[r], need);
    };
    const bool want_status = need_status[static_cast<std::size_t>(i)] != 0;
    if (!rn.applies_when) {
      if (report_of[static_cast<std::size_t>(i)] < 0) {  // nobody writes the column again this block: read it where it is
        node_points[static_cast<std::size_t>(i)] = const_cast<std::int64_t*>(g);  // this block's arena or a constant column, written by no one
        node_high[static_cast<std::size_t>(i)] = g;
      } else {
        std::memcpy(P, g, n * sizeof *P);
      }
      if (want_status && took == nullptr && status_for_parent[static_cast<std::size_t>(i)]) {
        status_left[static_cast<std::size_t>(i)] = 1;
        status_need[static_cast<std::size_t>(i)] = need;
      } else if (want_status) {
        statuses(std::false_type{});
      }
      return;
    }
    // applies_when known on every row (exact): selects, not `continue`, so the loops vectorise
    for (std::size_t r = 0; r < n; ++r) P[r] = finished[r] ? not_applicable.points : g[r];
    if (want_status) statuses(std::true_type{});
    return;
  }
  if (!rn.applies_when) {
    for (std::size_t r = 0; r < n; ++r) judge(r);
    return;
  }
  if (known_applies) {  // every row judged, then a select for the rows that do not apply: no branch per row
    const std::uint8_t* __restrict const skip = finished;
    for (std::size_t r = 0; r < n; ++r) {
      const bool open_value = got.absent(r);
      const std::int64_t x = got.v[r];
      P[r] = skip[r] ? not_applicable.points : open_value ? cannot_judge.points : x;
      H[r] = skip[r] ? not_applicable.high : open_value ? cannot_judge.high : x;
    }
    for (std::size_t r = 0; r < n; ++r) {
      const std::uint8_t judged = got.absent(r) ? cannot_judge.status : rules::points_status(got.v[r], need);
      S[r] = skip[r] ? not_applicable.status : judged;
    }
    return;
  }
  for (std::size_t r = 0; r < n; ++r)  // the rows that do not apply are settled above
    if (!finished[r]) judge(r);
}

HOCTAP_VECTOR_CLONES
inline void BlockState::criterion(std::size_t k) {
  const std::size_t n = rows, at = k * kRows;
  const RuleNode& rn = set.nodes[k];
  const bool levels = set.levels_mode;
  std::int64_t* __restrict const P = node_points[k];
  std::uint8_t* __restrict const S = node_status[k];
  std::int64_t* __restrict const H = high.data() + at;
  std::int32_t* __restrict const L = level.data() + at;
  std::int32_t* __restrict const U = unknown_at.data() + at;
  std::uint8_t* __restrict const statuses = seen.data();  // per row: a bit per status some child has
  bool exact = !levels;  // every child's high is its points: so is this node's
  for (int child : rn.children) exact = exact && node_high[static_cast<std::size_t>(child)] == node_points[static_cast<std::size_t>(child)];
  const bool want_status = need_status[k] != 0;
  // Added up as its children were bound (bind_assessed), with their status bits when read together.
  const bool summed = summed_block[k] == block_number;
  if (never_capped[k] && exact && !want_status && !summed && report_of[k] < 0) {  // decide adds its children (left_to_total)
    left_to_total[k] = block_number;
    node_points[k] = nullptr;  // written by no one this block
    node_high[k] = nullptr;
    return;
  }
  node_high[k] = exact ? P : H;
  const std::int64_t max = rn.max.units();
  child_columns.clear();
  for (int child : rn.children) child_columns.push_back(node_points[static_cast<std::size_t>(child)]);
  // Up to four children that all left their statuses to this node: their points added up
  // and their statuses worked out in one pass.
  bool together = exact && want_status && !rn.children.empty() && rn.children.size() <= 4;
  std::int64_t needs[4] = {};
  for (std::size_t j = 0; together && j < rn.children.size(); ++j) {
    const auto child = static_cast<std::size_t>(rn.children[j]);
    together = status_left[child] != 0;
    needs[j] = status_need[child];
  }
  const std::uint8_t* const summed_bits = summed && together ? summed_seen[k] : nullptr;
  if (together && summed_bits == nullptr) add_columns<true, true, true>(rn.children.size(), P, child_columns.data(), n, max, statuses, needs);
  else if (!together && !summed) sum_capped(P, child_columns, n, max);
  if (!exact) {
    child_columns.clear();
    for (int child : rn.children) child_columns.push_back(node_high[static_cast<std::size_t>(child)]);
    sum_capped(H, child_columns, n, max);
  }
  if (want_status && !together) std::fill(statuses, statuses + n, 0);
  if (levels) {
    std::fill(L, L + n, static_cast<std::int32_t>(set.levels.size()));
    std::fill(U, U + n, -1);
  }
  const std::size_t children_left = together ? 0 : rn.children.size();  // those whose statuses are still to read
  for (std::size_t j = 0; j < children_left; ++j) {
    const int child = rn.children[j];
    const std::size_t cat = static_cast<std::size_t>(child) * kRows;
    const std::uint8_t* __restrict const CS = node_status[static_cast<std::size_t>(child)];
    if (want_status && status_left[static_cast<std::size_t>(child)]) {  // the child's status from its points (status_for_parent)
      const std::int64_t child_need = status_need[static_cast<std::size_t>(child)];
      const std::int64_t* __restrict const CP = node_points[static_cast<std::size_t>(child)];
      for (std::size_t r = 0; r < n; ++r) statuses[r] |= static_cast<std::uint8_t>(rules::status_bit(rules::points_status(CP[r], child_need)));
    } else if (want_status) {
      for (std::size_t r = 0; r < n; ++r) statuses[r] |= static_cast<std::uint8_t>(rules::status_bit(CS[r]));
    }
    if (!levels) continue;
    const std::int32_t* __restrict const CL = level.data() + cat;
    const std::int32_t* __restrict const CU = unknown_at.data() + cat;
    for (std::size_t r = 0; r < n; ++r) {
      if (CS[r] == st(Status::not_applicable)) continue;
      L[r] = rules::merge_level(L[r], CL[r]);
      U[r] = rules::merge_unknown_at(U[r], CU[r]);
    }
  }
  if (!want_status) return;
  const std::int64_t* __restrict const high_points = node_high[k];
  const std::uint8_t* __restrict const seen_of = summed_bits != nullptr ? summed_bits : statuses;
  auto applies = [seen_of](std::size_t r) { return rules::some_applies(seen_of[r]); };
  if (rn.pass_at) {
    const std::int64_t pass = rn.pass_at->units();
    for (std::size_t r = 0; r < n; ++r) S[r] = rules::status_by_pass(applies(r), P[r], high_points[r], pass);
  } else if (levels) {
    for (std::size_t r = 0; r < n; ++r) S[r] = rules::status_by_levels(applies(r), L[r], U[r]);
  } else {
    for (std::size_t r = 0; r < n; ++r)
      S[r] = rules::status_by_children(applies(r), rules::some_has(seen_of[r], rules::kNotMet), rules::some_has(seen_of[r], rules::kOpen));
  }
}

HOCTAP_VECTOR_CLONES
void BlockState::decide(std::size_t first, BatchResult& out) {
  const std::size_t n = rows, nodes = set.nodes.size();
  const Ctx c{n, nullptr, -1, nullptr};
  // The next block's inputs asked for a share after each node (ask_ahead), the rest at the end.
  std::size_t lines = 0;
  for (const Range& r : ahead) lines += r.bytes / 64 + 1;
  const std::size_t share = lines / (nodes + 1) + 1;
  for (int i : set.indicators) {
    indicator(i, c);
    if (!ahead.empty()) ask_ahead(share);
  }
  for (std::size_t k = nodes; k-- > 0;) {
    if (set.nodes[k].indicator) continue;
    criterion(k);
    if (!ahead.empty()) ask_ahead(share);
  }

  std::int64_t* __restrict const low = out.total_units.data() + first;  // written in place: the result's column
  std::int64_t* __restrict const hi = high_total.data();
  std::uint8_t* __restrict const F = fail.data();
  std::uint8_t* __restrict const X = unknown.data();
  // The totals: the roots' points and highs summed and capped; when every root's high
  // is its points, the most the entity could have is its total (one column for both).
  const std::int64_t max_total = set.max_total.units();
  bool exact = true;
  // The roots' columns from `of` (node_points or node_high) into child_columns: a root left
  // to the total (criterion) gives its children's, whose highs are their points.
  auto roots_columns = [&](const auto& of) {
    child_columns.clear();
    for (int root : set.roots) {
      const auto k = static_cast<std::size_t>(root);
      if (left_to_total[k] != block_number) {
        child_columns.push_back(of[k]);
        continue;
      }
      for (int child : set.nodes[k].children) child_columns.push_back(of[static_cast<std::size_t>(child)]);
    }
  };
  for (int root : set.roots)
    if (left_to_total[static_cast<std::size_t>(root)] != block_number)
      exact = exact && node_high[static_cast<std::size_t>(root)] == node_points[static_cast<std::size_t>(root)];
  roots_columns(node_points);
  sum_capped(low, child_columns, n, max_total);
  block_low = low;
  block_high = low;
  if (!exact) {
    roots_columns(node_high);
    sum_capped(hi, child_columns, n, max_total);
    block_high = hi;
  }
  std::uint8_t* __restrict const D = out.decision.data() + first;
  // Null where the result leaves the column empty: no grades, not a levels set (BatchResult).
  std::int32_t* __restrict const G = out.grade.empty() ? nullptr : out.grade.data() + first;
  std::int32_t* const L = out.level.empty() ? nullptr : out.level.data() + first;
  if (threshold_decides) {
    decide_by_threshold(c, D);
    if (G != nullptr) std::fill(G, G + n, -1);
    if (L != nullptr) std::fill(L, L + n, 0);
    if (!ahead.empty()) ask_ahead(SIZE_MAX);
    return;
  }
  // No row can be left open in a points set without checks, knock-outs or bands whose
  // totals are certain (`exact`: a criterion's are only when its children's are, so every
  // node's points are certain, and with them every indicator's status, a floor's verdict
  // and a `pass_at` status): a threshold known on every row then goes straight into the
  // decisions with the fail bytes, without the open bytes.
  const bool may_leave_open = !exact || !set.checks.empty() || !set.knockouts.empty() || set.levels_mode || !set.bands.empty() || !set.min_total;
  const Col threshold = may_leave_open ? Col{} : eval(*set.min_total.root, c);
  const bool threshold_in_decisions = !may_leave_open && threshold.tag == nullptr;
  std::memset(F, 0, n);
  if (!threshold_in_decisions) std::memset(X, 0, n);
  for (const Check& check : set.checks) {  // impossible data: not assessable
    const Col v = eval(*check.holds.root, c);
    for (std::size_t r = 0; r < n; ++r) X[r] |= rules::leaves_open(rules::check_verdict(v.absent(r), v.truth(r)));
  }
  if (!set.knockouts.empty()) {
    const Ctx with_total{n, nullptr, -1, low};
    for (const Knockout& ko : set.knockouts) {
      const Col v = eval(*ko.when.root, with_total);
      for (std::size_t r = 0; r < n; ++r) {
        const rules::Verdict verdict = rules::knockout_verdict(v.absent(r), v.truth(r));
        F[r] |= rules::fails(verdict);
        X[r] |= rules::leaves_open(verdict);
      }
    }
  }
  if (set.levels_mode) {
    decide_levels(first, out);
  } else {
    decide_points(c, G, !threshold_in_decisions);
    if (L != nullptr) std::fill(L, L + n, 0);
  }
  if (threshold_in_decisions) {
    certain_decisions<true>(D, low, threshold.v, F, n);
    if (!ahead.empty()) ask_ahead(SIZE_MAX);
    return;
  }
  // Two loops, each over one element width: mixed (bytes and 32-bit grades in one loop)
  // the compiler kept it scalar, branching on every row's decision. A points set without
  // bands has no grade on any row (decide_points).
  for (std::size_t r = 0; r < n; ++r) D[r] = rules::decision(F[r] != 0, X[r] != 0);
  if (set.levels_mode || !set.bands.empty())
    for (std::size_t r = 0; r < n; ++r) G[r] = rules::has_grade(D[r]) ? G[r] : -1;
  if (!ahead.empty()) ask_ahead(SIZE_MAX);
}

HOCTAP_VECTOR_CLONES
inline void BlockState::decide_by_threshold(const Ctx& c, std::uint8_t* decision) {
  const std::size_t n = rows;
  std::uint8_t* __restrict const D = decision;
  const std::int64_t* __restrict const low = block_low;
  const std::int64_t* __restrict const hi = block_high;
  if (!set.min_total) {
    std::fill(D, D + n, rules::decision(rules::kPass));
    return;
  }
  const Col threshold = eval(*set.min_total.root, c);
  if (low == hi && threshold.tag == nullptr) {  // certain totals against a threshold on every row
    certain_decisions<false>(D, low, threshold.v, nullptr, n);
    return;
  }
  // The verdicts' two bits, then the decisions: two loops, each over one element width (in
  // one loop, or from the verdict in one byte, the compiler branched on every row's).
  std::uint8_t* __restrict const F = fail.data();
  std::uint8_t* __restrict const X = unknown.data();
  threshold_verdicts<true>(threshold, low, hi, F, X, n);
  for (std::size_t r = 0; r < n; ++r) D[r] = rules::decision(F[r] != 0, X[r] != 0);
}

inline void BlockState::decide_levels(std::size_t first, BatchResult& out) {
  const auto nlevels = static_cast<std::int32_t>(set.levels.size());
  for (std::size_t r = 0; r < rows; ++r) {
    std::int32_t lvl = nlevels, unknown_level = -1;
    bool any = false;
    for (int root : set.roots) {
      const std::size_t at = static_cast<std::size_t>(root) * kRows + r;
      if (node_status[static_cast<std::size_t>(root)][r] == st(Status::not_applicable)) continue;
      any = true;
      lvl = rules::merge_level(lvl, level[at]);
      unknown_level = rules::merge_unknown_at(unknown_level, unknown_at[at]);
    }
    if (!any) lvl = nlevels;
    bool certain_fail = false;  // read only when unknown at level 1
    if (lvl == 0 && unknown_level == 0)
      for (int i : set.indicators) certain_fail = certain_fail || node_status[static_cast<std::size_t>(i)][r] == st(Status::not_met);
    const rules::Verdict verdict = rules::levels_verdict(lvl, unknown_level, certain_fail);
    fail[r] |= rules::fails(verdict);
    unknown[r] |= rules::leaves_open(verdict);
    out.level[first + r] = lvl;
    out.grade[first + r] = lvl >= 1 ? lvl - 1 : -1;
  }
}

HOCTAP_VECTOR_CLONES
inline void BlockState::decide_points(const Ctx& c, std::int32_t* grade, bool with_threshold) {
  const std::size_t n = rows;
  std::uint8_t* __restrict const F = fail.data();
  std::uint8_t* __restrict const X = unknown.data();
  const std::int64_t* __restrict const low = block_low;
  const std::int64_t* __restrict const hi = block_high;
  if (set.every_indicator_at_least) {
    const std::int64_t least = floor_points;  // a local: the loops' byte stores could alias the member
    // Indicators that apply to every row with certain points only fail: up to four of
    // them a pass over F.
    const std::int64_t* certain[4];
    std::size_t certains = 0;
    auto fail_below_floor = [&]() HOCTAP_LAMBDA_INLINE {
      const std::int64_t* __restrict const a = certain[0];
      const std::int64_t* __restrict const b = certain[certains > 1 ? 1 : 0];
      const std::int64_t* __restrict const x = certain[certains > 2 ? 2 : 0];
      const std::int64_t* __restrict const y = certain[certains > 3 ? 3 : 0];
      for (std::size_t r = 0; r < n; ++r) F[r] |= static_cast<std::uint8_t>(fails_floor(a[r], least) | fails_floor(b[r], least) | fails_floor(x[r], least) | fails_floor(y[r], least));
      certains = 0;
    };
    if (fused_floors) {  // the floors of the indicators judged with their criterion
      const std::uint8_t* __restrict const under = below_floor.data();
      for (std::size_t r = 0; r < n; ++r) F[r] |= under[r];
    }
    for (int i : set.indicators) {
      if (fused_block[static_cast<std::size_t>(i)] == block_number) continue;
      const std::uint8_t* __restrict const S = node_status[static_cast<std::size_t>(i)];
      const std::int64_t* __restrict const P = node_points[static_cast<std::size_t>(i)];
      const std::int64_t* __restrict const H = node_high[static_cast<std::size_t>(i)];
      // Only an indicator with applies_when can not apply; the others' statuses are not
      // worked out for the floor (find_needed_statuses) and are not read here.
      if (!set.nodes[static_cast<std::size_t>(i)].applies_when) {
        if (H == P) {
          certain[certains++] = P;
          if (certains == 4) fail_below_floor();
          continue;
        }
        for (std::size_t r = 0; r < n; ++r) {
          const rules::Verdict verdict = rules::floor_verdict(true, P[r], H[r], least);
          F[r] |= rules::fails(verdict);
          X[r] |= rules::leaves_open(verdict);
        }
        continue;
      }
      if (H == P) {  // points certain on every row: the rule with low = high, which never leaves open
        for (std::size_t r = 0; r < n; ++r) {
          const rules::Verdict verdict = rules::floor_verdict(S[r] != st(Status::not_applicable), P[r], P[r], least);
          F[r] |= rules::fails(verdict);
          X[r] |= rules::leaves_open(verdict);
        }
        continue;
      }
      for (std::size_t r = 0; r < n; ++r) {
        const rules::Verdict verdict = rules::floor_verdict(S[r] != st(Status::not_applicable), P[r], H[r], least);
        F[r] |= rules::fails(verdict);
        X[r] |= rules::leaves_open(verdict);
      }
    }
    if (certains != 0) fail_below_floor();
  }
  for (std::size_t k = 0; k < set.nodes.size(); ++k) {
    if (!set.nodes[k].pass_at) continue;
    const std::uint8_t* __restrict const S = node_status[k];
    for (std::size_t r = 0; r < n; ++r) {
      const rules::Verdict verdict = rules::pass_verdict(S[r]);
      F[r] |= rules::fails(verdict);
      X[r] |= rules::leaves_open(verdict);
    }
  }
  if (set.min_total && with_threshold)  // compared with the total the entity certainly has and the most it could have
    threshold_verdicts<false>(eval(*set.min_total.root, c), low, hi, F, X, n);
  if (grade != nullptr) std::fill(grade, grade + n, -1);
  if (set.bands.empty()) return;  // else `grades` has the bands, and `grade` is not null
  const auto bands = static_cast<int>(set.bands.size());
  auto min_of = [&](int b) { return set.bands[static_cast<std::size_t>(b)].min.units(); };
  auto recognized_of = [&](int b) { return set.bands[static_cast<std::size_t>(b)].recognized; };
  for (std::size_t r = 0; r < n; ++r) {
    const int lo = rules::band_of(bands, low[r], min_of), top_band = rules::band_of(bands, hi[r], min_of);
    if (lo == top_band) grade[r] = rules::band_grade(lo, bands);
    const rules::Verdict verdict = rules::bands_verdict(lo, top_band, recognized_of);
    F[r] |= rules::fails(verdict);
    X[r] |= rules::leaves_open(verdict);
  }
}

}  // namespace hoctap::block_eval
