// The per-node rules (src/evaluate/rules.hpp) on their own: the edges each path relies
// on. The paths are compared with one another by batch_differential and rule_fuzz; these
// cases pin what the rules themselves say.
#include <boost/test/unit_test.hpp>

#include <iterator>
#include <vector>

#include "evaluate/rules.hpp"

namespace rule = hoctap::internal::rules;
using hoctap::Date;
using hoctap::Decimal;

namespace {
constexpr std::int64_t kOne = Decimal::kOne;
std::int64_t days(int y, int m, int d) { return Date::from_ymd(y, m, d)->days(); }
}  // namespace

BOOST_AUTO_TEST_SUITE(rules)

BOOST_AUTO_TEST_CASE(years_between_counts_a_year_from_its_anniversary) {
  BOOST_TEST(rule::years_between(days(2000, 3, 15), days(2018, 3, 14)) == 17 * kOne);
  BOOST_TEST(rule::years_between(days(2000, 3, 15), days(2018, 3, 15)) == 18 * kOne);
  BOOST_TEST(rule::years_between(days(2000, 2, 29), days(2018, 2, 28)) == 17 * kOne);
  BOOST_TEST(rule::years_between(days(2000, 2, 29), days(2018, 3, 1)) == 18 * kOne);
}

BOOST_AUTO_TEST_CASE(share_of_no_member_has_no_value) {
  BOOST_TEST(!rule::share_of(0, 0));
  BOOST_TEST(*rule::share_of(1, 3) == 333333);  // units of a millionth, as divide rounds
  BOOST_TEST(*rule::share_of(2, 2) == kOne);
  BOOST_TEST(!rule::quotient(kOne, 0));
}

BOOST_AUTO_TEST_CASE(formula_points_are_rounded_then_kept_within_zero_and_the_maximum) {
  BOOST_TEST(rule::formula_points(2'500'000, 0, hoctap::internal::Rounding::half_up, 10 * kOne) == 3 * kOne);
  BOOST_TEST(rule::formula_points(2'500'000, 0, hoctap::internal::Rounding::half_even, 10 * kOne) == 2 * kOne);
  BOOST_TEST(rule::formula_points(-kOne, 0, hoctap::internal::Rounding::half_up, 10 * kOne) == 0);
  BOOST_TEST(rule::formula_points(11 * kOne, 0, hoctap::internal::Rounding::half_up, 10 * kOne) == 10 * kOne);
}

// The block evaluator's product with a whole constant tests a bound worked out once per
// column; it must answer as the overflow test it replaced (no int64 overflow, not INT64_MIN).
BOOST_AUTO_TEST_CASE(a_product_by_a_whole_number_fails_exactly_when_it_overflows) {
  const std::int64_t picks[] = {0, 1, -1, 2, -2, 3, 7, 1000000, -1000000, 3037000499, 3037000500, -3037000500, INT64_MAX / 2,
                                INT64_MAX / 2 + 1, INT64_MIN / 2, INT64_MIN / 2 - 1, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1};
  std::uint64_t state = 5;
  std::vector<std::int64_t> xs(std::begin(picks), std::end(picks));
  for (int k = 0; k < 2000; ++k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    xs.push_back(static_cast<std::int64_t>(state) >> (state % 63));
  }
  std::size_t checked = 0;
  for (const std::int64_t w : xs) {
    const std::int64_t limit = rule::whole_factor_limit(w);
    for (const std::int64_t x : xs) {
      std::int64_t want = 0, got = 0;
      const bool fits = !__builtin_mul_overflow(x, w, &want) && want != INT64_MIN;
      BOOST_TEST_REQUIRE(rule::product_by_whole(x, w, limit, got) == fits, x << " * " << w);
      if (fits) BOOST_TEST_REQUIRE(got == want, x << " * " << w);
      ++checked;
    }
  }
  BOOST_TEST(checked == xs.size() * xs.size());
}

BOOST_AUTO_TEST_CASE(kleene_lets_the_deciding_value_win_over_an_unknown) {
  // and: false decides; or: true decides (a_decides / b_decides are "has the deciding value").
  BOOST_TEST((rule::kleene(true, false, false, true) == rule::Kleene::decided));
  BOOST_TEST((rule::kleene(true, false, true, false) == rule::Kleene::first));
  BOOST_TEST((rule::kleene(false, false, true, false) == rule::Kleene::second));
  BOOST_TEST((rule::kleene(false, false, false, false) == rule::Kleene::undecided));
}

BOOST_AUTO_TEST_CASE(a_case_unknown_before_one_that_holds_leaves_the_points_unknown) {
  BOOST_TEST((rule::case_step(true, true) == rule::Case::unknown));
  BOOST_TEST((rule::case_step(false, true) == rule::Case::take));
  BOOST_TEST((rule::case_step(false, false) == rule::Case::next));
}

