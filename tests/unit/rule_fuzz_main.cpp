// hoctap_rule_fuzz DIR FIRST_SEED SETS ROWS: the rule fuzzer by hand. For each seed,
// writes DIR/fuzz-<seed>.yaml (a random valid set) and DIR/fuzz-<seed>.jsonl (random
// entities with what the record path says of them, for tests/python/test_rule_fuzz.py),
// and compares the record path with the batch on 1 and 2 threads and with the set's
// rewritten twin (rewritten_twin, whose problems with canonical texts are differences too);
// sets on ROWS rows, every twentieth on three blocks of rows (fuzz_options). Exit status
// 1 on any difference or a set that does not load.
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
  std::size_t judged = 0, mismatched = 0, decisions[3] = {0, 0, 0}, expressions = 0, twin_problems = 0;
  for (unsigned seed = first; seed < first + sets; ++seed) {
    const std::string base = dir + "/fuzz-" + std::to_string(seed);
    const std::string text = hoctap_test::random_criteria(seed);
    std::ofstream(base + ".yaml", std::ios::binary) << text;
    auto loaded = hoctap::load_criteria_string(text, base + ".yaml");
    if (!loaded.ok()) {
      std::cerr << base << ".yaml does not load:\n" << hoctap::format(loaded.diagnostics) << "\n";
      return 1;
    }
    const hoctap_test::Twin twin = hoctap_test::rewritten_twin(*loaded.set, seed);
    for (const auto& m : twin.problems) std::cerr << base << ".yaml: " << m << "\n";
    if (!twin.problems.empty() || !twin.set) std::ofstream(base + "-twin.yaml", std::ios::binary) << twin.text;
    hoctap_test::PathOptions options = hoctap_test::fuzz_options(seed, rows);
    options.dump = base + ".jsonl";
    if (twin.set) options.twin = &*twin.set;
    const auto report = hoctap_test::compare_paths(*loaded.set, seed, reused, options);
    for (const auto& m : report.first) std::cerr << m << "\n";
    if (report.twin_mismatched > 0) std::ofstream(base + "-twin.yaml", std::ios::binary) << twin.text;
    judged += report.rows;
    mismatched += report.mismatched + report.twin_mismatched;
    expressions += twin.expressions;
    twin_problems += twin.problems.size();
    for (int d = 0; d < 3; ++d) decisions[d] += report.decisions[d];
  }
  std::cout << sets << " sets (" << expressions << " expressions rewritten), " << judged << " entities; recognized/not/open "
            << decisions[0] << "/" << decisions[1] << "/" << decisions[2] << "; mismatched " << mismatched << "; canonical text problems "
            << twin_problems << "\n";
  return mismatched == 0 && twin_problems == 0 ? 0 : 1;
}
