// Exact arithmetic on hoctap::Decimal (fixed point, six decimals) for the evaluator.
// Operations that cannot be represented report overflow instead of wrapping.
#pragma once

#include <cstdint>
#include <optional>

#include "hoctap/value.hpp"

namespace hoctap::internal {

enum class Rounding { half_up, half_even, floor, ceil, truncate };

// a × b, rounded half-even to six decimals; empty on overflow.
std::optional<Decimal> multiply(Decimal a, Decimal b);
// a ÷ b, rounded half-even to six decimals; empty when b is zero or on overflow.
std::optional<Decimal> divide(Decimal a, Decimal b);
// `value` rounded to `digits` decimals (0..6) by `mode`. half_up rounds halves away from
// zero, the usual Vietnamese "làm tròn".
Decimal round_to(Decimal value, int digits, Rounding mode);

}  // namespace hoctap::internal
