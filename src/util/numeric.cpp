#include "util/numeric.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace hoctap {
inline namespace v0 {

std::optional<Decimal> Decimal::parse(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0, whole_digits = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    char c = text[i];
    if (c == '_') continue;  // YAML-style digit separators are not numbers here
    if (c < '0' || c > '9') return std::nullopt;
    if (whole > (std::numeric_limits<std::int64_t>::max() / kOne - 9) / 10) return std::nullopt;
    whole = whole * 10 + (c - '0');
    ++whole_digits;
  }
  if (i < text.size()) {  // at '.'
    ++i;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c < '0' || c > '9') return std::nullopt;
      if (++frac_digits > kDigits) return std::nullopt;
      frac = frac * 10 + (c - '0');
    }
    if (frac_digits == 0) return std::nullopt;
  }
  if (whole_digits == 0 && frac_digits == 0) return std::nullopt;
  for (int d = frac_digits; d < kDigits; ++d) frac *= 10;
  std::int64_t units = whole * kOne + frac;
  return from_units(negative ? -units : units);
}

std::optional<Decimal> Decimal::from_double(double value) {
  // Whole numbers (most scores and counts) convert exactly without rounding.
  if (value >= -9.0e12 && value <= 9.0e12) {
    auto whole = static_cast<std::int64_t>(value);
    if (static_cast<double>(whole) == value) return from_int(whole);
  }
  if (!std::isfinite(value)) return std::nullopt;
  double scaled = std::round(value * static_cast<double>(kOne));
  if (std::fabs(scaled) > 9.0e18) return std::nullopt;
  return from_units(static_cast<std::int64_t>(scaled));
}

std::string Decimal::to_string() const {
  std::int64_t u = units_;
  bool negative = u < 0;
  // |INT64_MIN| is not representable; it is outside every range the engine produces.
  std::uint64_t mag = negative ? static_cast<std::uint64_t>(-(u + 1)) + 1 : static_cast<std::uint64_t>(u);
  std::uint64_t whole = mag / kOne, frac = mag % kOne;
  std::string out = negative ? "-" : "";
  out += std::to_string(whole);
  if (frac != 0) {
    char buf[8];
    int n = kDigits;
    for (int k = n - 1; k >= 0; --k) {
      buf[k] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    while (n > 0 && buf[n - 1] == '0') --n;
    out += '.';
    out.append(buf, n);
  }
  return out;
}

}  // namespace v0
}  // namespace hoctap

namespace hoctap::internal {

NumberText parse_number_text(std::string_view t, Decimal& out) {
  // The common case first; the general reading below gives the same value.
  if (std::int64_t whole = 0; whole_number_text(t, whole)) {
    out = Decimal::from_units(whole * Decimal::kOne);
    return NumberText::ok;
  }
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  std::size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) negative = t[i++] == '-';
  // Significant digits (leading zeros dropped) and the power of ten of the last one.
  std::string digits;
  long exponent = 0;
  bool any = false;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
    any = true;
    if (!digits.empty() || t[i] != '0') digits += t[i];
    if (digits.size() > 40) return NumberText::out_of_range;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    bool frac = false;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      frac = true;
      if (!digits.empty() || t[i] != '0') digits += t[i];
      --exponent;
      if (exponent < -4000) return NumberText::not_a_number;
    }
    if (!frac) return NumberText::not_a_number;  // `1.` is not a number, as in Decimal::parse
    any = true;
  }
  if (!any) return NumberText::not_a_number;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) eneg = t[i++] == '-';
    long e = 0;
    bool edigits = false;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      edigits = true;
      if (e < 100000) e = e * 10 + (t[i] - '0');
    }
    if (!edigits) return NumberText::not_a_number;
    exponent += eneg ? -e : e;
  }
  if (i != t.size()) return NumberText::not_a_number;
  while (!digits.empty() && digits.back() == '0') {  // trailing zeros are exact
    digits.pop_back();
    ++exponent;
  }
  if (digits.empty()) {
    out = Decimal();
    return NumberText::ok;
  }
  // units = digits × 10^(exponent + 6)
  const long shift = exponent + Decimal::kDigits;
  if (shift < 0) return NumberText::too_many_decimals;
  if (static_cast<long>(digits.size()) + shift > 19) return NumberText::out_of_range;
  __extension__ typedef unsigned __int128 u128;
  u128 units = 0;
  for (char c : digits) units = units * 10 + static_cast<unsigned>(c - '0');
  for (long k = 0; k < shift; ++k) units *= 10;
  if (units > static_cast<u128>(9000000000000LL) * Decimal::kOne) return NumberText::out_of_range;
  const auto u = static_cast<std::int64_t>(units);
  out = Decimal::from_units(negative ? -u : u);
  return NumberText::ok;
}

namespace {
__extension__ typedef __int128 i128;
constexpr i128 kMax = std::numeric_limits<std::int64_t>::max();

// q = n / d rounded half-even (d > 0).
i128 div_half_even(i128 n, i128 d) {
  i128 q = n / d, r = n % d;
  if (r == 0) return q;
  i128 twice = (r < 0 ? -r : r) * 2;
  int sign = (n < 0) ? -1 : 1;
  if (twice > d || (twice == d && (q % 2 != 0))) q += sign;
  return q;
}
}  // namespace

std::optional<Decimal> multiply_wide(Decimal a, Decimal b) {
  i128 p = static_cast<i128>(a.units()) * b.units();
  i128 q = div_half_even(p, Decimal::kOne);
  if (q > kMax || q < -kMax) return std::nullopt;
  return Decimal::from_units(static_cast<std::int64_t>(q));
}

std::optional<Decimal> divide_wide(Decimal a, Decimal b) {
  if (b.units() == 0) return std::nullopt;
  i128 n = static_cast<i128>(a.units()) * Decimal::kOne;
  i128 d = b.units();
  if (d < 0) { n = -n; d = -d; }
  i128 q = div_half_even(n, d);
  if (q > kMax || q < -kMax) return std::nullopt;
  return Decimal::from_units(static_cast<std::int64_t>(q));
}

}  // namespace hoctap::internal