BOOST_AUTO_TEST_CASE(criterion_status_by_pass_mark_uses_certain_and_possible_points) {
  BOOST_TEST(rule::status_by_pass(true, 5 * kOne, 9 * kOne, 5 * kOne) == rule::kMet);
  BOOST_TEST(rule::status_by_pass(true, 4 * kOne, 9 * kOne, 5 * kOne) == rule::kOpen);
  BOOST_TEST(rule::status_by_pass(true, 4 * kOne, 4 * kOne, 5 * kOne) == rule::kNotMet);
  BOOST_TEST(rule::status_by_pass(false, 9 * kOne, 9 * kOne, 5 * kOne) == rule::kNotApplicable);
  BOOST_TEST(rule::status_by_children(true, true, true) == rule::kNotMet);
  BOOST_TEST(rule::status_by_children(true, false, true) == rule::kOpen);
  const unsigned seen = rule::status_bit(rule::kNotApplicable) | rule::status_bit(rule::kMet);
  BOOST_TEST(rule::some_applies(seen));
  BOOST_TEST(!rule::some_applies(rule::status_bit(rule::kNotApplicable)));
}

BOOST_AUTO_TEST_CASE(levels_climb_stops_at_the_first_level_not_met_or_unknown) {
  std::int32_t level = 0, unknown_at = -1;
  BOOST_TEST(rule::level_step(false, true, 0, level, unknown_at));
  BOOST_TEST(!rule::level_step(true, false, 1, level, unknown_at));
  BOOST_TEST(level == 1);
  BOOST_TEST(unknown_at == 1);
  BOOST_TEST(rule::level_status(0, 0) == rule::kOpen);
  BOOST_TEST(rule::level_status(0, 1) == rule::kNotMet);
  BOOST_TEST(rule::merge_unknown_at(-1, 2) == 2);
  BOOST_TEST(rule::merge_unknown_at(1, 2) == 1);
  BOOST_TEST(rule::merge_unknown_at(1, -1) == 1);
  BOOST_TEST(rule::levels_verdict(0, 0, false) == rule::kOpenVerdict);
  BOOST_TEST(rule::levels_verdict(0, 0, true) == rule::kFail);
  BOOST_TEST(rule::levels_verdict(2, -1, false) == rule::kPass);
}

BOOST_AUTO_TEST_CASE(verdicts_fail_or_leave_open_and_failing_wins) {
  BOOST_TEST(rule::floor_verdict(true, 1 * kOne, 1 * kOne, 2 * kOne) == rule::kFail);
  BOOST_TEST(rule::floor_verdict(true, 1 * kOne, 3 * kOne, 2 * kOne) == rule::kOpenVerdict);
  BOOST_TEST(rule::floor_verdict(false, 0, 0, 2 * kOne) == rule::kPass);
  BOOST_TEST(rule::threshold_verdict(50 * kOne, 60 * kOne, 50 * kOne) == rule::kPass);
  BOOST_TEST(rule::threshold_verdict(40 * kOne, 60 * kOne, 50 * kOne) == rule::kOpenVerdict);
  BOOST_TEST(rule::threshold_verdict(40 * kOne, 49 * kOne, 50 * kOne) == rule::kFail);
  BOOST_TEST(rule::knockout_verdict(true, false) == rule::kOpenVerdict);
  BOOST_TEST(rule::check_verdict(false, false) == rule::kOpenVerdict);
  BOOST_TEST(rule::check_verdict(true, false) == rule::kPass);
  BOOST_TEST(rule::decision(rule::kFail | rule::kOpenVerdict) == rule::kNotRecognized);
  BOOST_TEST(rule::decision(rule::kOpenVerdict) == rule::kNotAssessable);
  BOOST_TEST(!rule::has_grade(rule::kNotAssessable));
}

BOOST_AUTO_TEST_CASE(bands_below_every_minimum_are_the_otherwise_band) {
  const std::int64_t mins[] = {50 * kOne, 70 * kOne};
  const bool recognized[] = {false, true};
  auto min_of = [&](int b) { return mins[b]; };
  auto recognized_of = [&](int b) { return recognized[b]; };
  BOOST_TEST(rule::band_of(2, 49 * kOne, min_of) == rule::kOtherwiseBand);
  BOOST_TEST(rule::band_grade(rule::kOtherwiseBand, 2) == 2);
  BOOST_TEST(rule::band_of(2, 70 * kOne, min_of) == 1);
  BOOST_TEST(rule::bands_verdict(1, 1, recognized_of) == rule::kPass);
  BOOST_TEST(rule::bands_verdict(rule::kOtherwiseBand, 0, recognized_of) == rule::kFail);  // neither recognizes
  BOOST_TEST(rule::bands_verdict(0, 1, recognized_of) == rule::kOpenVerdict);             // they disagree
}

BOOST_AUTO_TEST_SUITE_END()
