// The test module. Suites live one per file, named after the source file they test.
#define BOOST_TEST_MODULE hoctap
#include <boost/test/unit_test.hpp>
