// The loader's diagnostics, checked against golden files: tests/golden/NAME.yaml is a
// broken criteria file, NAME.expected the exact text `hoctap validate --lang en` prints
// for it and NAME.vi.expected the text of `--lang vi`.
// Run with HOCTAP_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>

#include "helpers.hpp"
#include "util/messages.hpp"

namespace fs = std::filesystem;
using hoctap_test::codes;
using hoctap_test::minimal_set;

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(golden_diagnostics) {
  const fs::path dir = hoctap_test::source_path("tests/golden");
  const bool update = std::getenv("HOCTAP_UPDATE_GOLDEN") != nullptr;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = "golden/" + entry.path().filename().string();
    auto loaded = hoctap::load_criteria_string(hoctap_test::read_text(entry.path().string()), name);
    for (const hoctap::Lang lang : {hoctap::Lang::en, hoctap::Lang::vi}) {
      const std::string actual = hoctap::format(loaded.diagnostics, lang);
      fs::path expected_path = entry.path();
      expected_path.replace_extension(lang == hoctap::Lang::vi ? ".vi.expected" : ".expected");
      if (update) std::ofstream(expected_path, std::ios::binary) << actual;
      BOOST_TEST_CONTEXT(expected_path.filename().string()) {
        BOOST_TEST(!actual.empty());
        BOOST_TEST(actual == hoctap_test::read_text(expected_path.string()));
      }
    }
    ++checked;
  }
  BOOST_TEST(checked >= 7);
}

BOOST_AUTO_TEST_CASE(every_code_the_source_uses_is_documented) {
  const std::string doc = hoctap_test::read_text(hoctap_test::source_path("docs/diagnostics.md"));
  int codes_seen = 0;
  for (const auto& entry : fs::recursive_directory_iterator(hoctap_test::source_path("src"))) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = hoctap_test::read_text(entry.path().string());
    for (std::size_t at = text.find("\"H"); at != std::string::npos; at = text.find("\"H", at + 1)) {
      std::string code = text.substr(at + 1, 4);
      if (text.size() <= at + 5 || text[at + 5] != '"' || code.find_first_not_of("H0123456789") != std::string::npos) continue;
      ++codes_seen;
      BOOST_TEST(doc.find("| " + code + " |") != std::string::npos, code << " used in " << entry.path().filename());
    }
  }
  BOOST_TEST(codes_seen > 30);
}

BOOST_AUTO_TEST_CASE(reports_every_problem_not_just_the_first) {
  auto r = hoctap::load_criteria_string(hoctap_test::read_text(hoctap_test::source_path("tests/golden/types.yaml")), "t.yaml");
  BOOST_TEST(r.diagnostics.size() >= 7u);
}

BOOST_AUTO_TEST_CASE(a_valid_set_loads_with_its_metadata) {
  auto r = hoctap::load_criteria_string(
      minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                  "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n"
                  "    points: {conditions: [{when: co, points: 10}], otherwise: 0}\n"),
      "m.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST(r.set->id() == "t/minimal");
  BOOST_TEST(r.set->title() == "minimal");
  BOOST_TEST(r.set->valid_from().to_string() == "2020-01-01");
  BOOST_TEST(!r.set->valid_to().has_value());
  BOOST_TEST(r.set->nodes().size() == 1u);
  BOOST_TEST(r.set->nodes()[0].max_points.to_string() == "10");
  BOOST_TEST(r.set->sha256().size() == 64u);
}

BOOST_AUTO_TEST_CASE(assessed_indicators_declare_their_score_input) {
  auto r = hoctap::load_criteria_string(
      minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                  "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points: {assessed: true}\n"),
      "m.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  bool found = false;
  for (const auto& in : r.set->inputs())
    if (in.name == "score.tc1") found = in.type == "decimal";
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(not_applicable_needs_an_explicit_award) {
  auto r = hoctap::load_criteria_string(
      minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                  "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    applies_when: co\n    points: {assessed: true}\n"),
      "m.yaml");
  BOOST_TEST(codes(r.diagnostics) == "H101");
  BOOST_TEST(r.diagnostics[0].message ==
             "say what a node that does not apply earns: `if_not_applicable: full_points` or `no_points`");
}

