// hoctap_rule_fuzz DIR FIRST_SEED SETS ROWS: the rule fuzzer by hand. For each seed,
// writes DIR/fuzz-<seed>.yaml (a random valid set) and DIR/fuzz-<seed>.jsonl (random
// entities with what the record path says of them, for tests/python/test_rule_fuzz.py),
// and compares the record path with the batch on 1 and 2 threads; sets on ROWS rows, every
// tenth on at least 2,100 (fuzz_options). Exit status 1 on any difference or a set that
// does not load.
#include <fstream>
#include <iostream>
#include <string>

#include "rule_fuzz.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: hoctap_rule_fuzz DIR FIRST_SEED SETS ROWS\n";
    return 2;
  }
  const std::string dir = argv[1];
  const unsigned first = static_cast<unsigned>(std::stoul(argv[2])), sets = static_cast<unsigned>(std::stoul(argv[3]));
  const std::size_t rows = std::stoul(argv[4]);
  hoctap::BatchResult reused;
  std::size_t judged = 0, mismatched = 0, decisions[3] = {0, 0, 0};
  for (unsigned seed = first; seed < first + sets; ++seed) {
    const std::string base = dir + "/fuzz-" + std::to_string(seed);
    const std::string text = hoctap_test::random_criteria(seed);
    std::ofstream(base + ".yaml", std::ios::binary) << text;
    auto loaded = hoctap::load_criteria_string(text, base + ".yaml");
    if (!loaded.ok()) {
      std::cerr << base << ".yaml does not load:\n" << hoctap::format(loaded.diagnostics) << "\n";
      return 1;
    }
    hoctap_test::PathOptions options = hoctap_test::fuzz_options(seed, rows);
    options.dump = base + ".jsonl";
    const auto report = hoctap_test::compare_paths(*loaded.set, seed, reused, options);
    for (const auto& m : report.first) std::cerr << m << "\n";
    judged += report.rows;
    mismatched += report.mismatched;
    for (int d = 0; d < 3; ++d) decisions[d] += report.decisions[d];
  }
  std::cout << sets << " sets, " << judged << " entities; recognized/not/open " << decisions[0] << "/" << decisions[1] << "/"
            << decisions[2] << "; mismatched " << mismatched << "\n";
  return mismatched == 0 ? 0 : 1;
}
