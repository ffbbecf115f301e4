// The baseline for `hoctap evaluate --input FILE.csv --output FILE.csv`: a hand-written
// program reading the same CSV and computing the same rule (Công dân học tập, 324/2023:
// ten indicators of 10 points, recognized at 80 points, 70 outside ordinary areas, with
// no indicator below 5) for a flat file of citizens — what a developer would write
// without hoctap: the file read whole, lines split at commas, numbers by from_chars.
// Writes `id,decision,total` per row. Unquoted fields only (as `hoctap sample` writes).
//   handwritten_csv IN.csv OUT.csv
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

const char* const kIndicators[] = {"score.tc1_1", "score.tc1_2", "score.tc1_3", "score.tc1_4", "score.tc2_1",
                                   "score.tc2_2", "score.tc2_3", "score.tc2_4", "score.tc3_1", "score.tc3_2"};

void split(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i)
    if (i == line.size() || line[i] == ',') {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
}

int column(const std::vector<std::string_view>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  std::fprintf(stderr, "no column %.*s\n", static_cast<int>(name.size()), name.data());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: handwritten_csv IN.csv OUT.csv\n");
    return 2;
  }
  std::FILE* in = std::fopen(argv[1], "rb");
  if (in == nullptr) return 2;
  std::string text;
  char chunk[1 << 16];
  for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, in)) > 0;) text.append(chunk, n);
  std::fclose(in);
  std::FILE* out = std::fopen(argv[2], "wb");
  if (out == nullptr) return 2;
  std::string_view rest = text;
  auto next_line = [&rest](std::string_view& line) {
    if (rest.empty()) return false;
    std::size_t nl = rest.find('\n');
    line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  };
  std::string_view line;
  std::vector<std::string_view> fields;
  next_line(line);
  split(line, fields);
  const int id = column(fields, "id"), area = column(fields, "vung");
  int score[10];
  for (int k = 0; k < 10; ++k) score[k] = column(fields, kIndicators[k]);
  std::string buf = "id,decision,total\n";
  while (next_line(line)) {
    if (line.empty()) continue;
    split(line, fields);
    double total = 0;
    int missing = 0;
    bool low = false;
    for (int k = 0; k < 10; ++k) {
      std::string_view f = fields[static_cast<std::size_t>(score[k])];
      double x = 0;
      if (f.empty() || std::from_chars(f.data(), f.data() + f.size(), x).ec != std::errc()) {
        ++missing;
        continue;
      }
      total += x;
      low = low || x < 5;
    }
    const double threshold = fields[static_cast<std::size_t>(area)] == "binh_thuong" ? 80 : 70;
    const char* decision = low || total + 10.0 * missing < threshold ? "not_recognized"
                           : missing > 0                            ? "not_assessable"
                           : total >= threshold                     ? "recognized"
                                                                    : "not_recognized";
    buf += fields[static_cast<std::size_t>(id)];
    buf += ',';
    buf += decision;
    char num[32];
    auto r = std::to_chars(num, num + sizeof num, total);
    buf += ',';
    buf.append(num, r.ptr);
    buf += '\n';
    if (buf.size() > (1 << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), out);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out);
  return std::fclose(out) == 0 ? 0 : 2;
}