BOOST_AUTO_TEST_CASE(unreadable_files_are_diagnostics_not_exceptions) {
  auto r = hoctap::load_criteria_file("/nonexistent/x.yaml");
  BOOST_TEST(codes(r.diagnostics) == "H001");
  BOOST_TEST(hoctap::format(r.diagnostics) == "/nonexistent/x.yaml: error[H001]: cannot read `/nonexistent/x.yaml`\n");
}

BOOST_AUTO_TEST_CASE(sibling_tests_files_add_cases) {
  auto r = hoctap::load_criteria_file(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(hoctap::case_count(*r.set) >= 10u);
  hoctap::LoadOptions no_tests;
  no_tests.load_sibling_tests = false;
  auto bare = hoctap::load_criteria_file(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"), no_tests);
  BOOST_TEST(hoctap::case_count(*bare.set) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(unknown_maxima_must_be_marked_unknown_and_fit_under_known_ones) {
  auto unmarked = hoctap::load_criteria_string(
      minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                  "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    indicators:\n"
                  "      - {id: a, name: {vi: A, en: A}, max: unknown, points: {assessed: true}}\n"),
      "m.yaml");
  BOOST_TEST(codes(unmarked.diagnostics) == "H103");
  BOOST_TEST(unmarked.diagnostics[0].message == "`max: unknown` is allowed only on a node marked `confidence: unknown`");
  auto too_much = hoctap::load_criteria_string(
      minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                  "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    indicators:\n"
                  "      - {id: a, name: {vi: A, en: A}, max: 12, points: {assessed: true}}\n"
                  "      - {id: b, name: {vi: B, en: B}, max: unknown, confidence: unknown, note: n, points: {assessed: true}}\n"),
      "m.yaml");
  BOOST_TEST(codes(too_much.diagnostics) == "H300");
  BOOST_TEST(too_much.diagnostics[0].message == "the known indicators' maxima add up to 12, more than 10");
  auto no_cap = hoctap::load_criteria_string(
      minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                  "  - {id: a, name: {vi: A, en: A}, max: unknown, confidence: unknown, note: n, points: {assessed: true}}\n"),
      "m.yaml");
  BOOST_TEST(codes(no_cap.diagnostics) == "H101");
}

// Places other than nodes carry their own confidence: dates and totals as
// `{value, confidence, note}`, blocks, bands and points rules as keys. A place without
// one inherits from the place enclosing it (the legal basis at the top).
BOOST_AUTO_TEST_CASE(choices_carry_their_own_confidence_and_inherit_otherwise) {
  const std::string text = minimal_set(
      "  co: {type: bool, label: {vi: Có, en: Yes}}\n"
      "  nguong: {type: decimal, local: true, label: {vi: Ngưỡng, en: Threshold}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n"
      "    applies_when: {value: co, confidence: inferred, note: which entities it applies to is read}\n"
      "    if_not_applicable: full_points\n"
      "    points: {assessed: true, confidence: unknown, note: partial points not retrieved}\n",
      "valid_to: {value: 2022-06-30, confidence: unknown, note: the day is a placeholder}\n"
      "max_total: {value: 10, confidence: inferred, note: the sum of the known maxima}\n"
      "grades:\n  bands:\n    - {id: dat, name: {vi: Đạt, en: Pass}, min: 5, confidence: inferred, note: recognized is a reading}\n"
      "  otherwise: {id: khong, name: {vi: Không, en: No}}\n");
  auto r = hoctap::load_criteria_string(text, "m.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST(r.diagnostics.empty(), hoctap::format(r.diagnostics));
  BOOST_TEST(r.set->valid_to()->to_string() == "2022-06-30");
  std::string listed;
  for (const auto& u : r.set->unconfirmed()) listed += std::to_string(u.line) + " " + u.place + " " + std::string(to_string(u.confidence)) + ": " + u.note + "\n";
  BOOST_TEST(listed ==
             "16 criteria[0].applies_when (tc1) inferred: which entities it applies to is read\n"
             "18 criteria[0].points (tc1) unknown: partial points not retrieved\n"
             "20 valid_to unknown: the day is a placeholder\n"
             "21 max_total inferred: the sum of the known maxima\n"
             "24 grades.bands (dat) inferred: recognized is a reading\n");
  BOOST_TEST(r.set->nodes()[0].confidence == hoctap::Confidence::confirmed);  // the node itself is the legal basis's
  BOOST_TEST(r.set->inputs()[1].local);
  BOOST_TEST(!r.set->inputs()[0].local);
  const std::string doc = hoctap::render_document(*r.set, hoctap::Lang::en, hoctap::DocFormat::markdown);
  BOOST_TEST(doc.find("| In force | 2020-01-01 – 2022-06-30 (unknown: the day is a placeholder) |") != std::string::npos, doc);
  BOOST_TEST(doc.find("entered by the assessor (`score.tc1`). Scoring (unknown: partial points not retrieved). Applies only when yes; if not: full points (inferred: which entities it applies to is read)") != std::string::npos, doc);
  BOOST_TEST(doc.find("| Pass | ≥ 5 | yes | inferred: recognized is a reading |") != std::string::npos, doc);
  BOOST_TEST(doc.find("(a value the locality decides; may be given once with `--context`)") != std::string::npos, doc);

  // Under a legal basis that is not confirmed, the dates inherit its doubt but are not
  // listed apart; a note without `confidence` warns (H107); a doubt without a note is H101.
  auto inherited = hoctap::load_criteria_string(
      minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                  "  - {id: tc1, name: {vi: Một, en: One}, max: 10, note: says something, points: {assessed: true}}\n",
                  "valid_to: {value: 2022-06-30, confidence: inferred}\n"),
      "m.yaml");
  BOOST_TEST(codes(inherited.diagnostics) == "H107 H101");
  BOOST_TEST(inherited.diagnostics[0].message ==
             "a `note` without `confidence`: this place reads as its inherited confidence (`confirmed`); write `confidence:` beside the note");
}

// A parameter (a threshold by area) carries provenance as a node does: a doubt says why
// (H101), a note without `confidence` warns (H107) and reads as the legal basis's
// confidence, never as confirmed on its own; only a written `confidence` lists a note
// among the confirmed ones.
BOOST_AUTO_TEST_CASE(parameters_carry_provenance_as_nodes_do) {
  const std::string inputs = "  vung: {type: category, scale: vung, label: {vi: Vùng, en: Area}}\n";
  const std::string one = "  - {id: tc1, name: {vi: Một, en: One}, max: 10, points: {assessed: true}}\n";
  auto with_parameter = [&](const std::string& marks, const std::string& legal = "confirmed") {
    std::string text = minimal_set(inputs, one,
                                   "scales:\n  vung: [{id: a, vi: A, en: A}, {id: b, vi: B, en: B}]\n"
                                   "parameters:\n  nguong:\n    type: int\n    label: {vi: Ngưỡng, en: Threshold}\n"
                                   "    by: vung\n    values: {a: 8, b: 7}\n" + marks);
    const std::string from = "confidence: confirmed}";
    text.replace(text.find(from), from.size(), "confidence: " + legal + (legal == "confirmed" ? "}" : ", note: why}"));
    return hoctap::load_criteria_string(text, "p.yaml");
  };
  auto no_note = with_parameter("    confidence: unknown\n");
  BOOST_TEST_REQUIRE(codes(no_note.diagnostics) == "H101");
  BOOST_TEST(hoctap::format(no_note.diagnostics, hoctap::Lang::en) ==
             "p.yaml:18:5: error[H101]: a parameter that is not confirmed says why in `note`\n"
             "  at parameters.nguong\n"
             " 18 |     type: int\n"
             "    |     ^\n");
  BOOST_TEST(no_note.diagnostics[0].message_vi == "một tham số chưa được xác nhận cần ghi lý do trong `note`");

  auto note_only = with_parameter("    note: the province set 7, no document\n");
  BOOST_TEST_REQUIRE(codes(note_only.diagnostics) == "H107");
  BOOST_TEST(note_only.diagnostics[0].yaml_path == "parameters.nguong.note");
  BOOST_TEST(note_only.diagnostics[0].message ==
             "a `note` without `confidence`: this place reads as its inherited confidence (`confirmed`); write `confidence:` beside the note");
  BOOST_TEST(note_only.set->confirmed_notes().empty());  // not listed as a confirmed note
  // Under a legal basis that is not confirmed, the parameter inherits its doubt.
  auto under_doubt = with_parameter("    note: the province set 7, no document\n", "inferred");
  BOOST_TEST_REQUIRE(codes(under_doubt.diagnostics) == "H107");
  BOOST_TEST(under_doubt.diagnostics[0].message ==
             "a `note` without `confidence`: this place reads as its inherited confidence (`inferred`); write `confidence:` beside the note");
  std::string listed;
  for (const auto& u : under_doubt.set->unconfirmed()) listed += u.place + " " + std::string(to_string(u.confidence)) + ": " + u.note + "\n";
  BOOST_TEST(listed == "legal_basis inferred: why\ncriteria[0] (tc1) inferred: \nparameters.nguong inferred: the province set 7, no document\n");

  auto confirmed = with_parameter("    confidence: confirmed\n    note: two pages agree\n");
  BOOST_TEST_REQUIRE(confirmed.ok(), hoctap::format(confirmed.diagnostics));
  BOOST_TEST(confirmed.diagnostics.empty());
  BOOST_REQUIRE(confirmed.set->confirmed_notes().size() == 1u);
  BOOST_TEST(confirmed.set->confirmed_notes()[0].place == "parameters.nguong");
  auto bad = with_parameter("    confidence: sure\n    note: n\n");
  BOOST_TEST(codes(bad.diagnostics) == "H103");  // the bad value alone, not also H107
}

// The legal basis's instrument and source are the set's provenance: written empty, they
// are as missing as left out.
BOOST_AUTO_TEST_CASE(an_empty_legal_source_is_missing) {
  std::string text = minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                                 "  - {id: tc1, name: {vi: Một, en: One}, max: 10, points: {assessed: true}}\n");
  const std::string from = "legal_basis: {instrument: none, source: unit test, confidence: confirmed}";
  text.replace(text.find(from), from.size(), "legal_basis: {instrument: none, source: \"\", confidence: confirmed}");
  auto r = hoctap::load_criteria_string(text, "l.yaml");
  BOOST_TEST_REQUIRE(codes(r.diagnostics) == "H101");
  BOOST_TEST(hoctap::format(r.diagnostics, hoctap::Lang::en) ==
             "l.yaml:8:41: error[H101]: `source` of the legal basis is empty: say where the set comes from\n"
             "  at legal_basis.source\n"
             " 8 | legal_basis: {instrument: none, source: \"\", confidence: confirmed}\n"
             "   | " + std::string(40, ' ') + "^\n");
  BOOST_TEST(r.diagnostics[0].message_vi == "`source` của căn cứ pháp lý để trống: hãy nêu bộ tiêu chí lấy từ đâu");
}

