// The baseline for `hoctap report`: a hand-written program that reads the same CSV files
// and computes the same family rule (Gia đình học tập, 2021–2030 set, with its adults
// judged under Công dân học tập 244) — what a developer would write without hoctap:
// getline, split, hash maps. Prints the number of families recognized.
//   handwritten_family DATASET_DIR
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',') { out.push_back(cur); cur.clear(); }
    else if (c != '\r') cur += c;
  }
  out.push_back(cur);
  return out;
}

int column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  std::cerr << "no column " << name << "\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  std::string line;
  // Families: index, and whether learning improves their life.
  std::unordered_map<std::string, std::size_t> family;
  std::vector<bool> improves;
  {
    std::ifstream in(dir + "/families.csv");
    std::getline(in, line);
    auto h = split(line);
    int id = column(h, "id"), b = column(h, "hoc_tap_nang_cao_doi_song");
    while (std::getline(in, line)) {
      auto f = split(line);
      family.emplace(f[id], improves.size());
      improves.push_back(f[b] == "true");
    }
  }
  const std::size_t n = improves.size();
  // Children: every school-age child who is not exempt attends school.
  std::vector<bool> kids_ok(n, true);
  {
    std::ifstream in(dir + "/children.csv");
    std::getline(in, line);
    auto h = split(line);
    int fam = column(h, "family_id"), age = column(h, "tuoi"), school = column(h, "di_hoc"), exempt = column(h, "mien_tru");
    while (std::getline(in, line)) {
      auto f = split(line);
      int a = std::stoi(f[age]);
      if (a >= 6 && a <= 14 && f[exempt] != "true" && f[school] != "true") kids_ok[family.at(f[fam])] = false;
    }
  }
  // Adults: learning citizens (total ≥ 80, or 70 in difficult areas; every score ≥ 5);
  // at least half of a family's adults who are not exempt.
  std::vector<int> adults(n, 0), citizens(n, 0);
  {
    std::ifstream in(dir + "/adults.csv");
    std::getline(in, line);
    auto h = split(line);
    int fam = column(h, "family_id"), exempt = column(h, "mien_tru"), area = column(h, "vung");
    std::vector<int> scores;
    for (const char* s : {"tc1_1", "tc1_2", "tc1_3", "tc1_4", "tc2_1", "tc2_2", "tc2_3", "tc2_4", "tc3_1", "tc3_2"})
      scores.push_back(column(h, std::string("score.") + s));
    while (std::getline(in, line)) {
      auto f = split(line);
      if (f[exempt] == "true") continue;
      double total = 0;
      bool floor_ok = true;
      for (int s : scores) {
        double v = std::stod(f[s]);
        total += v;
        floor_ok = floor_ok && v >= 5;
      }
      double threshold = (f[area] == "vung_sau_vung_xa" || f[area] == "dan_toc_thieu_so") ? 70 : 80;
      std::size_t i = family.at(f[fam]);
      ++adults[i];
      if (floor_ok && total >= threshold) ++citizens[i];
    }
  }
  std::size_t recognized = 0;
  for (std::size_t i = 0; i < n; ++i) {
    bool adults_ok = adults[i] == 0 || 2 * citizens[i] >= adults[i];
    recognized += kids_ok[i] && adults_ok && improves[i];
  }
  std::printf("%zu %zu\n", recognized, n);
  return 0;
}
