// Loads a criteria file given on the command line and evaluates one empty record, then
// opens the installed official registry: proves the installed headers, library and
// criteria work from outside the build tree. Prints the C++ standard it was built with,
// so the test sees that the package imposes none.
#include <hoctap/hoctap.hpp>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  auto loaded = hoctap::load_criteria_file(argv[1]);
  if (!loaded.ok()) {
    std::cerr << hoctap::format(loaded.diagnostics);
    return 3;
  }
  hoctap::Result r = loaded.set->evaluate(hoctap::Record(), {hoctap::Date::parse("2023-01-01")});
  std::cout << loaded.set->id() << " " << hoctap::to_string(r.decision()) << " " << hoctap::engine_version() << "\n";
  auto official = hoctap::Registry::load_official();
  if (!official.ok()) {
    std::cerr << hoctap::format(official.diagnostics);
    return 3;
  }
  std::cout << "official " << official.registry->titles().size() << " titles in "
            << hoctap::Registry::official_directory() << "\n";
  std::cout << "c++ " << __cplusplus << "\n";
  return 0;
}