// A recognition threshold outside 0..what can be scored is never met, or always met
// (H305, as `pass_at` outside its node's 0..max): a number, each value of the parameter
// it reads (by area and `default`), the floor per indicator against each indicator's
// maximum. A value given with the data (a local input) is not known when loading.
BOOST_AUTO_TEST_CASE(thresholds_out_of_reach_are_refused) {
  const std::string inputs = "  vung: {type: category, scale: vung, label: {vi: Vùng, en: Area}}\n"
                             "  nguong_dia_phuong: {type: decimal, local: true, label: {vi: Ngưỡng, en: Threshold}}\n";
  const std::string two = "  - {id: tc1, name: {vi: Một, en: One}, max: 10, points: {assessed: true}}\n"
                          "  - {id: tc2, name: {vi: Hai, en: Two}, max: 4, points: {assessed: true}}\n";
  auto load = [&](const std::string& recognition, const std::string& criteria = "") {
    const std::string text = minimal_set(inputs, criteria.empty() ? two : criteria,
                                         "scales:\n  vung: [{id: a, vi: A, en: A}, {id: b, vi: B, en: B}]\n"
                                         "parameters:\n  nguong:\n    type: int\n    label: {vi: Ngưỡng, en: Threshold}\n"
                                         "    by: vung\n    values: {a: 15, b: -1}\n    default: 20\n"
                                         "  co_dinh: {type: decimal, label: {vi: C, en: C}, value: 14.5}\n",
                                         "recognition: {" + recognition + "}\n");
    return hoctap::load_criteria_string(text, "t.yaml");
  };
  auto messages = [](const hoctap::LoadResult& r, hoctap::Lang lang = hoctap::Lang::en) {
    std::string out;
    for (const auto& d : r.diagnostics)
      out += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.code + " " + d.yaml_path + ": " + d.message_in(lang) + "\n";
    return out;
  };
  auto above = load("min_total: 15");
  BOOST_TEST(messages(above) == "15:26 H305 recognition.min_total: `min_total` 15 is above the maximum total 14: it can never be met\n");
  BOOST_TEST(messages(above, hoctap::Lang::vi) ==
             "15:26 H305 recognition.min_total: `min_total` 15 lớn hơn tổng điểm tối đa 14: không bao giờ đạt được\n");
  auto below = load("min_total: -5");
  BOOST_TEST(messages(below) == "15:26 H305 recognition.min_total: `min_total` -5 is below 0: every total meets it\n");
  // Every value the parameter can take, at the place it is written.
  auto by_area = load("min_total: nguong");
  BOOST_TEST(messages(by_area) ==
             "23:17 H305 parameters.nguong.values.a: `min_total` reads `nguong`, whose value 15 for `a` is above the maximum total 14: it can never be met\n"
             "23:24 H305 parameters.nguong.values.b: `min_total` reads `nguong`, whose value -1 for `b` is below 0: every total meets it\n"
             "24:14 H305 parameters.nguong.default: `min_total` reads `nguong`, whose value 20 (its `default`) is above the maximum total 14: it can never be met\n");
  BOOST_TEST(by_area.diagnostics[0].message_vi ==
             "`min_total` đọc `nguong`, mà giá trị 15 cho `a` lớn hơn tổng điểm tối đa 14: không bao giờ đạt được");
  auto constant = load("min_total: co_dinh");
  BOOST_TEST(messages(constant) ==
             "25:58 H305 parameters.co_dinh.value: `min_total` reads `co_dinh`, whose value 14.5 is above the maximum total 14: it can never be met\n");
  // The bounds themselves are reachable; a value given with the data, or any other
  // expression, is judged when evaluating.
  for (const char* fine : {"min_total: 14", "min_total: 0", "min_total: nguong_dia_phuong", "min_total: \"nguong_dia_phuong + 20\"",
                           "min_total: 5, every_indicator_at_least: 4", "min_total: 5, every_indicator_at_least: 0"})
    BOOST_TEST(load(fine).ok(), fine << "\n" << messages(load(fine)));

  auto floor_one = load("min_total: 5, every_indicator_at_least: 5");
  BOOST_TEST(messages(floor_one) ==
             "15:55 H305 recognition.every_indicator_at_least: `every_indicator_at_least` 5 is above the maximum 4 of indicator `tc2`: an entity it applies to can never be recognized\n");
  auto floor_many = load("min_total: 5, every_indicator_at_least: 11");
  BOOST_TEST(messages(floor_many) ==
             "15:55 H305 recognition.every_indicator_at_least: `every_indicator_at_least` 11 is above the maxima of 2 indicators (the lowest: `tc2`, 4): an entity they apply to can never be recognized\n");
  BOOST_TEST(floor_many.diagnostics[0].message_vi ==
             "`every_indicator_at_least` 11 lớn hơn điểm tối đa của 2 chỉ số (thấp nhất: `tc2`, 4): đối tượng nào có các chỉ số này áp dụng đều không bao giờ được công nhận");
  auto floor_negative = load("min_total: 5, every_indicator_at_least: -1");
  BOOST_TEST(messages(floor_negative) ==
             "15:55 H305 recognition.every_indicator_at_least: `every_indicator_at_least` -1 is below 0: every indicator meets it\n");
  // When a maximum could not be read, the maximum total is not known: nothing more is said.
  auto no_max = load("min_total: 15", "  - {id: tc1, name: {vi: Một, en: One}, max: ten, points: {assessed: true}}\n");
  BOOST_TEST(codes(no_max.diagnostics) == "H102");
}

