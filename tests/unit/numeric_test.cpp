#include <boost/test/unit_test.hpp>

#include <optional>
#include <vector>

#include "helpers.hpp"
#include "util/numeric.hpp"

using hoctap::Decimal;
using namespace hoctap::internal;

BOOST_AUTO_TEST_SUITE(numeric)

BOOST_AUTO_TEST_CASE(parses_and_prints_exactly) {
  BOOST_TEST(Decimal::parse("12.5")->units() == 12500000);
  BOOST_TEST(Decimal::parse("-0.000001")->units() == -1);
  BOOST_TEST(Decimal::parse("85")->to_string() == "85");
  BOOST_TEST(Decimal::parse("0.10")->to_string() == "0.1");
  BOOST_TEST(Decimal::parse("-3.25")->to_string() == "-3.25");
}

BOOST_AUTO_TEST_CASE(rejects_what_is_not_a_plain_decimal) {
  for (const char* bad : {"", "-", ".", "1.", "1e3", "0.0000001", "12a", "1.2.3", "99999999999999"})
    BOOST_TEST(!Decimal::parse(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(adds_without_binary_float_error) {
  BOOST_TEST((*Decimal::parse("0.1") + *Decimal::parse("0.2")) == *Decimal::parse("0.3"));
}

BOOST_AUTO_TEST_CASE(divides_rounding_half_even_at_six_places) {
  BOOST_TEST(divide(Decimal::from_int(2), Decimal::from_int(3))->to_string() == "0.666667");
  BOOST_TEST(divide(Decimal::from_int(1), Decimal::from_int(8))->to_string() == "0.125");
  BOOST_TEST(divide(Decimal::from_units(5), Decimal::from_int(10))->units() == 0);   // 0.0000005 → 0 (even)
  BOOST_TEST(divide(Decimal::from_units(15), Decimal::from_int(10))->units() == 2);  // 0.0000015 → 0.000002
  BOOST_TEST(!divide(Decimal::from_int(1), Decimal()).has_value());
}

BOOST_AUTO_TEST_CASE(multiplies_and_reports_overflow) {
  BOOST_TEST(multiply(*Decimal::parse("0.666667"), Decimal::from_int(10))->to_string() == "6.66667");
  BOOST_TEST(!multiply(Decimal::from_int(9000000000000), Decimal::from_int(10)).has_value());
}

// The inline 64-bit paths for small operands give the 128-bit paths' results: exact
// halves both ways, signs, and the edges of "small" on either side.
namespace {

// Seeded draws in [-range, range): the high bits of a 64-bit LCG from `shift` on.
struct Draw {
  std::uint64_t state;
  int shift;
  std::int64_t operator()(std::int64_t range) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::int64_t>(state >> shift) % (2 * range) - range;
  }
};

// Counts the pairs checked; stops the test at the first that the two paths answer apart.
struct SamePaths {
  std::optional<Decimal> (*fast)(Decimal, Decimal);
  std::optional<Decimal> (*wide)(Decimal, Decimal);
  const char* op;
  std::size_t checked = 0;
  void operator()(std::int64_t x, std::int64_t y) {
    const auto f = fast(Decimal::from_units(x), Decimal::from_units(y));
    const auto w = wide(Decimal::from_units(x), Decimal::from_units(y));
    BOOST_TEST_REQUIRE(f.has_value() == w.has_value());
    if (f) BOOST_TEST_REQUIRE(f->units() == w->units(), x << op << y);
    ++checked;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(multiplies_small_operands_as_the_wide_path_does) {
  constexpr std::int64_t kEdge = std::int64_t{1} << 31;
  const std::int64_t picks[] = {0, 1, -1, 5, -5, 15, 499999, 500000, 500001, 999999, 1000000, 1500000, 2500000, -2500000,
                                123456789, -987654321, kEdge - 1, -(kEdge - 1), kEdge, -kEdge, kEdge + 1};
  Draw next{42, 33};
  SamePaths check{multiply, multiply_wide, " * "};
  for (auto x : picks)
    for (auto y : picks) check(x, y);
  for (int k = 0; k < 200000; ++k) check(next(kEdge), next(kEdge));
  BOOST_TEST(check.checked == 441u + 200000u);
}

BOOST_AUTO_TEST_CASE(divides_small_operands_as_the_wide_path_does) {
  constexpr std::int64_t kEdge = std::int64_t{1} << 43;
  const std::int64_t picks[] = {0, 1, -1, 2, 3, 5, -5, 7, 15, 499999, 500000, 1000000, 1500000, 2500000, -2500000, 3000000,
                                123456789, -987654321, kEdge - 1, -(kEdge - 1), kEdge, -kEdge, INT64_MAX, INT64_MIN};
  Draw next{7, 20};
  SamePaths check{divide, divide_wide, " / "};
  for (auto x : picks)
    for (auto y : picks) check(x, y);
  for (int k = 0; k < 100000; ++k) check(next(kEdge), next(kEdge));
  for (int k = 0; k < 100000; ++k) check(next(100000000), next(10000000) | 1);
  BOOST_TEST(check.checked == 576u + 200000u);
}

BOOST_AUTO_TEST_CASE(rounds_by_the_declared_mode) {
  Decimal x = *Decimal::parse("6.65");
  BOOST_TEST(round_to(x, 1, Rounding::half_up).to_string() == "6.7");
  BOOST_TEST(round_to(x, 1, Rounding::half_even).to_string() == "6.6");
  BOOST_TEST(round_to(x, 0, Rounding::floor).to_string() == "6");
  BOOST_TEST(round_to(x, 0, Rounding::ceil).to_string() == "7");
  BOOST_TEST(round_to(*Decimal::parse("-2.5"), 0, Rounding::half_up).to_string() == "-3");
  BOOST_TEST(round_to(*Decimal::parse("-2.5"), 0, Rounding::floor).to_string() == "-3");
  BOOST_TEST(round_to(*Decimal::parse("-2.5"), 0, Rounding::ceil).to_string() == "-2");
  BOOST_TEST(round_to(*Decimal::parse("-2.5"), 0, Rounding::half_even).to_string() == "-2");
  BOOST_TEST(round_to(*Decimal::parse("-3.5"), 0, Rounding::half_even).to_string() == "-4");
  BOOST_TEST(round_to(*Decimal::parse("-2.56"), 1, Rounding::truncate).to_string() == "-2.5");
  BOOST_TEST(round_to(*Decimal::parse("1.234567"), 5, Rounding::half_up).to_string() == "1.23457");
  BOOST_TEST(round_to(*Decimal::parse("1.234567"), 6, Rounding::floor).to_string() == "1.234567");
}

// floor_quotient_small's double-based division against C++'s, and round_to with it against
// round_to without it, for every step and mode: on each side of multiples and halves of
// the step, at the edge of its range and on random values within it.
BOOST_AUTO_TEST_CASE(rounds_small_values_as_the_division_does) {
  constexpr std::int64_t kLimit = kSmallQuotientLimit;
  const Rounding modes[] = {Rounding::half_up, Rounding::half_even, Rounding::floor, Rounding::ceil, Rounding::truncate};
  std::vector<std::int64_t> values = {0, 1, -1, kLimit - 1, -(kLimit - 1), kLimit - 2, -(kLimit - 2)};
  Draw next{99, 11};
  for (int k = 0; k < 100000; ++k) values.push_back(next(kLimit - 1));
  std::size_t checked = 0;
  for (int digits = 0; digits < Decimal::kDigits; ++digits) {
    std::int64_t step = 1;
    for (int p = digits; p < Decimal::kDigits; ++p) step *= 10;
    std::vector<std::int64_t> near = values;
    for (const std::int64_t multiple : {std::int64_t{0}, step, 7 * step, 123456789 * step, (kLimit / step - 1) * step})
      for (const std::int64_t sign : {std::int64_t{1}, std::int64_t{-1}})
        for (const std::int64_t off : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, step / 2, step / 2 - 1, step / 2 + 1, step - 1})
          near.push_back(sign * (multiple + off));
    for (const std::int64_t u : near) {
      if (u <= -kLimit || u >= kLimit) continue;
      std::int64_t q = 0, rest = 0;
      floor_quotient_small(u, step, q, rest);
      const std::int64_t floor = u / step - (u % step < 0 ? 1 : 0);
      BOOST_TEST_REQUIRE(q == floor, u << " / " << step);
      BOOST_TEST_REQUIRE(rest == u - floor * step, u << " % " << step);
      for (const Rounding mode : modes)
        BOOST_TEST_REQUIRE(round_to<true>(Decimal::from_units(u), digits, mode).units() == round_to(Decimal::from_units(u), digits, mode).units(),
                           u << " to " << digits << " places");
      ++checked;
    }
  }
  BOOST_TEST(checked == 6 * (values.size() + 70));
}

BOOST_AUTO_TEST_SUITE_END()
