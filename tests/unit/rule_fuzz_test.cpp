// The rule fuzzer (issue #11): random valid criteria sets (rule_fuzz_sets.cpp) × random data
// with missing and bad values, each judged by every C++ path (record; batch on 1 and 2
// threads) and compared field by field (rule_fuzz_paths.cpp), and by the set's twin with its
// expressions rewritten (rule_fuzz_canonical.cpp). A bounded run here; longer
// runs by hand: HOCTAP_RULE_FUZZ=<first seed>:<sets>[:<rows>] hoctap_tests --run_test=rule_fuzz
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "helpers.hpp"
#include "rule_fuzz.hpp"
#include "sanitizers.hpp"

namespace {

#if HOCTAP_TEST_ASAN || HOCTAP_TEST_TSAN
constexpr unsigned kSets = 100, kRows = 100;  // sanitizer builds run every suite, several times slower
#else
constexpr unsigned kSets = 800, kRows = 200;
#endif

struct Plan {
  unsigned seed = 1, sets = kSets, rows = kRows;
};

Plan plan() {
  Plan p;
  if (const char* env = std::getenv("HOCTAP_RULE_FUZZ")) {
    const std::string s(env);
    const auto a = s.find(':'), b = s.find(':', a == std::string::npos ? a : a + 1);
    p.seed = static_cast<unsigned>(std::stoul(s.substr(0, a)));
    if (a != std::string::npos) p.sets = static_cast<unsigned>(std::stoul(s.substr(a + 1, b - a - 1)));
    if (b != std::string::npos) p.rows = static_cast<unsigned>(std::stoul(s.substr(b + 1)));
  }
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rule_fuzz)

// Each set also against its rewritten twin (rewritten_twin): canonical texts that compile
// back to themselves, the same canonical text for each expression and its rewrite, no
// difference in `hoctap diff`, and every entity judged alike by the record path.
BOOST_AUTO_TEST_CASE(generated_sets_are_valid_and_judged_alike_by_every_path) {
  const Plan p = plan();
  hoctap::BatchResult reused;
  std::size_t rows = 0, mismatched = 0, decisions[3] = {0, 0, 0}, levels = 0, expressions = 0;
  for (unsigned k = 0; k < p.sets; ++k) {
    const unsigned seed = p.seed + k;
    const std::string text = hoctap_test::random_criteria(seed);
    auto loaded = hoctap::load_criteria_string(text, "fuzz-" + std::to_string(seed) + ".yaml");
    BOOST_TEST_REQUIRE(loaded.ok(), "generated set " << seed << " does not load:\n" << hoctap::format(loaded.diagnostics) << "\n" << text);
    const hoctap_test::Twin twin = hoctap_test::rewritten_twin(*loaded.set, seed);
    for (const auto& m : twin.problems) BOOST_ERROR("set " << seed << ": " << m << "\n" << text << "\nrewritten:\n" << twin.text);
    hoctap_test::PathOptions options = hoctap_test::fuzz_options(seed, p.rows);
    if (twin.set) options.twin = &*twin.set;
    const auto report = hoctap_test::compare_paths(*loaded.set, seed, reused, options);
    for (const auto& m : report.first) BOOST_ERROR(m << "\n" << text << (report.twin_mismatched > 0 ? "\nrewritten:\n" + twin.text : ""));
    if (report.mismatched > 0 || report.twin_mismatched > 0 || !twin.problems.empty()) break;  // one set's text is enough to read
    rows += report.rows;
    mismatched += report.mismatched;
    expressions += twin.expressions;
    for (int d = 0; d < 3; ++d) decisions[d] += report.decisions[d];
    levels += text.find("scoring: levels") != std::string::npos;
  }
  BOOST_TEST_MESSAGE("rule_fuzz: seeds " << p.seed << ".." << p.seed + p.sets - 1 << ", " << p.sets << " sets (" << levels << " levels sets, "
                                         << expressions << " expressions rewritten), " << rows << " entities; recognized/not/open "
                                         << decisions[0] << "/" << decisions[1] << "/" << decisions[2] << "; mismatched " << mismatched);
  BOOST_TEST(mismatched == 0u);
  // The draws must reach every outcome, or the comparison proves little.
  BOOST_TEST(decisions[0] > 0u);
  BOOST_TEST(decisions[1] > 0u);
  BOOST_TEST(decisions[2] > 0u);
}

// The aggregates over one list share their member counts (count_members): in
// tests/data/shared-counts, nine counters over `thanh_vien` (three words of lanes) from
// count, all, any and share with and without filters, two of them read twice; a knock-out
// whose filter reads `total` counts alone. Random members with missing values (a counter
// with an unknown entry counts alone while the others share) and plain ones, over three
// blocks, judged by every path.
BOOST_AUTO_TEST_CASE(aggregates_sharing_their_counts_are_judged_alike_by_every_path) {
  auto set = hoctap::CriteriaSet::load(hoctap_test::source_path("tests/data/shared-counts/shared-counts.yaml"));
  hoctap::BatchResult reused;
  std::size_t decisions[3] = {0, 0, 0};
  for (unsigned seed = 1; seed <= 6; ++seed) {
    hoctap_test::PathOptions options;
    options.rows = 2 * hoctap::internal::BlockEvaluator::kRows + 52;  // three blocks
    options.clean = seed % 2 == 0;
    const auto report = hoctap_test::compare_paths(set, seed, reused, options);
    for (const auto& m : report.first) BOOST_ERROR(m);
    BOOST_TEST(report.mismatched == 0u, "seed " << seed);
    for (int d = 0; d < 3; ++d) decisions[d] += report.decisions[d];
  }
  BOOST_TEST(decisions[0] > 0u);
  BOOST_TEST(decisions[1] > 0u);
  BOOST_TEST(decisions[2] > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