// An open end can be a choice too: `valid_to: {value: ~, …}` keeps the set open-ended,
// lists the place and shows the note beside "now".
BOOST_AUTO_TEST_CASE(an_open_end_can_be_marked) {
  auto r = hoctap::load_criteria_string(
      minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                  "  - {id: tc1, name: {vi: Một, en: One}, max: 10, points: {assessed: true}}\n",
                  "valid_to: {value: ~, confidence: inferred, note: the successor was not found}\n"),
      "m.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST(!r.set->valid_to().has_value());
  BOOST_REQUIRE(r.set->unconfirmed().size() == 1u);
  BOOST_TEST(r.set->unconfirmed()[0].place == "valid_to");
  const std::string doc = hoctap::render_document(*r.set, hoctap::Lang::en, hoctap::DocFormat::markdown);
  BOOST_TEST(doc.find("| In force | 2020-01-01 – now (inferred: the successor was not found) |") != std::string::npos, doc);
}

// A confirmed legal basis's note is shown by `hoctap doc` and kept apart from the places
// not confirmed.
BOOST_AUTO_TEST_CASE(notes_on_confirmed_places_are_shown) {
  std::string text = minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n",
                                 "  - {id: tc1, name: {vi: Một, en: One}, max: 10, points: {assessed: true}}\n");
  const std::string from = "legal_basis: {instrument: none, source: unit test, confidence: confirmed}";
  text.replace(text.find(from), from.size(), "legal_basis: {instrument: none, source: unit test, confidence: confirmed, note: two signing dates}");
  auto r = hoctap::load_criteria_string(text, "m.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST(r.set->unconfirmed().empty());
  BOOST_REQUIRE(r.set->confirmed_notes().size() == 1u);
  BOOST_TEST(r.set->confirmed_notes()[0].place == "legal_basis");
  BOOST_TEST(r.set->confirmed_notes()[0].note == "two signing dates");
  const std::string doc = hoctap::render_document(*r.set, hoctap::Lang::vi, hoctap::DocFormat::markdown);
  BOOST_TEST(doc.find("| Độ tin cậy | đã xác nhận: two signing dates |") != std::string::npos, doc);
}

