// Exact arithmetic on hoctap::Decimal (fixed point, six decimals) for the evaluator.
// Operations that cannot be represented report overflow instead of wrapping.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "hoctap/value.hpp"

namespace hoctap::internal {

// A number written as text (a CSV cell, a JSON number's text, a Python float's repr), read
// exactly: `-12`, `+3`, `12.5`, `.5`, `1e3`, `1.5E-2`, surrounding spaces allowed. Never
// through a double. `too_many_decimals`: the value has a non-zero digit past the sixth
// decimal (7.9999999); it is never rounded.
enum class NumberText { ok, not_a_number, too_many_decimals, out_of_range };
NumberText parse_number_text(std::string_view text, Decimal& out);

// The common case of parse_number_text: a whole number of at most 12 digits and nothing
// else (ages, counts, scores). Below 10^12 it is within range, and exact as a double.
inline bool whole_number_text(std::string_view t, std::int64_t& out) {
  if (t.empty() || t.size() > 12) return false;
  std::int64_t whole = 0;
  bool digits_only = true;
  for (const char c : t) {
    digits_only &= c >= '0' && c <= '9';
    whole = whole * 10 + (c - '0');
  }
  out = whole;
  return digits_only;
}

// The decimal a double stands for, when that decimal has at most six places: the double
// nearest to it is `value` (0.1, 12.345678, 8). Empty otherwise (7.9999999, 1/3, NaN,
// ±inf, beyond ±9 × 10^12): such a double is not silently rounded.
// Inline: the batch binder calls it per row of a float64 column.
inline std::optional<Decimal> exact_from_double(double value) {
  if (!std::isfinite(value) || !(value > -9.0e12 && value < 9.0e12)) return std::nullopt;
  const auto whole = static_cast<std::int64_t>(value);
  if (static_cast<double>(whole) == value) return Decimal::from_int(whole);
  // The six-place decimal nearest to `value`; it stands for `value` only when `value` is
  // the double nearest to it (division of two integers below 2^53 is correctly rounded).
  const double scaled = std::round(value * static_cast<double>(Decimal::kOne));
  const auto units = static_cast<std::int64_t>(scaled);
  if (static_cast<double>(units) / static_cast<double>(Decimal::kOne) != value) return std::nullopt;
  return Decimal::from_units(units);
}

// Whole numbers below 2^51 in magnitude between double and int64, and doubles rounded to
// a whole number, by adding 1.5 · 2^52: the sum's rounding is to the nearest whole (ties
// to even), and its low bits are that whole number. Plain adds and subtractions, so loops
// over columns that use them vectorise (x86-64 converts packed int64 only from AVX-512).
inline constexpr double kBiasedWholeLimit = 2251799813685248.0;  // 2^51
inline constexpr double kWholeBias = 6755399441055744.0;         // 1.5 · 2^52
inline constexpr std::int64_t kWholeBiasBits = 0x4338000000000000LL;
// x rounded to the nearest whole number, ties to even; |x| < 2^51.
inline double round_whole(double x) { return (x + kWholeBias) - kWholeBias; }
// x rounded to the nearest whole number as an int64; |x| < 2^51 (beyond, unspecified).
inline std::int64_t int_of_whole(double x) {
  const double biased = x + kWholeBias;
  std::uint64_t bits;
  std::memcpy(&bits, &biased, sizeof bits);
  return static_cast<std::int64_t>(bits - static_cast<std::uint64_t>(kWholeBiasBits));  // unsigned: no overflow
}
// u as a double; |u| < 2^51 (beyond, unspecified).
inline double double_of_int(std::int64_t u) {
  const std::uint64_t bits = static_cast<std::uint64_t>(u) + static_cast<std::uint64_t>(kWholeBiasBits);
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d - kWholeBias;
}

enum class Rounding { half_up, half_even, floor, ceil, truncate };

// a × b, rounded half-even to six decimals; empty on overflow. Inline: operands below
// 2^31 units each (the usual scores, counts and points) take a 64-bit product and a
// division by a constant; larger ones the 128-bit path.
std::optional<Decimal> multiply_wide(Decimal a, Decimal b);
inline std::optional<Decimal> multiply(Decimal a, Decimal b) {
  constexpr std::int64_t kSmall = std::int64_t{1} << 31;
  const std::int64_t x = a.units(), y = b.units();
  if (x >= kSmall || x <= -kSmall || y >= kSmall || y <= -kSmall) return multiply_wide(a, b);
  const std::int64_t p = x * y, q = p / Decimal::kOne, r = p % Decimal::kOne;  // r has the sign of p
  const std::int64_t twice = (r < 0 ? -r : r) * 2;
  const bool up = twice > Decimal::kOne || (twice == Decimal::kOne && q % 2 != 0);
  return Decimal::from_units(q + (up ? (p < 0 ? -1 : 1) : 0));
}
// a ÷ b, rounded half-even to six decimals; empty when b is zero or on overflow. Inline:
// a dividend below 2^43 units (its scaled value fits 64 bits) and a divisor that is not
// the least int64 take 64-bit arithmetic; others the 128-bit path.
std::optional<Decimal> divide_wide(Decimal a, Decimal b);
inline std::optional<Decimal> divide(Decimal a, Decimal b) {
  constexpr std::int64_t kSmall = std::int64_t{1} << 43;
  std::int64_t n = a.units(), d = b.units();
  if (d == 0) return std::nullopt;
  if (n >= kSmall || n <= -kSmall || d == INT64_MIN) return divide_wide(a, b);
  n *= Decimal::kOne;
  if (d < 0) n = -n, d = -d;
  const std::int64_t q = n / d, r = n % d;  // r has the sign of n
  const std::int64_t rest = r < 0 ? -r : r;
  const bool up = rest > d - rest || (rest == d - rest && q % 2 != 0);  // twice the rest against d, without overflow
  return Decimal::from_units(q + (up ? (n < 0 ? -1 : 1) : 0));
}
// Below this magnitude, floor_quotient_small's division is exact.
inline constexpr std::int64_t kSmallQuotientLimit = std::int64_t{1} << 50;
// The floor of u / step and the rest u - q * step (0 <= rest < step), for 10 <= step <=
// 10^6 and |u| < kSmallQuotientLimit: estimated by a double product, then corrected once,
// so that a loop of it vectorises where a 64-bit division does not, and without a 64-bit
// integer multiply (several instructions a lane). The product is within 0.06 of u / step
// (|u| / step < 2^50 / 10, and two roundings of relative error 2^-53), so the whole
// number nearest to it is the floor of u / step or one more. Every product and difference
// in doubles is a whole number below 2^51, exact; the choices are made on integers (GCC
// does not turn a choice between floating-point results into a select).
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline void floor_quotient_small(std::int64_t u, std::int64_t step, std::int64_t& q, std::int64_t& rest) {
  const double x = double_of_int(u), s = static_cast<double>(step);
  const double f = round_whole(x * (1.0 / s));
  const std::int64_t m = int_of_whole(x - f * s);
  const bool over = m < 0;  // f was one more than the floor
  q = int_of_whole(f) - over;
  rest = m + (over ? step : 0);
}

// `value` rounded to `digits` decimals (0..6) by `mode`. half_up rounds halves away from
// zero, the usual Vietnamese "làm tròn". Inline: evaluators call it per row. kSmall: the
// caller knows |units| < kSmallQuotientLimit, and the division is floor_quotient_small's.
template <bool kSmall = false>
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline Decimal round_to(Decimal value, int digits, Rounding mode) {
  if (digits >= Decimal::kDigits) return value;
  if (digits < 0) digits = 0;
  constexpr std::int64_t kStep[] = {1000000, 100000, 10000, 1000, 100, 10};
  const std::int64_t step = kStep[digits];
  const std::int64_t u = value.units();
  // The floor quotient and a rest of 0 <= rest < step, from which every mode rounds.
  std::int64_t q, rest;
  if constexpr (kSmall) {
    floor_quotient_small(u, step, q, rest);
  } else {
    q = u / step;
    rest = u % step;  // has the sign of u
    if (rest < 0) --q, rest += step;
  }
  const std::int64_t twice = rest * 2;
  switch (mode) {  // rest == 0 leaves q in every mode
    case Rounding::floor: break;
    case Rounding::truncate: q += (u < 0) & (rest != 0); break;
    case Rounding::ceil: q += rest != 0; break;
    case Rounding::half_up: q += u < 0 ? twice > step : twice >= step; break;  // a half below zero goes down, away from it
    case Rounding::half_even: q += (twice > step) | ((twice == step) & ((q & 1) != 0)); break;
  }
  if constexpr (kSmall) return Decimal::from_units(int_of_whole(double_of_int(q) * static_cast<double>(step)));  // |q * step| < 2^51
  return Decimal::from_units(q * step);
}

}  // namespace hoctap::internal
