// The corrupted-dataset corpus: a generated province (`hoctap sample --seed 1
// --households 300`) with one realistic slip at a time. For each slip: the problems the
// report must list (file, line, code, and how many of each), or the message that stops the
// report; the entities per kind; and for every file, its lines counted here from the
// bytes == header + rows read + rows unreadable + blank + continued lines, as the report
// states them. Against the clean province, no count may move without a problem listed.
// Every format renders valid UTF-8 and the JSON report parses (Python's json module).
// With HOCTAP_CORPUS_OUT=DIR each slip's dataset is kept in DIR/<slip>/ (seeds for fuzzing).
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "hoctap/report.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace {

const hoctap::Registry& registry() {
  static const auto r = hoctap::Registry::load_directory(hoctap_test::source_path("criteria"));
  return *r.registry;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// Runs a shell command; its exit status.
int shell(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Cleanup {
  ~Cleanup() { fs::remove_all(fs::temp_directory_path() / ("hoctap-corpus-" + std::to_string(::getpid()))); }
};

// The clean province, generated once by the real CLI (removed at exit).
const fs::path& clean_province() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("hoctap-corpus-" + std::to_string(::getpid()));
    fs::remove_all(d);
    BOOST_REQUIRE(shell("'" + std::string(HOCTAP_CLI) + "' sample --seed 1 --households 300 --out '" + d.string() + "' 2>/dev/null") == 0);
    return d;
  }();
  static const Cleanup at_exit;
  return dir;
}

// Line `n` (1-based) of `file` replaced by `edit(line)` (which may hold line breaks).
void edit_line(const fs::path& file, std::size_t n, const std::function<std::string(const std::string&)>& edit) {
  const std::string text = slurp(file);
  std::size_t start = 0;
  for (std::size_t k = 1; k < n; ++k) start = text.find('\n', start) + 1;
  const std::size_t end = text.find('\n', start);
  spit(file, text.substr(0, start) + edit(text.substr(start, end - start)) + text.substr(end));
}
// Field `k` (0-based) of a CSV line without quotes replaced by `value`.
std::string set_field(const std::string& line, int k, const std::string& value) {
  std::size_t start = 0;
  for (int i = 0; i < k; ++i) start = line.find(',', start) + 1;
  const std::size_t end = std::min(line.find(',', start), line.size());
  return line.substr(0, start) + value + line.substr(end);
}
std::string get_field(const std::string& line, int k) {
  std::size_t start = 0;
  for (int i = 0; i < k; ++i) start = line.find(',', start) + 1;
  return line.substr(start, std::min(line.find(',', start), line.size()) - start);
}
// Every line of `file` whose field `k` is `value` gets `replacement` there.
void replace_links(const fs::path& file, int k, const std::string& value, const std::string& replacement) {
  std::string text = slurp(file), out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (get_field(line, k) == value) line = set_field(line, k, replacement);
    out += line + (end < text.size() ? "\n" : "");
    start = end + 1;
  }
  spit(file, out);
}

struct Outcome {
  std::string error;                       // the message when the report stops
  std::string counts;                      // "file code×n " by file then code
  std::vector<std::string> problems;       // "file:line:code"
  std::map<std::string, std::size_t> entities, recognized;  // by kind
  std::string report_text;                 // the text report, in English
};