// `hoctap doc` says how each formula rounds and what each knock-out excludes, in both
// languages, as a province's own set may write them (the bundled sets have neither).
BOOST_AUTO_TEST_CASE(doc_says_each_rounding_and_each_knock_out) {
  std::string criteria = "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 32\n    indicators:\n";
  const char* modes[] = {"half_up", "half_even", "floor", "ceil"};
  for (int k = 0; k < 4; ++k)
    criteria += "      - {id: i" + std::to_string(k) + ", name: {vi: C" + std::to_string(k) + ", en: I" + std::to_string(k) +
                "}, max: 8, points: {formula: \"so / 3\", rounding: " + modes[k] + ", digits: " + std::to_string(k % 3) + "}}\n";
  auto r = hoctap::load_criteria_string(
      minimal_set("  so: {type: decimal, min: 0, max: 24, label: {vi: Số, en: Number}}\n"
                  "  ghi_chu: {type: text, label: {vi: Ghi chú, en: Note}}\n",
                  criteria, "",
                  "recognition:\n  min_total: 5\n  knockouts:\n    - id: ko\n      name: {vi: Bị kỷ luật, en: Disciplined}\n"
                  "      when: \"ghi_chu == 'ky_luat'\"\n"),
      "m.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  const std::string en = hoctap::render_document(*r.set, hoctap::Lang::en, hoctap::DocFormat::markdown);
  const std::string vi = hoctap::render_document(*r.set, hoctap::Lang::vi, hoctap::DocFormat::markdown);
  for (const char* line : {"| `i0` |   I0 | 8 | number divided by 3, rounded half up | confirmed |\n",
                            "| `i1` |   I1 | 8 | number divided by 3, rounded half to even (1 decimal) | confirmed |\n",
                            "| `i2` |   I2 | 8 | number divided by 3, rounded down (2 decimals) | confirmed |\n",
                            "| `i3` |   I3 | 8 | number divided by 3, rounded up | confirmed |\n",
                            "\nKnock-out: Disciplined (note is “ky_luat”).\n"})
    BOOST_TEST(en.find(line) != std::string::npos, line << "\n" << en);
  for (const char* line : {"| `i0` |   C0 | 8 | số chia cho 3, làm tròn | đã xác nhận |\n",
                            "| `i1` |   C1 | 8 | số chia cho 3, làm tròn về số chẵn (1 chữ số thập phân) | đã xác nhận |\n",
                            "| `i2` |   C2 | 8 | số chia cho 3, làm tròn xuống (2 chữ số thập phân) | đã xác nhận |\n",
                            "| `i3` |   C3 | 8 | số chia cho 3, làm tròn lên | đã xác nhận |\n",
                            "\nLoại trừ: Bị kỷ luật (ghi chú là “ky_luat”).\n"})
    BOOST_TEST(vi.find(line) != std::string::npos, line << "\n" << vi);
}

BOOST_AUTO_TEST_CASE(what_a_set_declares_is_bounded) {
  std::string indicators = "  - id: tc\n    name: {vi: T, en: T}\n    max: 1000\n    indicators:\n";
  for (int i = 0; i < 1000; ++i)
    indicators += "      - {id: i" + std::to_string(i) + ", name: {vi: I, en: I}, max: 1, points: {assessed: true}}\n";
  auto nodes = hoctap::load_criteria_string(minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n", indicators), "n.yaml");
  // The 1000th indicator is refused; the sum it leaves short is not reported as well.
  BOOST_TEST_REQUIRE(codes(nodes.diagnostics) == "H306");
  BOOST_TEST(nodes.diagnostics[0].message == "the set has more than 1000 criteria and indicators");
  const std::string one = "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points: {conditions: [{when: co, points: 10}], otherwise: 0}\n";
  std::string params = "parameters:\n";
  for (int i = 0; i < 501; ++i) params += "  p" + std::to_string(i) + ": {type: int, label: {vi: p, en: p}, value: 1}\n";
  auto p = hoctap::load_criteria_string(minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n", one, params), "p.yaml");
  BOOST_TEST(codes(p.diagnostics) == "H307");
  BOOST_TEST(p.diagnostics[0].message == "the set declares 501 parameters; the limit is 500");
  std::string inputs = "  co: {type: bool, label: {vi: Có, en: Yes}}\n";
  for (int i = 0; i < 2000; ++i) inputs += "  i" + std::to_string(i) + ": {type: bool, label: {vi: i, en: i}}\n";
  auto in = hoctap::load_criteria_string(minimal_set(inputs, one), "i.yaml");
  BOOST_TEST(codes(in.diagnostics).find("H308") != std::string::npos, codes(in.diagnostics));
  // At the limits, a set loads.
  std::string params_ok = "parameters:\n";
  for (int i = 0; i < 500; ++i) params_ok += "  p" + std::to_string(i) + ": {type: int, label: {vi: p, en: p}, value: 1}\n";
  auto ok = hoctap::load_criteria_string(minimal_set("  co: {type: bool, label: {vi: Có, en: Yes}}\n", one, params_ok), "ok.yaml");
  BOOST_TEST(ok.ok(), hoctap::format(ok.diagnostics));
}

BOOST_AUTO_TEST_CASE(a_set_in_vietnamese_only_needs_no_english_labels) {
  const std::string inputs = "  co: {type: bool, label: Có}\n";
  const std::string one = "  - id: tc1\n    name: {vi: Một}\n    max: 10\n    points: {conditions: [{when: co, points: 10}], otherwise: 0}\n";
  auto vi_only = hoctap::load_criteria_string(minimal_set(inputs, one, "languages: [vi]\n"), "vi.yaml");
  BOOST_TEST(vi_only.ok(), hoctap::format(vi_only.diagnostics));
  BOOST_TEST(vi_only.set->nodes()[0].name_en == "Một");  // the Vietnamese stands for English
  // Without the declaration both languages are required, as before.
  auto undeclared = hoctap::load_criteria_string(minimal_set(inputs, one), "both.yaml");
  BOOST_TEST(codes(undeclared.diagnostics) == "H105 H105");
  BOOST_TEST(undeclared.diagnostics[0].message == "a label needs both languages: `{vi: …, en: …}`");
  BOOST_TEST(undeclared.diagnostics[0].message_vi == "nhãn cần cả hai ngôn ngữ: `{vi: …, en: …}`");
  BOOST_TEST(undeclared.diagnostics[1].message_vi == "thiếu nhãn tiếng Anh `en`");
  // A bundled national set keeps English: the declaration itself is refused there.
  hoctap::LoadOptions bundled;
  bundled.require_english = true;
  auto refused = hoctap::load_criteria_string(minimal_set(inputs, one, "languages: [vi]\n"), "vi.yaml", bundled);
  BOOST_TEST(codes(refused.diagnostics) == "H105 H105 H105");
  BOOST_TEST(refused.diagnostics.back().message == "a bundled national set keeps English labels: `languages` must list `en`");
  BOOST_TEST(refused.diagnostics.back().message_vi == "bộ tiêu chí quốc gia đi kèm phải có nhãn tiếng Anh: `languages` phải có `en`");
  auto bad = hoctap::load_criteria_string(minimal_set(inputs, one, "languages: [vn]\n"), "vn.yaml");
  BOOST_TEST_REQUIRE(codes(bad.diagnostics) == "H103 H103");
  BOOST_TEST(bad.diagnostics[0].message == "`languages` lists `vi` and may add `en`, not a list without `vi`");
  BOOST_TEST(bad.diagnostics[1].message == "`languages` lists `vi` and may add `en`, not `vn`");
  BOOST_TEST(bad.diagnostics[1].message_vi == "`languages` liệt kê `vi` và có thể thêm `en`, không phải `vn`");
}

BOOST_AUTO_TEST_CASE(the_bundled_sets_load_with_english_required) {
  hoctap::LoadOptions bundled;
  bundled.require_english = true;
  auto r = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"), bundled);
  BOOST_TEST(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST(!hoctap::has_errors(r.diagnostics), hoctap::format(r.diagnostics));
}

BOOST_AUTO_TEST_CASE(every_message_id_the_source_uses_is_in_the_catalog) {
  int seen = 0;
  for (const auto& entry : fs::recursive_directory_iterator(hoctap_test::source_path("src"))) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = hoctap_test::read_text(entry.path().string());
    // tr("id", …) anywhere; bad_batch("id", …) in the C API's Arrow reader; row_text("id", …)
    // for the outcome words.
    for (const std::string call : {"tr(\"", "bad_batch(\"", "row_text(\""})
      for (std::size_t at = text.find(call); at != std::string::npos; at = text.find(call, at + 1)) {
        const std::size_t begin = at + call.size(), end = text.find('"', begin);
        const std::string id = text.substr(begin, end - begin);
        ++seen;
        BOOST_TEST(hoctap::internal::has_message(id), id << " used in " << entry.path().filename());
      }
  }
  BOOST_TEST(seen > 60);
  // Every entry has both languages, and the same arguments in each.
  for (std::string_view id : hoctap::internal::message_ids()) {
    const auto t = hoctap::internal::tr(id, {"A0", "A1", "A2", "A3"});
    BOOST_TEST(!t.vi.empty(), id);
    for (const char* a : {"A0", "A1", "A2", "A3"})
      BOOST_TEST((t.en.find(a) == std::string::npos) == (t.vi.find(a) == std::string::npos), id << " " << a);
  }
}

BOOST_AUTO_TEST_CASE(did_you_mean_suggests_slips_not_other_words) {
  using hoctap::nearest_name;
  BOOST_TEST(nearest_name("so_tre_dihoc", {"so_tre", "so_tre_di_hoc"}) == "so_tre_di_hoc");
  BOOST_TEST(nearest_name("m", {"n"}) == "");
  BOOST_TEST(nearest_name("Tuoi", {"tuoi"}) == "tuoi");
  BOOST_TEST(nearest_name("maximum", {"max"}) == "");
}

BOOST_AUTO_TEST_SUITE_END()
