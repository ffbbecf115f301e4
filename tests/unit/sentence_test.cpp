// Rules told as sentences (doc/sentence.hpp): every construct of the expression language
// in both languages, against tests/data/sentences/sentences.expected; parameters by area with
// and without the area given.
#include <boost/test/unit_test.hpp>

#include "doc/sentence.hpp"
#include "helpers.hpp"

namespace {

hoctap::CriteriaSet sentences_set() {
  auto r = hoctap::load_criteria_file(hoctap_test::source_path("tests/data/sentences/sentences.yaml"));
  BOOST_REQUIRE_MESSAGE(r.ok(), hoctap::format(r.diagnostics));
  return *r.set;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sentence)

BOOST_AUTO_TEST_CASE(every_construct_reads_as_a_sentence_in_both_languages) {
  const hoctap::CriteriaSet set = sentences_set();
  const auto& s = *set.compiled();
  std::string actual;
  for (const auto& c : s.checks)
    for (bool vi : {true, false})
      actual += c.id + (vi ? " vi: " : " en: ") + hoctap::internal::sentence(s, *c.holds.root, vi) + "\n";
  for (const auto& k : s.knockouts)
    for (bool vi : {true, false})
      actual += k.id + (vi ? " vi: " : " en: ") + hoctap::internal::sentence(s, *k.when.root, vi) + "\n";
  BOOST_TEST(actual == hoctap_test::read_text(hoctap_test::source_path("tests/data/sentences/sentences.expected")));
}

BOOST_AUTO_TEST_CASE(a_given_area_fills_in_its_parameter_value) {
  const hoctap::CriteriaSet set = sentences_set();
  const auto& s = *set.compiled();
  hoctap::Record area;
  area.set("vung", std::string("kho_khan"));
  const auto& check = s.checks.back();
  BOOST_TEST(hoctap::internal::sentence(s, *check.holds.root, true, &area) == "khu vực là “Vùng khó khăn” và thu nhập từ 1.5 trở lên");
  BOOST_TEST(hoctap::internal::sentence(s, *check.holds.root, false, &area) == "area is “Difficult area” and income is at least 1.5");
}

BOOST_AUTO_TEST_SUITE_END()