Outcome evaluate(const fs::path& dir) {
  Outcome o;
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-12-31");
  hoctap::DatasetResults r;
  try {
    r = hoctap::evaluate_dataset(registry(), dir.string(), opts);
  } catch (const std::runtime_error& e) {
    o.error = e.what();
    return o;
  }
  std::map<std::pair<std::string, std::string>, std::size_t> counts;
  for (const auto& i : r.issues) {
    ++counts[{i.file, i.code}];
    o.problems.push_back(i.file + ":" + std::to_string(i.line) + ":" + i.code);
  }
  for (const auto& [k, n] : counts) o.counts += k.first + " " + k.second + "×" + std::to_string(n) + " ";
  for (const auto& k : r.kinds) {
    o.entities[k.kind] = k.result.rows;
    o.recognized[k.kind] = static_cast<std::size_t>(std::count(k.result.decision.begin(), k.result.decision.end(), 0));
  }
  // Every file's lines, counted here, are all accounted for.
  for (const auto& f : r.files) {
    const std::string text = slurp(dir / f.file);
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + (!text.empty() && text.back() != '\n');
    BOOST_TEST(f.lines == lines, f.file);
    BOOST_TEST(f.header_lines + f.rows_read + f.rows_unreadable + f.blank_lines + f.continued_lines == lines, f.file);
  }
  // Every format is valid UTF-8; the JSON parses.
  const hoctap::Report rep = hoctap::make_report(r, registry().targets(), hoctap::ReportBy::district);
  for (auto format : {hoctap::ReportFormat::text, hoctap::ReportFormat::csv, hoctap::ReportFormat::json, hoctap::ReportFormat::html}) {
    const std::string out = hoctap::render_report(rep, format, hoctap::Lang::en);
    BOOST_TEST(!hoctap::internal::find_invalid_utf8(out).has_value());
    if (format == hoctap::ReportFormat::text) o.report_text = out;
    if (format == hoctap::ReportFormat::json) {
      const fs::path json = dir / "report.json.out";
      spit(json, out);
      BOOST_TEST(shell("python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))' '" + json.string() + "'") == 0);
      fs::remove(json);
    }
  }
  return o;
}

const Outcome& baseline() {
  static const Outcome o = evaluate(clean_province());
  return o;
}

struct Slip {
  const char* name;
  std::function<void(const fs::path&)> apply;
  std::string counts;                  // expected problems by file and code ("" none)
  std::vector<std::string> must_list;  // "file:line:code" that must be among the problems
  std::string error;                   // expected in the message that stops the report
  std::map<std::string, std::size_t> entities;  // expected entities of the kinds that move
};

// Runs `slip` on a fresh copy of the clean province and checks its outcome.
Outcome check(const Slip& slip) {
  const fs::path dir = clean_province().parent_path() / (clean_province().filename().string() + "-" + slip.name);
  fs::remove_all(dir);
  fs::copy(clean_province(), dir);
  slip.apply(dir);
  const Outcome o = evaluate(dir);
  BOOST_TEST_CONTEXT(slip.name) {
    if (!slip.error.empty()) {
      BOOST_TEST(o.error.find(slip.error) != std::string::npos, o.error);
    } else {
      BOOST_TEST(o.error == "");
      BOOST_TEST(o.counts == slip.counts);
      for (const std::string& p : slip.must_list)
        BOOST_TEST((std::find(o.problems.begin(), o.problems.end(), p) != o.problems.end()), p << " is listed");
      for (const auto& [kind, n] : baseline().entities) {
        const std::size_t want = slip.entities.count(kind) ? slip.entities.at(kind) : n;
        BOOST_TEST(o.entities.at(kind) == want, kind);
      }
      // No count moves without a problem listed.
      if (o.entities != baseline().entities || o.recognized != baseline().recognized) BOOST_TEST(!o.problems.empty());
    }
  }
  if (const char* keep = std::getenv("HOCTAP_CORPUS_OUT")) {
    fs::create_directories(keep);
    fs::remove_all(fs::path(keep) / slip.name);
    fs::copy(dir, fs::path(keep) / slip.name);
  }
  fs::remove_all(dir);
  return o;
}

const fs::path kFamilies = "families.csv";

}  // namespace

BOOST_AUTO_TEST_SUITE(dataset_corpus)

BOOST_AUTO_TEST_CASE(the_clean_province_has_no_problem) {
  const Outcome& o = baseline();
  BOOST_TEST(o.error == "");
  BOOST_TEST(o.problems.empty(), o.counts);
  BOOST_TEST(o.entities.at("families") == 300u);
  BOOST_TEST(o.recognized.at("families") == 216u);
}

