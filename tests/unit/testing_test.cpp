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

// Every word of a mismatch has its Vietnamese: the field, `(none)`, the fragment, a
// decision and a status; numbers and ids are the same in both.
BOOST_AUTO_TEST_CASE(mismatches_are_said_in_vietnamese_too) {
  const std::string text = hoctap_test::minimal_set(
      "  co: {type: bool, label: {vi: Có, en: Yes}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points: {conditions: [{when: co, points: 10}], otherwise: 0}\n",
      "tests:\n"
      "  - name: wrong\n    date: 2021-01-01\n    input: {co: false}\n"
      "    expect: {decision: recognized, grade: kha, total: 10, points_to_next_grade: 5, nodes: {tc1: {points: 10, status: met}},\n"
      "             problems: [missing], explain_contains: [\"không có\"], explain_contains_en: [\"nothing\"]}\n");
  auto r = hoctap::load_criteria_string(text, "cases.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  auto reports = hoctap::run_cases(*r.set);
  BOOST_REQUIRE(reports.size() == 1u);
  std::vector<std::string> en, vi;
  for (const auto& m : reports[0].mismatches) {
    en.push_back(m.what_in(hoctap::Lang::en) + ": " + m.expected_in(hoctap::Lang::en) + " / " + m.actual_in(hoctap::Lang::en).substr(0, m.actual.find('\n')));
    vi.push_back(m.what_in(hoctap::Lang::vi) + ": " + m.expected_in(hoctap::Lang::vi) + " / " + m.actual_in(hoctap::Lang::vi).substr(0, m.actual_vi.find('\n')));
  }
  for (const auto& l : vi) BOOST_TEST_MESSAGE(l);
  BOOST_TEST((en == std::vector<std::string>{"decision: recognized / not_recognized", "total: 10 / 0", "grade: kha / (none)",
                                             "points_to_next_grade: 5 / 0", "node tc1 points: 10 / 0", "node tc1 status: met / not_met",
                                             "problems: missing / (none)",
                                             "explanation (vi): contains \"không có\" / Bộ tối thiểu — none (t/minimal, phiên bản 1)",
                                             "explanation (en): contains \"nothing\" / Minimal set — none (t/minimal, version 1)"}));
  BOOST_TEST((vi == std::vector<std::string>{"kết quả công nhận: được công nhận / không được công nhận", "tổng điểm: 10 / 0",
                                             "xếp loại: kha / (không có)", "số điểm còn thiếu để lên loại trên: 5 / 0",
                                             "điểm của nút `tc1`: 10 / 0", "kết quả của nút `tc1`: đạt / không đạt",
                                             "vấn đề dữ liệu: missing / (không có)",
                                             "lời giải thích tiếng Việt: có chứa \"không có\" / Bộ tối thiểu — none (t/minimal, phiên bản 1)",
                                             "lời giải thích tiếng Anh: có chứa \"nothing\" / Minimal set — none (t/minimal, version 1)"}));
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
