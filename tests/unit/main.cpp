// The test module. Suites live one per file, named after the source file they test.
#define BOOST_TEST_MODULE hoctap
#include <boost/test/unit_test.hpp>

#include <system_error>

#include "scratch.hpp"

// The scratch folders the tests made (hoctap_test::scratch_dir) go when the module ends,
// with whatever the tests left in them (documents, a browser's profile).
struct RemoveScratchDirs {
  ~RemoveScratchDirs() {
    for (const auto& d : hoctap_test::scratch_dirs()) {
      std::error_code ignored;
      std::filesystem::remove_all(d, ignored);
    }
  }
};
BOOST_TEST_GLOBAL_FIXTURE(RemoveScratchDirs);
