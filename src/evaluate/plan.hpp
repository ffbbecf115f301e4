// A batch resolved against one criteria set: for every input slot, where its values come
// from (a column with per-code values precomputed, or a constant), and how each member
// table's members are found by parent row. Built once per evaluate_batch call (batch.cpp)
// and read by both evaluators of a batch: the row binder (batch.cpp) and the block
// evaluator (block.hpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "evaluate/runtime.hpp"
#include "hoctap/batch.hpp"
#include "model/model.hpp"
#include "util/clones.hpp"
#include "util/memory.hpp"
#include "util/numeric.hpp"

namespace hoctap::internal {

// How one field is read: from a column (with per-code values precomputed), or a
// constant (from the context, or missing when nothing gives it).
struct FieldPlan {
  // The common, well-formed cases `read_fast` decides inline; anything else (missing,
  // out of range, fractional, a code whose text is a problem) goes through `read`.
  enum class Fast : std::uint8_t { none, number_f64, number_i64, boolean, date, code };
  const Field* field = nullptr;
  const Column* column = nullptr;
  Fast fast = Fast::none;
  std::int64_t low_units = INT64_MIN, high_units = INT64_MAX;  // numbers: the field's bounds
  std::vector<Val> code_vals;        // codes: the value of each code
  std::vector<std::uint8_t> code_bad; // codes: 1 when the code's text is a data problem
  std::vector<std::int64_t> code_word;   // codes: each code's Val::i; at least one entry
  std::vector<std::uint8_t> code_plain;  // codes: 1 when that word is the whole value (FastRead)
  bool codes_are_words = false;          // codes: every code is plain and its word is the code itself
  bool codes_plain = false;              // codes: there are labels, and every code is plain
  Val constant;
  std::vector<DataProblem> constant_problems;
  std::int64_t missing_code = 0;
  std::string list;                  // member fields: the list's name, for messages
};

struct ListPlan {
  const Field* field = nullptr;
  const Schema* schema = nullptr;
  const MemberTable* table = nullptr;
  // Grouped: the table lists its members parent by parent (parents non-decreasing, within
  // the batch), so a block's members are a run of table rows, found in the parent column
  // itself (member_span); `offsets` and `order` are then empty. Any other table is grouped
  // by make_plan: `offsets` per parent row, its first entry in `order` (rows + 1 entries,
  // or more: the rest stale), and `order` the member rows parent by parent.
  bool grouped = false;
  // Set while a grouped table's order is taken on trust (evaluate_batch on the block
  // path, which then needs no pass over the table before the first block): each block
  // checks its own members as it binds them (bind_list) and writes where they start and
  // end, entries 2k and 2k + 1 for block k, so that the caller can confirm afterwards
  // that the blocks' members tile the table (members_tile). Null once the order is known.
  std::unique_ptr<std::size_t[]> spans;
  std::vector<std::int64_t> offsets;
  std::vector<std::int64_t> order;
  std::vector<FieldPlan> fields;      // by member slot, results included
};

struct Plan {
  const CompiledSet* set = nullptr;
  std::size_t rows = 0;
  std::vector<FieldPlan> top;   // by top-level slot (lists have `field` set and no column)
  std::vector<ListPlan> lists;  // by list, in field order
};

// The value of `fp` at `row`, by the record binder's rules, recording any data problem;
// `where` is the member's position in its list for messages. Callers go through `read_fast`.
Val read(const CompiledSet& set, const FieldPlan& fp, std::size_t row, int where, std::vector<DataProblem>& problems);

// What `fast_word` reads of a FieldPlan, by value: a loop keeps it in registers (a
// store inside the loop cannot make the compiler read a FieldPlan's fields again).
struct FastRead {
  const void* data;
  const std::uint8_t* valid;  // null: every row has a value
  std::int64_t low_units, high_units;
  // Whole numbers x whose x * 10^6 units are within the field's bounds and beyond no
  // limit of Decimal's (|x| < 9e12): low_whole <= x <= high_whole. Empty: low > high.
  std::int64_t low_whole, high_whole;
  // The field's bounds in units as doubles, narrowed to below 2^51 in magnitude
  // (int_of_whole): fast_dyadic_f64 compares a value's units, made in doubles, with them.
  double low_units_f, high_units_f;
  // The same bounds narrowed to 32-bit whole numbers (fast_small_i64).
  std::int64_t low_small, high_small;
  bool decimal;               // fractions to six places are values
  const Val* code_vals;
  const std::int64_t* code_word;   // codes: the word of each code's value (entry 0 when there are none)
  const std::uint8_t* code_plain;  // codes: 1 when that word is the whole value (no text, not absent, no problem)
  std::size_t codes;
  explicit FastRead(const FieldPlan& fp)
      : data(fp.column->data), valid(fp.column->valid), low_units(fp.low_units), high_units(fp.high_units),
        low_whole(whole_at_least(fp.low_units)), high_whole(whole_at_most(fp.high_units)),
        low_units_f(static_cast<double>(std::max(low_units, -kUnitsLimit))),
        high_units_f(static_cast<double>(std::min(high_units, kUnitsLimit))),
        low_small(std::max(low_whole, -kSmallBias)), high_small(std::min(high_whole, kSmallBias - 1)),
        decimal(fp.field->type.kind == Type::Kind::decimal), code_vals(fp.code_vals.data()), code_word(fp.code_word.data()),
        code_plain(fp.code_plain.data()), codes(fp.code_vals.size()) {}
  static constexpr std::int64_t kOne = Decimal::kOne, kWholeLimit = 9000000000000LL;
  // The greatest units below 2^51 (int_of_whole's range).
  static constexpr std::int64_t kUnitsLimit = static_cast<std::int64_t>(kBiasedWholeLimit) - 1;
  static constexpr std::int64_t kSmallBias = std::int64_t{1} << 31;  // 32-bit x: -kSmallBias <= x < kSmallBias
  // The least whole x with x * kOne >= units, at least -kWholeLimit + 1.
  static std::int64_t whole_at_least(std::int64_t units) {
    std::int64_t x = units / kOne;  // rounds toward zero
    if (x * kOne < units) ++x;
    return std::max(x, -kWholeLimit + 1);
  }
  // The greatest whole x with x * kOne <= units, at most kWholeLimit - 1.
  static std::int64_t whole_at_most(std::int64_t units) {
    std::int64_t x = units / kOne;
    if (x * kOne > units) --x;
    return std::min(x, kWholeLimit - 1);
  }
  bool has_value(std::size_t row) const { return valid == nullptr || valid[row] != 0; }
};

// The common, well-formed values of a column read the `kind` way, decided without the
// record binder: true with `w` set to the value's word (Val::i); false when `read` must
// decide (out of range, a fraction in an int field or beyond six places, beyond the fast
// range of doubles, a code that is -1, has text or whose text is a problem), `w` then
// unspecified. `row` must have a value (FastRead::has_value). Written without branches,
// so that the block binder's loop over a column vectorises; one definition for the row
// path (`fast_value`) and the block path.
template <FieldPlan::Fast kind>
HOCTAP_INLINE_LOOP bool fast_word(const FastRead& fr, std::size_t row, std::int64_t& w) {
  using Fast = FieldPlan::Fast;
  constexpr std::int64_t kOne = Decimal::kOne;
  if constexpr (kind == Fast::number_f64) {
    // x's six-place decimal is the nearest integer r to x * 10^6 when r / 10^6 gives x
    // back (exact_from_double's rule). Taken here below 2^51 units (int_of_whole); not
    // on an exact tie, where the rounding of nearbyint (to even) and of
    // exact_from_double (away) could differ.
    const double x = static_cast<const double*>(fr.data)[row];
    const double scaled = x * static_cast<double>(kOne);
    const double r = std::nearbyint(scaled);
    w = int_of_whole(r);
    return (std::fabs(scaled) < kBiasedWholeLimit) & (r / static_cast<double>(kOne) == x) & (std::fabs(scaled - r) != 0.5) &
           (w >= fr.low_units) & (w <= fr.high_units) & (fr.decimal | (std::nearbyint(x) == x));
  } else if constexpr (kind == Fast::number_i64) {
    const std::int64_t x = static_cast<const std::int64_t*>(fr.data)[row];
    w = static_cast<std::int64_t>(static_cast<std::uint64_t>(x) * static_cast<std::uint64_t>(kOne));  // wraps out of range, unused there
    return (x >= fr.low_whole) & (x <= fr.high_whole);
  } else if constexpr (kind == Fast::boolean) {
    w = static_cast<const std::uint8_t*>(fr.data)[row] != 0;
    return true;
  } else if constexpr (kind == Fast::date) {
    w = static_cast<const std::int32_t*>(fr.data)[row];
    return true;
  } else if constexpr (kind == Fast::code) {
    const auto code = static_cast<std::size_t>(static_cast<std::uint32_t>(static_cast<const std::int32_t*>(fr.data)[row]));  // -1: out of range
    const std::size_t at = code < fr.codes ? code : 0;
    w = fr.code_word[at];
    return (code < fr.codes) & (fr.code_plain[at] != 0);
  } else {
    return false;
  }
}

// fast_word<code> for a column whose codes are their own words (codes_are_words: the
// labels in the scale's order, none a problem): the same answer without a table lookup,
// so that the loop vectorises.
HOCTAP_INLINE_LOOP bool fast_code_word(const FastRead& fr, std::size_t row, std::int64_t& w) {
  const auto code = static_cast<std::uint32_t>(static_cast<const std::int32_t*>(fr.data)[row]);  // -1: out of range
  w = static_cast<std::int64_t>(code);
  return code < fr.codes;
}

// fast_word<number_f64> for multiples of 1/64 (whole numbers, halves, quarters: how
// scores are given) below 2^51 units, without its division: when true, `w` is what
// fast_word gives; false says nothing (ask fast_word). x * 64 is exact (a power of two);
// when it is whole, x * 10^6 is that times 15625, a whole number below 2^51 that the
// double holds exactly, and r / 10^6 gives x back. Its bounds are compared as doubles
// (exact: whole numbers below 2^53). kDecimal is fr.decimal, a constant so that a decimal
// field's loop does not also round x to compare it with its whole part.
template <bool kDecimal>
HOCTAP_INLINE_LOOP bool fast_dyadic_f64(const FastRead& fr, std::size_t row, std::int64_t& w) {
  const double x = static_cast<const double*>(fr.data)[row];
  const double units = x * static_cast<double>(Decimal::kOne), sixty_fourths = x * 64.0;
  w = int_of_whole(units);
  bool ok = (units >= fr.low_units_f) & (units <= fr.high_units_f) & (std::nearbyint(sixty_fourths) == sixty_fourths);
  if constexpr (!kDecimal) ok = ok & (std::nearbyint(x) == x);
  return ok;
}

// The units of a 32-bit whole number x, made in doubles (exact: below 2^51) by adds and a
// multiply, where a 64-bit integer multiply is several instructions a lane. Unspecified
// outside 32 bits.
HOCTAP_INLINE_LOOP std::int64_t units_of_small(std::int64_t x) {
  return int_of_whole(double_of_int(x) * static_cast<double>(Decimal::kOne));
}

// fast_word<number_i64> for 32-bit whole numbers (units_of_small): when true, `w` is what
// fast_word gives; false says nothing (ask fast_word).
HOCTAP_INLINE_LOOP bool fast_small_i64(const FastRead& fr, std::size_t row, std::int64_t& w) {
  const std::int64_t x = static_cast<const std::int64_t*>(fr.data)[row];
  w = units_of_small(x);  // unused outside 32 bits
  return (x >= fr.low_small) & (x <= fr.high_small);
}

// The bytes of one value of a column of `type`.
inline std::size_t value_bytes(Column::Type type) {
  switch (type) {
    case Column::Type::int64:
    case Column::Type::float64: return 8;
    case Column::Type::date_days:
    case Column::Type::codes: return 4;
    case Column::Type::boolean: return 1;
  }
  return 1;
}

// Calls f(data, offset, bytes) for the bytes of rows [first, first + n) of `fp`'s column
// and of its validity mask.
template <typename F>
inline void for_row_bytes(const FieldPlan& fp, std::size_t first, std::size_t n, F f) {
  if (fp.column == nullptr) return;
  const std::size_t width = value_bytes(fp.column->type);
  f(fp.column->data, first * width, n * width);
  if (fp.column->valid != nullptr) f(fp.column->valid, first, n);
}

// Asks the memory for rows [first, first + n) of `fp`'s column and validity mask
// (prefetch_bytes): a binder calls it for the next block while it judges this one.
inline void prefetch_rows(const FieldPlan& fp, std::size_t first, std::size_t n) {
  for_row_bytes(fp, first, n, [](const void* data, std::size_t offset, std::size_t bytes) { prefetch_bytes(data, offset, bytes); });
}

// Whether the binders prefetch (prefetch_rows): when the batch reads member tables, or when
// its columns are larger than a cache holds, so that most of them come from memory.
// Member tables' columns are read at their members' pace beside the rows' own, more
// streams than the processor's prefetchers follow at once. A batch of rows alone and
// smaller than a cache was most likely just written by the caller and is still in the
// cache, where asking again only costs.
inline bool worth_prefetching(const Plan& plan) {
  if (std::any_of(plan.lists.begin(), plan.lists.end(), [](const ListPlan& lp) { return lp.table != nullptr && lp.table->rows != 0; })) return true;
  constexpr std::size_t kLargerThanCache = std::size_t{32} << 20;
  std::size_t bytes = 0;
  auto add = [&](const FieldPlan& fp, std::size_t rows) {
    if (fp.column != nullptr) bytes += rows * (value_bytes(fp.column->type) + (fp.column->valid != nullptr));
  };
  for (const FieldPlan& fp : plan.top) add(fp, plan.rows);  // no member table has rows here
  return bytes > kLargerThanCache;
}

// The rows after a block of `n` rows from `first` that prefetch_rows asks for: the next
// block's, as far as the batch goes.
inline std::size_t next_block_rows(const Plan& plan, std::size_t first, std::size_t n) {
  return std::min(n, plan.rows - std::min(plan.rows, first + n));
}

// 1 when a member whose parent is `p`, after one whose parent is `before`, points outside
// rows [first, first + n) or before that member's parent: a table is listed parent by
// parent when no member is (or-ed over its members, a loop GCC vectorises). Unsigned
// differences: a parent outside is flagged by itself, and two within differ by less than 2^63.
HOCTAP_INLINE_LOOP std::uint64_t out_of_order(std::int64_t before, std::int64_t p, std::int64_t first, std::size_t n) {
  return static_cast<std::uint64_t>(static_cast<std::uint64_t>(p - first) >= n) |
         ((static_cast<std::uint64_t>(p) - static_cast<std::uint64_t>(before)) >> 63);
}

// A run of member rows: table rows of a grouped table, else entries of `order`.
struct MemberRange {
  std::size_t first, count;
};

// The first member row at or after `from` whose parent is `row` or later, in a grouped
// table: a galloping search from `from`, so a block after the one before it looks only
// at its own members. `from` is a hint: when a member before it has a parent at or after
// `row`, the search starts from the table's first row instead.
inline std::size_t first_member_at(const std::int64_t* parent, std::size_t m, std::size_t from, std::int64_t row) {
  if (from > m || (from > 0 && parent[from - 1] >= row)) from = 0;
  std::size_t lo = from, hi = m;  // every member before `lo` has a parent before `row`
  for (std::size_t step = 1; lo + step - 1 < m; step *= 2) {
    const std::size_t probe = lo + step - 1;
    if (parent[probe] >= row) {
      hi = probe;
      break;
    }
    lo = probe + 1;
  }
  return static_cast<std::size_t>(std::lower_bound(parent + lo, parent + hi, row) - parent);
}

// The members of parent rows [first, first + n). `from`: first_member_at's hint (the end
// of an earlier block's span, or 0).
inline MemberRange member_span(const ListPlan& lp, std::size_t first, std::size_t n, std::size_t from = 0) {
  if (!lp.grouped) {
    const auto begin = static_cast<std::size_t>(lp.offsets[first]);
    return {begin, static_cast<std::size_t>(lp.offsets[first + n]) - begin};
  }
  const std::int64_t* const parent = lp.table->parent;
  const std::size_t m = lp.table->rows;
  const std::size_t begin = first_member_at(parent, m, from, static_cast<std::int64_t>(first));
  // Never before `begin`, even in a table whose order is yet to be confirmed (spans).
  return {begin, std::max(begin, first_member_at(parent, m, begin, static_cast<std::int64_t>(first + n))) - begin};
}

// The member rows of the block after a block of `n` rows from `first` whose members are
// `span`, for prefetch_rows in a grouped table: they start where `span` ends; their count
// is guessed from this block's (finding it would read the rows being prefetched).
inline MemberRange next_block_members(const Plan& plan, const ListPlan& lp, std::size_t first, std::size_t n, MemberRange span) {
  const std::size_t from = span.first + span.count, left = lp.table->rows - std::min(lp.table->rows, from);
  const std::size_t guess = n == 0 ? 0 : span.count * next_block_rows(plan, first, n) / n + 64;
  return {from, std::min(guess, left)};
}

// fast_word's value as a Val of the field's kind.
template <FieldPlan::Fast kind>
inline bool fast_value(const FastRead& fr, std::size_t row, Val& v) {
  using Fast = FieldPlan::Fast;
  std::int64_t w = 0;
  if (!fast_word<kind>(fr, row, w)) return false;
  if constexpr (kind == Fast::code) v = fr.code_vals[static_cast<std::uint32_t>(static_cast<const std::int32_t*>(fr.data)[row])];
  else if constexpr (kind == Fast::boolean) v = boolean(w != 0);
  else if constexpr (kind == Fast::date) v = Val{VK::date, w, nullptr};
  else v = Val{VK::number, w, nullptr};
  return true;
}

// `read` with its common cases decided inline; the same values, faster.
inline Val read_fast(const CompiledSet& set, const FieldPlan& fp, std::size_t row, int where, std::vector<DataProblem>& problems) {
  using Fast = FieldPlan::Fast;
  if (fp.column != nullptr && fp.fast != Fast::none) {
    const FastRead fr(fp);
    Val v;
    bool decided = false;
    if (fr.has_value(row)) {
      switch (fp.fast) {
        case Fast::number_f64: decided = fast_value<Fast::number_f64>(fr, row, v); break;
        case Fast::number_i64: decided = fast_value<Fast::number_i64>(fr, row, v); break;
        case Fast::boolean: decided = fast_value<Fast::boolean>(fr, row, v); break;
        case Fast::date: decided = fast_value<Fast::date>(fr, row, v); break;
        case Fast::code: decided = fast_value<Fast::code>(fr, row, v); break;
        case Fast::none: break;
      }
    }
    if (decided) return v;
  }
  return read(set, fp, row, where, problems);
}

}  // namespace hoctap::internal
