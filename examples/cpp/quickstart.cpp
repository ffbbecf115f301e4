// Quick start: load the Công dân học tập criteria, evaluate one citizen, explain.
//   build/examples/quickstart criteria/cong-dan-hoc-tap/244-2022.yaml
#include <hoctap/hoctap.hpp>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: quickstart CRITERIA.yaml\n";
    return 2;
  }
  hoctap::LoadResult loaded = hoctap::load_criteria_file(argv[1]);
  if (!loaded.ok()) {                       // every problem, with file:line:col
    std::cerr << hoctap::format(loaded.diagnostics);
    return 3;
  }
  const hoctap::CriteriaSet& set = *loaded.set;

  hoctap::Record citizen;
  citizen.set("vung", std::string("dan_toc_thieu_so"));   // threshold 70 here, not 80
  const char* ids[] = {"tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"};
  for (const char* id : ids) citizen.set(std::string("score.") + id, std::int64_t{7});

  hoctap::Result r = set.evaluate(citizen, {hoctap::Date::parse("2023-06-30")});
  std::cout << hoctap::to_string(r.decision()) << " " << r.total().to_string() << "/" << r.max_total().to_string() << "\n";
  std::cout << r.explain(hoctap::Lang::vi);
  return r.recognized() ? 0 : 1;
}
