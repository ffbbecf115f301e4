// Every bundled criteria set, judged on random entities twice: once as records (the
// reference path) and once as a batch of columns. Both must agree row for row on the
// decision, total, grade, level, every node's points and status, and the data problems.
// The values are drawn to reach every branch: missing inputs, out-of-range numbers,
// unknown category labels, empty and absent member lists, members' results
// (rule_fuzz_paths.cpp, shared with the rule fuzzer).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>

#include "helpers.hpp"
#include "rule_fuzz.hpp"

namespace {

// `reused` has held the results of other sets (other shapes, other sizes): evaluating into
// it must leave nothing of theirs behind.
void run_set(const std::string& path, std::uint32_t seed, hoctap::BatchResult& out, bool clean = false) {
  auto set = hoctap::CriteriaSet::load(path, {});
  hoctap_test::PathOptions options;
  options.clean = clean;
  const auto report = hoctap_test::compare_paths(set, seed, out, options);
  for (const auto& m : report.first) BOOST_ERROR(m);
  BOOST_TEST(report.mismatched == 0u, set.id() << ": " << report.mismatched << " rows differ");
  // The draw must reach the outcomes it is meant to test, or the comparison proves little.
  const auto& d = report.decisions;
  BOOST_TEST_MESSAGE(set.id() << ": recognized/not/open " << d[0] << "/" << d[1] << "/" << d[2]);
  BOOST_TEST((d[0] > 0) + (d[1] > 0) + (d[2] > 0) >= 2, set.id() << " reaches one outcome only");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(batch_differential)

std::vector<std::string> bundled_sets() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(hoctap_test::source_path("criteria"))) {
    const std::string p = e.path().string();
    if (e.is_regular_file() && p.size() > 5 && p.compare(p.size() - 5, 5, ".yaml") == 0 &&
        p.find(".tests.yaml") == std::string::npos && e.path().filename() != "targets.yaml")
      files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  BOOST_TEST_REQUIRE(files.size() >= 19u);
  return files;
}

BOOST_AUTO_TEST_CASE(every_bundled_set_agrees_with_the_record_path_on_random_entities) {
  std::uint32_t seed = 11;
  hoctap::BatchResult reused;
  for (const std::string& f : bundled_sets()) run_set(f, seed++, reused);
}

// The same on plain values (no missing, out-of-range or off-scale value): the blocks the
// block evaluator judges whole, without the row path.
BOOST_AUTO_TEST_CASE(every_bundled_set_agrees_with_the_record_path_on_plain_values) {
  std::uint32_t seed = 101;
  hoctap::BatchResult reused;
  for (const std::string& f : bundled_sets()) run_set(f, seed++, reused, true);
}

// A criterion whose four children each are met at their own score (four-indicators.yaml):
// the block evaluator works out their statuses as it adds up their points, and each
// child's status must be read against its own maximum.
BOOST_AUTO_TEST_CASE(four_children_with_their_own_maxima_agree_with_the_record_path) {
  const std::string path = hoctap_test::source_path("tests/data/batch/four-indicators.yaml");
  hoctap::BatchResult reused;
  for (std::uint32_t seed = 201; seed < 205; ++seed) {
    run_set(path, seed, reused, true);
    run_set(path, seed, reused);
  }
}

BOOST_AUTO_TEST_SUITE_END()
