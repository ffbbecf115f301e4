// Every file under criteria/ loads without errors or warnings, passes its own cases, and
// the folder is a consistent registry.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "helpers.hpp"
#include "model/model.hpp"

namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(criteria)

BOOST_AUTO_TEST_CASE(every_bundled_set_is_valid_and_passes_its_cases) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  BOOST_TEST(loaded.diagnostics.empty(), hoctap::format(loaded.diagnostics));
  BOOST_TEST(loaded.registry->sets().size() >= 2u);
  for (const auto& set : loaded.registry->sets()) {
    BOOST_TEST(hoctap::case_count(set) >= 3u, set.id());
    for (const auto& c : hoctap::run_cases(set, &*loaded.registry)) BOOST_TEST(c.passed, set.id() << ": " << c.name);
  }
}

// Every set's cases include a pass, a fail and a case that is not assessable or has a
// node that does not apply.
BOOST_AUTO_TEST_CASE(every_set_has_pass_fail_and_missing_data_cases) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  for (const auto& set : loaded.registry->sets()) {
    bool pass = false, fail = false, partial = false;
    for (const auto& c : set.compiled()->tests) {
      const auto& d = c.expect.decision;
      pass = pass || (d && *d == hoctap::Decision::recognized);
      fail = fail || (d && *d == hoctap::Decision::not_recognized);
      partial = partial || (d && *d == hoctap::Decision::not_assessable);
      for (const auto& n : c.expect.nodes)
        partial = partial || (n.status && (*n.status == hoctap::Status::not_applicable || *n.status == hoctap::Status::not_assessable));
    }
    BOOST_TEST(pass, set.id() << " has no recognized case");
    BOOST_TEST(fail, set.id() << " has no not-recognized case");
    BOOST_TEST(partial, set.id() << " has no not-assessable or not-applicable case");
  }
}

BOOST_AUTO_TEST_CASE(versions_chain_without_gaps_where_a_successor_is_named) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  for (const auto& set : loaded.registry->sets()) {
    if (set.supersedes().empty()) continue;
    for (const auto& old : loaded.registry->sets()) {
      if (old.id() != set.supersedes()) continue;
      BOOST_TEST_REQUIRE(old.valid_to().has_value(), old.id());
      BOOST_TEST(old.valid_to()->days() + 1 == set.valid_from().days(), old.id() << " → " << set.id());
    }
  }
  auto date = [](const char* d) { return *hoctap::Date::parse(d); };
  const auto& reg = *loaded.registry;
  BOOST_TEST(reg.find("cong_dan_hoc_tap", date("2023-10-24"))->id() == "cong-dan-hoc-tap/244-2022");
  BOOST_TEST(reg.find("cong_dan_hoc_tap", date("2023-10-25"))->id() == "cong-dan-hoc-tap/324-2023");
  BOOST_TEST(reg.find("cong_dong_hoc_tap_xa", date("2023-11-30"))->id() == "cong-dong-hoc-tap-xa/tt44-2014");
  BOOST_TEST(reg.find("cong_dong_hoc_tap_xa", date("2024-02-12"))->id() == "cong-dong-hoc-tap-xa/tt25-2023");
  BOOST_TEST(reg.find("don_vi_hoc_tap_huyen_tinh", date("2023-12-31"))->id() == "don-vi-hoc-tap-huyen-tinh/tt22-2020");
  BOOST_TEST(reg.find("gia_dinh_hoc_tap", date("2016-01-01"))->id() == "gia-dinh-hoc-tap/448-2016");
  BOOST_TEST(reg.find("gia_dinh_hoc_tap", date("2022-07-01"))->id() == "gia-dinh-hoc-tap/2022");
  BOOST_TEST(!reg.find("gia_dinh_hoc_tap", date("2015-12-31")).has_value());
}

BOOST_AUTO_TEST_CASE(every_set_says_where_it_comes_from) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok());
  for (const auto& set : loaded.registry->sets()) {
    BOOST_TEST(!set.legal_basis().instrument.empty(), set.id());
    BOOST_TEST(!set.legal_basis().source.empty(), set.id());
    for (const auto& n : set.nodes()) {
      BOOST_TEST(!n.name_vi.empty(), n.id);
      BOOST_TEST(!n.name_en.empty(), n.id);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
