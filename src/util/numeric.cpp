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
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) negative = t[i++] == '-';
  // The digits before and after the point as written. The value is judged by the places of
  // its first and last non-zero digits, so a number of any length (`1` and 44 zeros
  // `e-44`, 7.5 and 4,000 zeros) is read in passes over its text, never refused for its
  // length alone.
  const std::size_t whole_from = i;
  while (i < t.size() && is_digit(t[i])) ++i;
  const std::string_view whole = t.substr(whole_from, i - whole_from);
  std::string_view frac;
  if (i < t.size() && t[i] == '.') {
    const std::size_t from = ++i;
    while (i < t.size() && is_digit(t[i])) ++i;
    frac = t.substr(from, i - from);
    if (frac.empty()) return NumberText::not_a_number;  // `1.` is not a number, as in Decimal::parse
  }
  if (whole.empty() && frac.empty()) return NumberText::not_a_number;
  long long exponent = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) eneg = t[i++] == '-';
    long long e = 0;
    bool edigits = false;
    for (; i < t.size() && is_digit(t[i]); ++i) {
      edigits = true;
      if (e < 100000) e = e * 10 + (t[i] - '0');  // beyond, any value is out of range or zero
    }
    if (!edigits) return NumberText::not_a_number;
    exponent = eneg ? -e : e;
  }
  if (i != t.size()) return NumberText::not_a_number;
  // Digit k of whole and frac together stands for 10^(whole.size() - 1 - k + exponent).
  const std::size_t count = whole.size() + frac.size();
  const auto digit = [&](std::size_t k) { return k < whole.size() ? whole[k] : frac[k - whole.size()]; };
  std::size_t first = 0, last = count;
  while (first < count && digit(first) == '0') ++first;
  if (first == count) {
    out = Decimal();
    return NumberText::ok;
  }
  while (digit(last - 1) == '0') --last;  // trailing zeros are exact
  const auto power = [&](std::size_t k) { return static_cast<long long>(whole.size()) - 1 - static_cast<long long>(k) + exponent; };
  if (power(last - 1) < -Decimal::kDigits) return NumberText::too_many_decimals;
  if (power(first) > 12) return NumberText::out_of_range;  // 10^13 and more
  // At most 19 digits from 10^12 down to 10^-6: units = digits × 10^(power(last - 1) + 6).
  __extension__ typedef unsigned __int128 u128;
  u128 units = 0;
  for (std::size_t k = first; k < last; ++k) units = units * 10 + static_cast<unsigned>(digit(k) - '0');
  for (long long k = 0; k < power(last - 1) + Decimal::kDigits; ++k) units *= 10;
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
