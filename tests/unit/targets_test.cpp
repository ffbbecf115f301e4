// Targets: the value in force for a place, year and area; provenance; validation.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using hoctap_test::codes;

namespace {
const hoctap::Targets& bundled() {
  static const auto reg = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  if (!reg.ok()) throw std::runtime_error(hoctap::format(reg.diagnostics));
  return reg.registry->targets();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(targets)

BOOST_AUTO_TEST_CASE(national_targets_by_year_and_area) {
  const auto& t = bundled();
  auto f2020 = t.find("gia_dinh_hoc_tap", 2020);
  BOOST_REQUIRE(f2020.has_value());
  BOOST_TEST(f2020->share.to_string() == "0.7");
  BOOST_TEST(f2020->instrument == "Quyết định 281/QĐ-TTg (20/02/2014)");
  BOOST_TEST(t.find("gia_dinh_hoc_tap", 2020, "", "kho_khan")->share.to_string() == "0.6");
  BOOST_TEST(t.find("don_vi_hoc_tap", 2020, "", "kho_khan")->share.to_string() == "0.5");  // no separate value: general
  BOOST_TEST(t.find("dong_ho_hoc_tap", 2025)->share.to_string() == "0.65");
  BOOST_TEST((t.years("dong_ho_hoc_tap") == std::vector<int>{2020, 2025, 2030}));
  BOOST_TEST(!t.find("dong_ho_hoc_tap", 2024).has_value());
}

BOOST_AUTO_TEST_CASE(a_place_override_wins_for_that_place_only) {
  const auto& t = bundled();
  BOOST_TEST(t.find("gia_dinh_hoc_tap", 2025, "quang_nam/tam_ky")->share.to_string() == "0.8");
  BOOST_TEST(t.find("gia_dinh_hoc_tap", 2025, "quang_nam/tam_ky")->place == "quang_nam/tam_ky");
  BOOST_TEST(t.find("gia_dinh_hoc_tap", 2025, "quang_nam/hoi_an")->share.to_string() == "0.7");
  BOOST_TEST(t.find("nguoi_lon_cdht", 2025, "phu_tho/viet_tri")->share.to_string() == "0.6");
  BOOST_TEST(t.find("nguoi_lon_cdht", 2025, "quang_ninh")->share.to_string() == "0.4");
}

BOOST_AUTO_TEST_CASE(inferred_values_and_alternatives_keep_their_provenance) {
  const auto& t = bundled();
  auto f = t.find("gia_dinh_hoc_tap", 2030);
  BOOST_TEST(f->confidence == hoctap::Confidence::inferred);
  BOOST_TEST(f->note.find("Hà Nội") != std::string::npos);
  auto adults = t.find("nguoi_lon_cdht", 2030);
  BOOST_TEST(adults->share.to_string() == "0.6");
  BOOST_REQUIRE(adults->alternatives.size() == 1u);
  BOOST_TEST(adults->alternatives[0].share.to_string() == "0.7");
}

BOOST_AUTO_TEST_CASE(invalid_targets_are_diagnosed) {
  const std::string text =
      "hoctap_targets: 1\n"
      "indicators:\n  a: {name: {vi: A, en: A}}\n"
      "instruments:\n  i: {instrument: I, source: s, confidence: inferred}\n"
      "targets:\n"
      "  - {instrument: i, year: 2025, values: {a: 70}}\n"
      "  - {instrument: i, year: 2025, note: n, values: {b: 0.5}}\n"
      "  - {instrument: j, year: 2025, values: {a: 0.5}}\n"
      "  - {instrument: i, year: 2025, note: n, values: {a: 0.5}}\n"
      "  - {instrument: i, year: 2025, note: n, values: {a: 0.6}}\n";
  auto r = hoctap::Targets::load_string(text, "t.yaml");
  BOOST_TEST(!r.ok());
  BOOST_TEST(codes(r.diagnostics) == "H101 H103 H201 H201 H104");
  BOOST_TEST(r.diagnostics[1].message == "a target share is between 0 and 1 (70% is 0.7), not 70");
}

BOOST_AUTO_TEST_CASE(a_target_without_its_instrument_is_diagnosed_not_a_crash) {
  // Found by tests/fuzz/targets.cpp: the lookup of a missing instrument was dereferenced.
  auto r = hoctap::Targets::load_string(
      "hoctap_targets: 1\nindicators:\n  a: {name: {vi: A, en: A}}\ninstruments:\n  i: {instrument: I, source: s, confidence: confirmed}\n"
      "targets:\n  - {year: 2025, values: {a: 0.5}}\n", "t.yaml");
  BOOST_TEST(!r.ok());
  BOOST_TEST(codes(r.diagnostics) == "H101");
  BOOST_TEST(r.diagnostics[0].message == "missing key `instrument`");
}

BOOST_AUTO_TEST_SUITE_END()
