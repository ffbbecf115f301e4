// Loads a criteria file given on the command line and evaluates one empty record:
// proves the installed headers and library work from outside the build tree.
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
  return 0;
}
