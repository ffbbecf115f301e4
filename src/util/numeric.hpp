// Exact arithmetic on hoctap::Decimal (fixed point, six decimals) for the evaluator.
// Operations that cannot be represented report overflow instead of wrapping.
#pragma once

#include <cstdint>
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

// The decimal a double stands for, when that decimal has at most six places: the double
// nearest to it is `value` (0.1, 12.345678, 8). Empty otherwise (7.9999999, 1/3, NaN,
// ±inf, beyond ±9 × 10^12): such a double is not silently rounded.
std::optional<Decimal> exact_from_double(double value);

enum class Rounding { half_up, half_even, floor, ceil, truncate };

// a × b, rounded half-even to six decimals; empty on overflow.
std::optional<Decimal> multiply(Decimal a, Decimal b);
// a ÷ b, rounded half-even to six decimals; empty when b is zero or on overflow.
std::optional<Decimal> divide(Decimal a, Decimal b);
// `value` rounded to `digits` decimals (0..6) by `mode`. half_up rounds halves away from
// zero, the usual Vietnamese "làm tròn".
Decimal round_to(Decimal value, int digits, Rounding mode);

}  // namespace hoctap::internal
