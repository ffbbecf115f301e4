// Every file under criteria/ loads without errors or warnings, passes its own cases, and
// the folder is a consistent registry.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "helpers.hpp"

namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(criteria)

BOOST_AUTO_TEST_CASE(every_bundled_set_is_valid_and_passes_its_cases) {
  auto loaded = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
  BOOST_TEST(loaded.diagnostics.empty(), hoctap::format(loaded.diagnostics));
  BOOST_TEST(loaded.registry->sets().size() >= 2u);
  for (const auto& set : loaded.registry->sets()) {
    BOOST_TEST(hoctap::case_count(set) >= 5u, set.id());
    for (const auto& c : hoctap::run_cases(set, &*loaded.registry)) BOOST_TEST(c.passed, set.id() << ": " << c.name);
  }
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
