// The per-node rules of the criteria language, each written once, over plain values
// (Decimal units, statuses as bytes, verdict masks). Every evaluation path calls them:
// the record evaluator (evaluate.cpp) per entity and the block evaluator (block_*.cpp) per
// row inside its loops over a block. A change to the language's meaning is an edit here;
// the paths differ only in how they reach the values (a record's slots, a block's
// columns).
//
// Contract: header-only and free of allocation; each function is a pure function of its
// arguments, always inlined so that the block loops keep vectorising (conditions are written as selects where a loop calls them per row). What
// is not here is how values are reached (binding, expression operators over columns,
// aggregate counters), the facts behind explanations, and where results are stored.
#pragma once

#include <cstdint>

#include "hoctap/result.hpp"
#include "hoctap/value.hpp"
#include "model/model.hpp"
#include "util/numeric.hpp"

namespace hoctap::internal::rules {

#if defined(__GNUC__)
#define HOCTAP_RULE inline __attribute__((always_inline))
#else
#define HOCTAP_RULE inline
#endif

// ---- decimal arithmetic over units (Decimal::units) -------------------------------------

HOCTAP_RULE std::int64_t add(std::int64_t x, std::int64_t y) { return (Decimal::from_units(x) + Decimal::from_units(y)).units(); }
HOCTAP_RULE std::int64_t sub(std::int64_t x, std::int64_t y) { return (Decimal::from_units(x) - Decimal::from_units(y)).units(); }
HOCTAP_RULE constexpr std::int64_t abs_units(std::int64_t x) { return x < 0 ? -x : x; }
// A result that may be without a value (a plain pair: std::optional here drew GCC's
// maybe-uninitialized warnings at every inlined call).
struct Maybe {
  std::int64_t units = 0;
  bool has = false;
  constexpr explicit operator bool() const { return has; }
  constexpr std::int64_t operator*() const { return units; }
};
// No value on overflow (and, for a quotient, on division by zero).
HOCTAP_RULE Maybe product(std::int64_t x, std::int64_t y) {
  const auto r = multiply(Decimal::from_units(x), Decimal::from_units(y));
  return r ? Maybe{r->units(), true} : Maybe{};
}
// x × w for a whole number w (units x, result in units): exact, as `product` gives it
// when w is whole. False on overflow or on INT64_MIN (as product's empty result); `out`
// is then unspecified. `limit` is whole_factor_limit(w), worked out once for a column:
// the test is then two compares, which vectorise (a product |x| × |w| of at most
// INT64_MAX fits, one of more is at least 2^63).
HOCTAP_RULE constexpr std::int64_t whole_factor_limit(std::int64_t w) {
  return w == 0 ? INT64_MAX : w == INT64_MIN ? 0 : INT64_MAX / (w < 0 ? -w : w);
}
HOCTAP_RULE bool product_by_whole(std::int64_t x, std::int64_t w, std::int64_t limit, std::int64_t& out) {
  out = static_cast<std::int64_t>(static_cast<std::uint64_t>(x) * static_cast<std::uint64_t>(w));
  return (w == 0) | ((x >= -limit) & (x <= limit));
}
HOCTAP_RULE Maybe quotient(std::int64_t x, std::int64_t y) {
  const auto r = divide(Decimal::from_units(x), Decimal::from_units(y));
  return r ? Maybe{r->units(), true} : Maybe{};
}
template <bool kSmall = false>  // round_to's
HOCTAP_RULE std::int64_t round_units(std::int64_t x, int digits, Rounding mode) { return round_to<kSmall>(Decimal::from_units(x), digits, mode).units(); }
// Whole years from one date to another (days since the epoch), as ages are counted: the
// year is not complete before its anniversary day. In units.
HOCTAP_RULE std::int64_t years_between(std::int64_t from_days, std::int64_t to_days) {
  const Date from = Date::from_days(static_cast<std::int32_t>(from_days)), to = Date::from_days(static_cast<std::int32_t>(to_days));
  int years = to.year() - from.year();
  if (to.month() < from.month() || (to.month() == from.month() && to.day() < from.day())) --years;
  return Decimal::from_int(years).units();
}
// `share`: the members that pass among those selected. No value over no member (the
// caller words why: selected == 0 is "empty", else overflow).
HOCTAP_RULE Maybe share_of(std::int64_t yes, std::int64_t selected) {
  if (selected <= 0) return Maybe{};
  return quotient(Decimal::from_int(yes).units(), Decimal::from_int(selected).units());
}
// Aggregates over members whose values are all known, from their counters: `count` of the
// members selected (in units), `all` when none selected fails, `any` when one passes.
// (With unknown members, AggregateCounts in runtime.hpp decides, on these same rules.)
HOCTAP_RULE constexpr std::int64_t count_units(std::int64_t selected) { return selected * Decimal::kOne; }
HOCTAP_RULE constexpr bool all_of(std::int64_t failing) { return failing == 0; }
HOCTAP_RULE constexpr bool any_of(std::int64_t passing) { return passing > 0; }
// The lesser of a value and its cap: scores entered under an unknown maximum are capped
// by the node's (or the set's) own maximum.
HOCTAP_RULE constexpr std::int64_t cap(std::int64_t x, std::int64_t max_units) { return x < max_units ? x : max_units; }

// Kleene logic (`and`, `or`): a known operand with the deciding value (false for `and`,
// true for `or`) decides even beside an unknown one; else the first unknown operand is
// the result; else the other value. Which of these the result is:
enum class Kleene : std::uint8_t { decided, first, second, undecided };
HOCTAP_RULE constexpr Kleene kleene(bool a_open, bool a_decides, bool b_open, bool b_decides) {
  return (!a_open && a_decides) || (!b_open && b_decides) ? Kleene::decided
         : a_open                                          ? Kleene::first
         : b_open                                          ? Kleene::second
                                                           : Kleene::undecided;
}

// ---- comparisons -------------------------------------------------------------------------

// The orders of two values a comparison holds for, as bits (less, equal, greater). Every
// path compares through `holds`: the record path with a three-way comparison of two values
// against 0, a block's loops with the orders known when they are compiled (`x < y` for lt).
constexpr unsigned kLess = 1, kEqual = 2, kGreater = 4;
HOCTAP_RULE constexpr unsigned comparison_orders(Op op) {
  switch (op) {
    case Op::eq: return kEqual;
    case Op::ne: return kLess | kGreater;
    case Op::lt: return kLess;
    case Op::le: return kLess | kEqual;
    case Op::gt: return kGreater;
    case Op::ge: return kGreater | kEqual;
    default: return 0;
  }
}
HOCTAP_RULE constexpr bool holds(std::int64_t x, std::int64_t y, unsigned orders) {
  return ((x < y) & ((orders & kLess) != 0)) | ((x == y) & ((orders & kEqual) != 0)) | ((x > y) & ((orders & kGreater) != 0));
}

// ---- indicators --------------------------------------------------------------------------

constexpr std::uint8_t kMet = static_cast<std::uint8_t>(Status::met), kNotMet = static_cast<std::uint8_t>(Status::not_met),
                       kOpen = static_cast<std::uint8_t>(Status::not_assessable),
                       kNotApplicable = static_cast<std::uint8_t>(Status::not_applicable);

// A formula indicator's points: rounded as declared, within 0 and its maximum. kSmall:
// the caller knows |x| < kSmallQuotientLimit (round_to's).
template <bool kSmall = false>
HOCTAP_RULE std::int64_t formula_points(std::int64_t x, int digits, Rounding mode, std::int64_t max_units) {
  const std::int64_t d = round_units<kSmall>(x, digits, mode);
  return d < 0 ? 0 : d > max_units ? max_units : d;
}
// A `conditions` indicator tries its cases in order: the first whose condition holds
// gives its points; a condition unknown before that leaves the points unknown; when none
// holds, `otherwise`. What one case does for a row still trying:
enum class Case : std::uint8_t { next, take, unknown };
HOCTAP_RULE constexpr Case case_step(bool open, bool holds) { return open ? Case::unknown : holds ? Case::take : Case::next; }
// An indicator that does not apply (`applies_when` false) scores its maximum when the set
// says `if_not_applicable: full`, else nothing.
HOCTAP_RULE constexpr std::int64_t not_applicable_points(bool full, std::int64_t max_units) { return full ? max_units : 0; }
// A node's outcome where a rule settles it whole: its status, the points it certainly has
// and the most it could have, its level and the level whose condition is unknown (-1).
struct NodeState {
  std::uint8_t status;
  std::int64_t points, high;
  std::int32_t level, unknown_at;
};
// An indicator whose points (or whether it applies) are unknown: open, with nothing
// certain and up to its maximum possible, unknown from level 1.
HOCTAP_RULE constexpr NodeState indicator_unknown(std::int64_t max_units) { return NodeState{kOpen, 0, max_units, 0, 0}; }
// An indicator that does not apply: its not_applicable_points, above every level (a
// criterion takes the least level of the children that apply).
HOCTAP_RULE constexpr NodeState indicator_not_applicable(bool full, std::int64_t max_units, std::int32_t levels) {
  return NodeState{kNotApplicable, not_applicable_points(full, max_units), not_applicable_points(full, max_units), levels, -1};
}
// An indicator with points: met when they reach what it needs (indicator_need).
HOCTAP_RULE constexpr std::uint8_t points_status(std::int64_t points, std::int64_t need) { return points >= need ? kMet : kNotMet; }

// Levels sets. A node's level is the highest level whose condition holds with every level
// below it; `unknown_at` is the level whose condition is unknown (the climb stops there),
// or -1. An indicator climbs level by level (level_step); a criterion (and the set, over
// its roots) starts above every level (the number of levels, and -1) and takes from each
// child that applies the least level (merge_level) and the lowest unknown level
// (merge_unknown_at).
// One step of the climb at level l (0-based) of a row still climbing: its condition
// unknown (`open`), or its value `holds`. Returns whether the climb goes on.
HOCTAP_RULE constexpr bool level_step(bool open, bool holds, int l, std::int32_t& level, std::int32_t& unknown_at) {
  if (open) unknown_at = l;
  if (open || !holds) return false;
  level = l + 1;
  return true;
}
HOCTAP_RULE constexpr std::int32_t merge_level(std::int32_t level, std::int32_t child) { return child < level ? child : level; }
HOCTAP_RULE constexpr std::int32_t merge_unknown_at(std::int32_t u, std::int32_t child) {
  return child >= 0 && (u < 0 || child < u) ? child : u;
}
// A node's status in a levels set, when it applies.
HOCTAP_RULE constexpr std::uint8_t level_status(std::int32_t level, std::int32_t unknown_at) {
  return level >= 1 ? kMet : unknown_at == 0 ? kOpen : kNotMet;
}

// ---- criteria ----------------------------------------------------------------------------

// A criterion's status from its children. `applies`: some child applies (else the
// criterion does not). With `pass_at`: met when the points it certainly has reach the
// mark, not met when even the most it could have (`high`) stays below, else open.
HOCTAP_RULE constexpr std::uint8_t status_by_pass(bool applies, std::int64_t low, std::int64_t high, std::int64_t pass) {
  return !applies ? kNotApplicable : low >= pass ? kMet : high < pass ? kNotMet : kOpen;
}
// In a levels set: by its level (level_status).
HOCTAP_RULE constexpr std::uint8_t status_by_levels(bool applies, std::int32_t level, std::int32_t unknown_at) {
  return !applies ? kNotApplicable : level_status(level, unknown_at);
}
// Otherwise: not met when a child that applies is not, else open when one is open, else met.
HOCTAP_RULE constexpr std::uint8_t status_by_children(bool applies, bool any_not_met, bool any_open) {
  return !applies ? kNotApplicable : any_not_met ? kNotMet : any_open ? kOpen : kMet;
}
// The children's statuses as a mask (a bit per status some child has), for paths that
// gather them so: whether some child applies, and whether some child has a status.
// Written with byte compares and selects, not a shift by the status: a loop over a column
// of statuses then vectorises on bytes (there is no byte shift by a variable amount, and a
// shifted bool is an int, which widens the loop to 16-bit lanes).
HOCTAP_RULE constexpr unsigned status_bit(std::uint8_t status) {
  static_assert(kMet < 8 && kNotMet < 8 && kOpen < 8 && kNotApplicable < 8, "a status's bit fits a byte");
  constexpr std::uint8_t met = 1u << kMet, not_met = 1u << kNotMet, open = 1u << kOpen, not_applicable = 1u << kNotApplicable;
  const std::uint8_t bits = static_cast<std::uint8_t>((status == kMet ? met : std::uint8_t{0}) | (status == kNotMet ? not_met : std::uint8_t{0}) |
                                                      (status == kOpen ? open : std::uint8_t{0}) |
                                                      (status == kNotApplicable ? not_applicable : std::uint8_t{0}));
  return bits;
}
HOCTAP_RULE constexpr bool some_applies(unsigned seen) { return (seen & ~status_bit(kNotApplicable) & 0xFFu) != 0; }
HOCTAP_RULE constexpr bool some_has(unsigned seen, std::uint8_t status) { return (seen & status_bit(status)) != 0; }

// ---- the decision --------------------------------------------------------------------------

// What a rule says about recognition: nothing, fails it (kFail), or leaves it open
// (kOpen: the entity is not assessable unless something fails it). Verdicts add up by
// `|`; the decision reads the sum (decision).
using Verdict = std::uint8_t;
constexpr Verdict kPass = 0, kFail = 1, kOpenVerdict = 2;
HOCTAP_RULE constexpr bool fails(Verdict v) { return (v & kFail) != 0; }
HOCTAP_RULE constexpr bool leaves_open(Verdict v) { return (v & kOpenVerdict) != 0; }

// A consistency check that is certainly false: impossible data, not assessable.
HOCTAP_RULE constexpr Verdict check_verdict(bool open, bool holds) { return static_cast<Verdict>((!open & !holds) << 1); }
// A knock-out: fails when it holds, open when unknown.
HOCTAP_RULE constexpr Verdict knockout_verdict(bool open, bool holds) {
  return static_cast<Verdict>(open ? kOpenVerdict : holds ? kFail : kPass);
}
// `every_indicator_at_least`: an indicator that applies fails the entity when even its most
// possible points (`high`) stay below the floor, and leaves it open when only its certain
// points (`low`) do.
HOCTAP_RULE constexpr Verdict floor_verdict(bool applies, std::int64_t low, std::int64_t high, std::int64_t floor) {
  return static_cast<Verdict>((applies & (high < floor)) | ((applies & (high >= floor) & (low < floor)) << 1));
}
// A node with `pass_at`: its status decides (not met fails, open leaves open).
HOCTAP_RULE constexpr Verdict pass_verdict(std::uint8_t status) {
  return static_cast<Verdict>((status == kNotMet) | ((status == kOpen) << 1));
}
// The set's threshold (`min_total`), compared with the total the entity certainly has
// and the most it could have.
HOCTAP_RULE constexpr Verdict threshold_verdict(std::int64_t low, std::int64_t high, std::int64_t threshold) {
  const bool reached = low >= threshold, out_of_reach = high < threshold;
  return static_cast<Verdict>((!reached & out_of_reach) | ((!reached & !out_of_reach) << 1));
}

// Bands (grades of a points set): band b (ascending minima) is the highest whose minimum
// the total reaches; below every band, the "otherwise" band, -2. `min_of(b)` gives band
// b's minimum in units, `recognized_of(b)` whether it recognizes.
constexpr int kOtherwiseBand = -2;
template <typename MinOf>
HOCTAP_RULE int band_of(int bands, std::int64_t total, MinOf min_of) {
  for (int b = bands; b-- > 0;)
    if (total >= min_of(b)) return b;
  return kOtherwiseBand;
}
// The verdict of the bands for a total known to lie in [low, high], whose bands are
// lo_band and hi_band (band_of): a band that does not recognize fails it; several
// possible bands fail it when none recognizes, leave it open when they disagree.
template <typename RecognizedOf>
HOCTAP_RULE Verdict bands_verdict(int lo_band, int hi_band, RecognizedOf recognized_of) {
  auto recognizes = [&](int b) { return b >= 0 && recognized_of(b); };
  if (lo_band == hi_band) return recognizes(lo_band) ? kPass : kFail;
  bool all_yes = true, all_no = true;
  for (int b = lo_band;; b = b == kOtherwiseBand ? 0 : b + 1) {
    (recognizes(b) ? all_no : all_yes) = false;
    if (b == hi_band) break;
  }
  return all_no ? kFail : all_yes ? kPass : kOpenVerdict;
}
// The band above `band` (above the otherwise band: the lowest), or -1 above the top one:
// the grade an entity is told it can reach next.
HOCTAP_RULE constexpr int next_band(int band, int bands) {
  const int next = band == kOtherwiseBand ? 0 : band + 1;
  return next < bands ? next : -1;
}
// In a levels set, the grade above `level` (grade k is level k + 1), or -1 at the top.
HOCTAP_RULE constexpr int next_level_grade(std::int32_t level, std::int32_t levels) { return level < levels ? level : -1; }
// The grade a band is reported as (BatchResult::grade): the otherwise band after the others.
HOCTAP_RULE constexpr std::int32_t band_grade(int band, int bands) { return band == kOtherwiseBand ? bands : band; }

// A levels set's verdict from the level of its roots: level 0 fails, unless it is unknown
// at level 1 (`unknown_at` 0) and no indicator certainly fails it (then open).
HOCTAP_RULE constexpr Verdict levels_verdict(std::int32_t level, std::int32_t unknown_at, bool certain_fail) {
  return level != 0 ? kPass : unknown_at == 0 && !certain_fail ? kOpenVerdict : kFail;
}

constexpr std::uint8_t kRecognized = static_cast<std::uint8_t>(Decision::recognized),
                       kNotRecognized = static_cast<std::uint8_t>(Decision::not_recognized),
                       kNotAssessable = static_cast<std::uint8_t>(Decision::not_assessable);
// The decision: anything that fails wins over anything open.
HOCTAP_RULE constexpr std::uint8_t decision(Verdict v) { return fails(v) ? kNotRecognized : leaves_open(v) ? kNotAssessable : kRecognized; }
HOCTAP_RULE constexpr std::uint8_t decision(bool fail, bool open) { return fail ? kNotRecognized : open ? kNotAssessable : kRecognized; }
// An entity that cannot be judged has no grade: a band read off the certain total would
// be counted as real by whoever groups results by grade.
HOCTAP_RULE constexpr bool has_grade(std::uint8_t decision) { return decision != kNotAssessable; }

}  // namespace hoctap::internal::rules
