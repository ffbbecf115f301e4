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
  // The instrument not confirmed without a note, then the entry that inherits it.
  BOOST_TEST(codes(r.diagnostics) == "H101 H101 H103 H107 H201 H201 H107 H107 H104");  // and each note without its confidence
  BOOST_TEST(r.diagnostics[0].message == "a place that is not confirmed says why in `note`");
  BOOST_TEST(r.diagnostics[2].message == "a target share is between 0 and 1 (70% is 0.7), not 70");
}

// Instruments, entries and indicators' comparison scopes carry confidence and notes;
// those not confirmed are listed in file order, confirmed ones with a note apart.
BOOST_AUTO_TEST_CASE(unconfirmed_places_of_a_targets_file_are_listed) {
  const std::string text =
      "hoctap_targets: 1\n"
      "indicators:\n"
      "  a: {name: {vi: A, en: A}, title: t, confidence: inferred, note: only some units are compared}\n"
      "  b: {name: {vi: B, en: B}}\n"
      "instruments:\n"
      "  i: {instrument: I, source: s, confidence: confirmed, note: only one target retrieved}\n"
      "  m: {instrument: M, source: s, confidence: inferred, note: mirrored from a province}\n"
      "targets:\n"
      "  - {instrument: i, year: 2025, values: {a: 0.5}}\n"
      "  - {instrument: i, year: 2030, confidence: unknown, note: the year is read from a plan, values: {a: 0.6}}\n"
      "  - {instrument: m, year: 2030, values: {b: 0.7}}\n";
  auto r = hoctap::Targets::load_string(text, "t.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  const auto& u = r.targets->unconfirmed();
  BOOST_REQUIRE(u.size() == 3u);
  BOOST_TEST(u[0].line == 3);
  BOOST_TEST(u[0].place == "indicators.a");
  BOOST_TEST(u[0].note == "only some units are compared");
  BOOST_TEST(u[1].place == "instruments.m");
  BOOST_TEST(u[2].place == "targets[1] (i, 2030)");
  BOOST_TEST(u[2].confidence == hoctap::Confidence::unknown);
  BOOST_REQUIRE(r.targets->confirmed_notes().size() == 1u);
  BOOST_TEST(r.targets->confirmed_notes()[0].place == "instruments.i");
  BOOST_TEST(r.targets->indicators()[0].confidence == hoctap::Confidence::inferred);
  BOOST_TEST(r.targets->find("b", 2030)->confidence == hoctap::Confidence::inferred);  // inherited from its instrument
  BOOST_TEST(r.targets->find("b", 2030)->note == "mirrored from a province");
  BOOST_TEST(r.targets->source_path() == "t.yaml");
}

// A note without `confidence` reads as the confidence it inherits: said, as in criteria
// files (H107), so that a province's own figure with a note is not taken as confirmed.
BOOST_AUTO_TEST_CASE(a_note_without_its_confidence_is_h107) {
  const std::string text =
      "hoctap_targets: 1\n"
      "indicators:\n"
      "  a: {name: {vi: A, en: A}, title: t}\n"
      "instruments:\n"
      "  i: {instrument: I, source: s, confidence: confirmed}\n"
      "targets:\n"
      "  - {instrument: i, year: 2025, note: the province's own figure, values: {a: 0.5}}\n";
  auto r = hoctap::Targets::load_string(text, "t.yaml");
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST(codes(r.diagnostics) == "H107");
  BOOST_TEST((r.diagnostics.front().severity == hoctap::Severity::warning));
  BOOST_TEST(r.diagnostics.front().line == 7);
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
