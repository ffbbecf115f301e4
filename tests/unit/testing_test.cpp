// The case runner: passing cases pass, and a wrong expectation is reported as expected
// against actual, per node.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

BOOST_AUTO_TEST_SUITE(testing)

BOOST_AUTO_TEST_CASE(reports_expected_against_actual) {
  const std::string text = hoctap_test::minimal_set(
      "  co: {type: bool, label: {vi: Có, en: Yes}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points: {conditions: [{when: co, points: 10}], otherwise: 0}\n",
      "tests:\n"
      "  - name: right\n    date: 2021-01-01\n    input: {co: true}\n    expect: {decision: recognized, total: 10}\n"
      "  - name: wrong\n    date: 2021-01-01\n    input: {co: false}\n"
      "    expect: {decision: recognized, total: 10, nodes: {tc1: {points: 10, status: met}}, explain_contains: [\"không có\"]}\n");
  auto r = hoctap::load_criteria_string(text, "cases.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  auto reports = hoctap::run_cases(*r.set);
  BOOST_REQUIRE(reports.size() == 2u);
  BOOST_TEST(reports[0].passed);
  BOOST_TEST(!reports[1].passed);
  BOOST_TEST(reports[1].line == 22);
  std::vector<std::string> lines;
  for (const auto& m : reports[1].mismatches) lines.push_back(m.what + ": " + m.expected + " / " + m.actual.substr(0, m.actual.find('\n')));
  for (const auto& l : lines) BOOST_TEST_MESSAGE(l);
  BOOST_TEST((lines == std::vector<std::string>{"decision: recognized / not_recognized", "total: 10 / 0",
                                                "node tc1 points: 10 / 0", "node tc1 status: met / not_met",
                                                "explanation (vi): contains \"không có\" / Bộ tối thiểu — none (t/minimal, phiên bản 1)"}));
}

BOOST_AUTO_TEST_CASE(nested_fixtures_run_through_the_registry) {
  auto reg = hoctap::Registry::load_directory(hoctap_test::source_path("tests/data/registry"));
  BOOST_TEST_REQUIRE(reg.ok());
  auto clan = reg.registry->versions("dong_ho_fixture").front();
  auto reports = hoctap::run_cases(clan, &*reg.registry);
  BOOST_TEST(reports.size() == 3u);
  for (const auto& c : reports) BOOST_TEST(c.passed, c.name);
  // Without the registry the families are not evaluated, so the first case fails.
  BOOST_TEST(!hoctap::run_cases(clan).front().passed);
}

BOOST_AUTO_TEST_SUITE_END()