// Line 11 of families.csv is household F0000010 (3 adults, 2 children).
const Slip kSlips[] = {
    {"unterminated_quote", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return "\"" + l; }); },
     "adults.csv D032×3 children.csv D032×2 families.csv D010×1 ", {"families.csv:11:D010", "adults.csv:18:D032", "children.csv:8:D032"}, "", {}},
    {"text_after_quote", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return "\"F0000010\"x" + l.substr(8); }); },
     "adults.csv D032×3 children.csv D032×2 families.csv D011×1 ", {"families.csv:11:D011"}, "", {}},
    {"quote_inside_field", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return set_field(l, 1, "V00\"01"); }); },
     "adults.csv D032×3 children.csv D032×2 families.csv D012×1 ", {"families.csv:11:D012"}, "", {}},
    {"short_line", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return l.substr(0, l.rfind(',')); }); },
     "adults.csv D032×3 children.csv D032×2 families.csv D013×1 ", {"families.csv:11:D013"}, "", {}},
    {"repeated_header", [](const fs::path& d) { edit_line(d / kFamilies, 1, [](const std::string& l) { return set_field(l, 6, "score.tc2c"); }); },
     "", {}, "-repeated_header/families.csv` line 1 (the header): column `score.tc2c` appears twice (columns 6 and 7)", {}},
    {"adult_family_missing", [](const fs::path& d) { edit_line(d / "adults.csv", 5, [](const std::string& l) { return set_field(l, 1, "F9999999"); }); },
     "adults.csv D032×1 families.csv D034×1 ", {"adults.csv:5:D032"}, "", {}},
    {"child_family_missing", [](const fs::path& d) { edit_line(d / "children.csv", 5, [](const std::string& l) { return set_field(l, 1, "F9999999"); }); },
     "children.csv D032×1 ", {"children.csv:5:D032"}, "", {}},
    {"duplicate_family_id", [](const fs::path& d) { edit_line(d / kFamilies, 12, [](const std::string& l) { return set_field(l, 0, "F0000010"); }); },
     "adults.csv D032×2 children.csv D032×1 families.csv D031×1 ", {"families.csv:12:D031"}, "", {}},
    {"three_empty_ids", [](const fs::path& d) {
       for (std::size_t line : {5, 6, 7}) edit_line(d / kFamilies, line, [](const std::string& l) { return set_field(l, 0, ""); });
     },
     "adults.csv D032×8 children.csv D032×4 families.csv D030×3 ", {"families.csv:5:D030", "families.csv:6:D030", "families.csv:7:D030"}, "", {}},
    {"village_commune_missing", [](const fs::path& d) { edit_line(d / "villages.csv", 3, [](const std::string& l) { return set_field(l, 2, "C9999999"); }); },
     "villages.csv D032×1 ", {"villages.csv:3:D032"}, "", {}},
    {"commune_district_missing", [](const fs::path& d) { edit_line(d / "communes.csv", 3, [](const std::string& l) { return set_field(l, 2, "D9999999"); }); },
     "communes.csv D032×1 ", {"communes.csv:3:D032"}, "", {}},
    {"id_with_bom", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return "\xEF\xBB\xBF" + l; }); },
     "adults.csv D033×3 children.csv D033×2 families.csv D034×1 ", {"adults.csv:18:D033", "children.csv:8:D033", "families.csv:11:D034"}, "", {}},
    {"link_with_space_and_case", [](const fs::path& d) { replace_links(d / "adults.csv", 1, "F0000010", " f0000010"); },
     "adults.csv D033×3 families.csv D034×1 ", {"adults.csv:18:D033"}, "", {}},
    {"id_not_nfc", [](const fs::path& d) {  // the household's id composed, its members' links decomposed
       edit_line(d / kFamilies, 11, [](const std::string& l) { return set_field(l, 0, "F0000010\xC3\x81"); });
       replace_links(d / "adults.csv", 1, "F0000010", "F0000010A\xCC\x81");
       replace_links(d / "children.csv", 1, "F0000010", "F0000010A\xCC\x81");
     },
     "adults.csv D033×3 children.csv D033×2 families.csv D034×1 ", {"adults.csv:18:D033"}, "", {}},
    {"nul_in_id", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return set_field(l, 0, std::string("F00000\0" "10", 9)); }); },
     "adults.csv D032×3 children.csv D032×2 families.csv D014×1 ", {"families.csv:11:D014"}, "", {}},
    {"invalid_utf8_value", [](const fs::path& d) { edit_line(d / "villages.csv", 3, [](const std::string& l) { return set_field(l, 1, "Th\xF4n 2"); }); },
     "clans.csv D032×1 families.csv D032×42 villages.csv D015×1 ", {"villages.csv:3:D015"}, "", {}},
    {"value_not_a_number", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return set_field(l, 3, "c\xC3\xB3\xC2\xA0th\xE1\xBB\x83"); }); },
     "families.csv D020×1 ", {"families.csv:11:D020"}, "", {}},
    {"child_age_out_of_range", [](const fs::path& d) { edit_line(d / "children.csv", 4, [](const std::string& l) { return set_field(l, 2, "999"); }); },
     "children.csv D021×1 ", {"children.csv:4:D021"}, "", {}},
    {"header_only_families", [](const fs::path& d) { spit(d / kFamilies, slurp(d / kFamilies).substr(0, slurp(d / kFamilies).find('\n') + 1)); },
     "adults.csv D032×706 children.csv D032×269 clans.csv D034×14 villages.csv D034×13 ", {"clans.csv:2:D034"}, "", {{"families", 0}}},
    {"crlf_blank_lines_and_a_quoted_line_break", [](const fs::path& d) {
       std::string text = slurp(d / kFamilies), crlf;
       for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
       spit(d / kFamilies, crlf + "\r\n\r\n");
       edit_line(d / "villages.csv", 3, [](const std::string& l) { return set_field(l, 1, "\"Thôn 2,\nxã \"\"Đông\"\"\""); });
     },
     "", {}, "", {}},
    {"long_line_of_commas", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string&) { return std::string(3u << 20, ','); }); },
     "adults.csv D032×3 children.csv D032×2 families.csv D016×1 ", {"families.csv:11:D016"}, "", {}},
    {"fifo_as_a_file", [](const fs::path& d) {
       fs::remove(d / kFamilies);
       BOOST_REQUIRE(::mkfifo((d / kFamilies).c_str(), 0600) == 0);
     },
     "", {}, "-fifo_as_a_file/families.csv` is a FIFO (named pipe), not a regular file", {}},
    {"duplicate_key_in_dataset_yaml", [](const fs::path& d) {
       std::string y = slurp(d / "dataset.yaml");
       spit(d / "dataset.yaml", y.replace(y.find("  nguong_cong_nhan: 70\n"), 0, "  nguong_cong_nhan: 95\n"));
     },
     "", {}, "-duplicate_key_in_dataset_yaml/dataset.yaml:8:3: error[H010]: duplicate key `nguong_cong_nhan`", {}},
    {"unknown_place", [](const fs::path& d) { spit(d / "dataset.yaml", slurp(d / "dataset.yaml") + "place: tinh_mau\n"); },
     "", {}, "-unknown_place/dataset.yaml:11:8: error[H103]: unknown place `tinh_mau` (the targets name: phu_tho, quang_nam, quang_nam/tam_ky;", {}},
    {"unknown_context_key", [](const fs::path& d) { spit(d / "dataset.yaml", slurp(d / "dataset.yaml") + "  nguong_cong_nhann: 70\n"); },
     "", {}, "-unknown_context_key/dataset.yaml:11:3: error[H100]: unknown context key `nguong_cong_nhann` (no criteria set has such an input; "
     "known: nguong_cong_nhan); did you mean `nguong_cong_nhan`?", {}},
};

