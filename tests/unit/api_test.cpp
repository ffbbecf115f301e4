// The public glue: records, diagnostics formatting, exceptions, enums.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

BOOST_AUTO_TEST_SUITE(api)

BOOST_AUTO_TEST_CASE(records_keep_one_value_per_name) {
  hoctap::Record r;
  r.set("a", std::int64_t{1}).set("b", true).set("a", std::string("x"));
  BOOST_TEST(r.size() == 2u);
  BOOST_TEST(std::get<std::string>(*r.find("a")) == "x");
  BOOST_TEST(r.find("c") == nullptr);
}

BOOST_AUTO_TEST_CASE(formats_diagnostics_with_a_caret_under_the_column) {
  hoctap::Diagnostic d;
  d.code = "H201";
  d.message = "unknown name `so_tre`";
  d.file = "x.yaml";
  d.line = 12;
  d.column = 17;
  d.yaml_path = "criteria[0].points.formula";
  d.source_line = "    formula: \"đ so_tre * 10\"";
  BOOST_TEST(hoctap::format(d) ==
             "x.yaml:12:17: error[H201]: unknown name `so_tre`\n"
             "  at criteria[0].points.formula\n"
             " 12 |     formula: \"đ so_tre * 10\"\n"
             "    |                 ^\n");
}

BOOST_AUTO_TEST_CASE(load_throws_criteria_error_with_every_diagnostic) {
  try {
    hoctap::CriteriaSet::load(hoctap_test::source_path("tests/golden/structure.yaml"));
    BOOST_FAIL("no exception");
  } catch (const hoctap::CriteriaError& e) {
    BOOST_TEST(e.diagnostics().size() >= 6u);
    BOOST_TEST(std::string(e.what()).find("error[H300]") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(names_enums_for_machines) {
  BOOST_TEST(hoctap::to_string(hoctap::Status::not_applicable) == "not_applicable");
  BOOST_TEST(hoctap::to_string(hoctap::Decision::not_assessable) == "not_assessable");
  BOOST_TEST(hoctap::to_string(hoctap::Confidence::inferred) == "inferred");
  BOOST_TEST(std::string(hoctap::engine_version()) == HOCTAP_VERSION_STRING);
}

BOOST_AUTO_TEST_CASE(grades_are_the_bands_lowest_first_then_otherwise_or_the_levels) {
  auto unit = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/don-vi-hoc-tap/tt22-2020.yaml"));
  std::vector<std::string> seen;
  for (const auto& g : unit.grades())
    seen.push_back(g.id + ":" + (g.min ? g.min->to_string() : "-") + ".." + (g.below ? g.below->to_string() : "-") + ":" + g.name_vi);
  BOOST_TEST(seen == (std::vector<std::string>{"trung_binh:50..70:Trung bình", "kha:70..85:Khá", "tot:85..-:Tốt", "khong_dat:-..-:Không đạt"}),
             boost::test_tools::per_element());
  auto family = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/gia-dinh-hoc-tap/2022.yaml"));
  BOOST_TEST_REQUIRE(family.grades().size() == 1u);
  BOOST_TEST(family.grades()[0].id == "dat");
  BOOST_TEST(family.grades()[0].name_en == "Achieved");
  BOOST_TEST(!family.grades()[0].min.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