BOOST_AUTO_TEST_CASE(every_slip_is_a_listed_problem_and_no_count_moves_without_one) {
  static_assert(std::size(kSlips) >= 25, "every slip of the issue, and more");
  for (const Slip& slip : kSlips) {
    const Outcome o = check(slip);
    if (std::getenv("HOCTAP_CORPUS_SHOW")) std::cerr << slip.name << ": " << o.error << o.counts << "\n";
  }
}


// A village pointing at a missing commune: its district has no village left (no rate, no
// "not met"), and the unplaced row says why its 42 households have no place.
BOOST_AUTO_TEST_CASE(areas_without_entities_and_why_rows_are_unplaced) {
  const Outcome o = check({"village_commune_missing_report",
                           [](const fs::path& d) { edit_line(d / "villages.csv", 3, [](const std::string& l) { return set_field(l, 2, "C9999999"); }); },
                           "villages.csv D032×1 ", {"villages.csv:3:D032"}, "", {}});
  BOOST_TEST(o.report_text.find("  Cẩm Phả                                  0/0       —  no entities\n") != std::string::npos);
  BOOST_TEST(o.report_text.find("      why: its village has no commune in communes.csv (42)\n") != std::string::npos);
  BOOST_TEST(o.report_text.find("  villages.csv:3 (row 2) [D032] commune_id: `C9999999` is not an id in communes.csv\n") != std::string::npos);
  BOOST_TEST(o.report_text.find("  families.csv                 301 = 1 + 300 + 0 + 0 + 0\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
