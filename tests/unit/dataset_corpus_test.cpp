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
#include <sstream>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "helpers.hpp"
#include "hoctap/report.hpp"
#include "dataset/folder.hpp"
#include "model/reads.hpp"
#include "util/text.hpp"
#include "yaml/yaml_tree.hpp"

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

// Line `to` of `file` takes the id (field 0) of line `from`.
void copy_id(const fs::path& file, std::size_t from, std::size_t to) {
  std::string id;
  edit_line(file, from, [&](const std::string& l) {
    id = get_field(l, 0);
    return l;
  });
  edit_line(file, to, [&](const std::string& l) { return set_field(l, 0, id); });
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
  opts.lang = hoctap::Lang::en;  // as the report text below
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

// A fresh copy of the clean province named `name` (removed by the caller).
fs::path copy_of_clean(const std::string& name) {
  const fs::path dir = clean_province().parent_path() / (clean_province().filename().string() + "-" + name);
  fs::remove_all(dir);
  fs::copy(clean_province(), dir);
  return dir;
}

// The problems of `dir` on 2022-12-31 in `lang`, each as "file:row:line:code:field: reason".
std::vector<std::string> problems_in(const fs::path& dir, hoctap::Lang lang, const char* date = "2022-12-31",
                                     const hoctap::Registry& sets = registry()) {
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day(date);
  opts.lang = lang;
  std::vector<std::string> out;
  for (const auto& i : hoctap::evaluate_dataset(sets, dir.string(), opts).issues)
    out.push_back(i.file + ":" + std::to_string(i.row) + ":" + std::to_string(i.line) + ":" + i.code + ":" + i.field + ": " + i.reason);
  return out;
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

// Line 11 of families.csv is household F0000010 (3 adults, 2 children). An unreadable line
// keeps its id when the text before its first comma reads as one: its members join it
// (no D032) unless the slip is in the id itself.
const Slip kSlips[] = {
    {"unterminated_quote", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return "\"" + l; }); },
     "families.csv D010×1 ", {"families.csv:11:D010"}, "", {}},
    {"text_after_quote", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return "\"F0000010\"x" + l.substr(8); }); },
     "adults.csv D032×3 children.csv D032×2 families.csv D011×1 ", {"families.csv:11:D011"}, "", {}},
    {"quote_inside_field", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return set_field(l, 1, "V00\"01"); }); },
     "families.csv D012×1 ", {"families.csv:11:D012"}, "", {}},
    {"short_line", [](const fs::path& d) { edit_line(d / kFamilies, 11, [](const std::string& l) { return l.substr(0, l.rfind(',')); }); },
     "families.csv D013×1 ", {"families.csv:11:D013"}, "", {}},
    {"repeated_header", [](const fs::path& d) { edit_line(d / kFamilies, 1, [](const std::string& l) { return set_field(l, 6, "score.tc2c"); }); },
     "", {}, "-repeated_header/families.csv` line 1 (the header): column `score.tc2c` appears twice (columns 6 and 7)", {}},
    {"adult_family_missing", [](const fs::path& d) { edit_line(d / "adults.csv", 5, [](const std::string& l) { return set_field(l, 1, "F9999999"); }); },
     "adults.csv D032×1 families.csv D034×1 ", {"adults.csv:5:D032"}, "", {}},
    {"child_family_missing", [](const fs::path& d) { edit_line(d / "children.csv", 5, [](const std::string& l) { return set_field(l, 1, "F9999999"); }); },
     "children.csv D032×1 ", {"children.csv:5:D032"}, "", {}},
    {"duplicate_family_id", [](const fs::path& d) { edit_line(d / kFamilies, 12, [](const std::string& l) { return set_field(l, 0, "F0000010"); }); },
     "adults.csv D032×2 children.csv D032×1 families.csv D031×1 ", {"families.csv:12:D031"}, "", {}},
    // Kinds nothing points at: both rows are judged (adults, commune units) or counted as
    // members (children), and the repeat is listed.
    {"duplicate_adult_id", [](const fs::path& d) { copy_id(d / "adults.csv", 4, 5); }, "adults.csv D031×1 ", {"adults.csv:5:D031"}, "", {}},
    {"duplicate_commune_unit_id", [](const fs::path& d) { copy_id(d / "commune_units.csv", 2, 7); },
     "commune_units.csv D031×1 ", {"commune_units.csv:7:D031"}, "", {}},
    {"duplicate_child_id", [](const fs::path& d) { copy_id(d / "children.csv", 3, 9); }, "children.csv D031×1 ", {"children.csv:9:D031"}, "", {}},
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
     "villages.csv D015×1 ", {"villages.csv:3:D015"}, "", {}},
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
     "", {}, "-unknown_place/dataset.yaml:12:8: error[H103]: unknown place `tinh_mau` (the targets name: phu_tho, quang_nam, quang_nam/tam_ky;", {}},
    {"unknown_context_key", [](const fs::path& d) { spit(d / "dataset.yaml", slurp(d / "dataset.yaml") + "  nguong_cong_nhann: 70\n"); },
     "", {}, "-unknown_context_key/dataset.yaml:12:3: error[H100]: unknown context key `nguong_cong_nhann` (no criteria set has such an input; "
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

// The repeat of an id nothing points at, in both languages.
BOOST_AUTO_TEST_CASE(a_repeated_id_of_a_kind_nothing_points_at_is_listed_in_both_languages) {
  const fs::path dir = copy_of_clean("repeats");
  copy_id(dir / "adults.csv", 4, 5);
  copy_id(dir / "children.csv", 3, 9);
  std::string adult, child;
  edit_line(dir / "adults.csv", 4, [&](const std::string& l) { return adult = get_field(l, 0), l; });
  edit_line(dir / "children.csv", 3, [&](const std::string& l) { return child = get_field(l, 0), l; });
  BOOST_TEST(problems_in(dir, hoctap::Lang::en) == (std::vector<std::string>{
                 "children.csv:8:9:D031:id: duplicate id `" + child + "` (first at row 2): both rows are counted as members",
                 "adults.csv:4:5:D031:id: duplicate id `" + adult + "` (first at row 3): both rows are judged and counted as two entities"}),
             boost::test_tools::per_element());
  BOOST_TEST(problems_in(dir, hoctap::Lang::vi) == (std::vector<std::string>{
                 "children.csv:8:9:D031:id: mã `" + child + "` trùng (lần đầu ở dòng 2): cả hai dòng đều được tính là thành viên",
                 "adults.csv:4:5:D031:id: mã `" + adult + "` trùng (lần đầu ở dòng 3): cả hai dòng đều được đánh giá và tính là hai đối tượng"}),
             boost::test_tools::per_element());
  fs::remove_all(dir);
}

// An id or a link quoted in a reason has its invisible characters named, as every
// message names them (`<U+200B>`): never a text that looks like a correct id.
BOOST_AUTO_TEST_CASE(invisible_characters_in_ids_and_links_are_named) {
  const fs::path dir = copy_of_clean("invisible");
  std::string family, commune, child;
  edit_line(dir / "adults.csv", 2, [&](const std::string& l) { return family = get_field(l, 1), set_field(l, 1, family + "\xE2\x80\x8B"); });  // D032
  edit_line(dir / "adults.csv", 3, [&](const std::string& l) { return set_field(l, 1, "\xC2\xA0" + family); });                                // D033
  edit_line(dir / "villages.csv", 2, [&](const std::string& l) { return commune = get_field(l, 2), set_field(l, 2, "\xEF\xBB\xBF" + commune); });  // D033
  edit_line(dir / "children.csv", 3, [&](const std::string& l) { return child = get_field(l, 0) + "\xE2\x80\x8B", set_field(l, 0, child); });
  edit_line(dir / "children.csv", 9, [&](const std::string& l) { return set_field(l, 0, child); });                                             // D031
  const std::string shown_child = child.substr(0, child.size() - 3) + "<U+200B>";
  BOOST_TEST(problems_in(dir, hoctap::Lang::en) == (std::vector<std::string>{
                 "children.csv:8:9:D031:id: duplicate id `" + shown_child + "` (first at row 2): both rows are counted as members",
                 "adults.csv:1:2:D032:family_id: `" + family + "<U+200B>` is not an id in families.csv",
                 "adults.csv:2:3:D033:family_id: `<U+00A0>" + family + "` is not an id in families.csv; did you mean `" + family +
                     "`? (they differ only by spaces, a BOM, Unicode normalisation or case)",
                 "families.csv:1:2:D034:id: no row of adults.csv points at `" + family + "` (`family_id`): it is judged with no nguoi_lon",
                 "villages.csv:1:2:D033:commune_id: `<U+FEFF>" + commune + "` is not an id in communes.csv; did you mean `" + commune +
                     "`? (they differ only by spaces, a BOM, Unicode normalisation or case)"}),
             boost::test_tools::per_element());
  fs::remove_all(dir);
}

// A value a reason quotes names its invisible characters too, not only ids and links: a
// no-break space in a flag reads `có<U+00A0>thể`, not as `có thể`, which looks right.
BOOST_AUTO_TEST_CASE(a_refused_value_names_its_invisible_characters) {
  const fs::path dir = copy_of_clean("invisible_value");
  edit_line(dir / kFamilies, 11, [](const std::string& l) { return set_field(l, 3, "c\xC3\xB3\xC2\xA0th\xE1\xBB\x83"); });
  BOOST_TEST(problems_in(dir, hoctap::Lang::en) ==
                 (std::vector<std::string>{"families.csv:10:11:D020:hoc_tap_nang_cao_doi_song: `c\xC3\xB3<U+00A0>th\xE1\xBB\x83` is not true or false"}),
             boost::test_tools::per_element());
  fs::remove_all(dir);
}

// Every reason of the line, id and link problems, in both languages, from one catalog.
BOOST_AUTO_TEST_CASE(line_id_and_link_problems_are_told_in_both_languages) {
  const fs::path dir = copy_of_clean("reasons");
  edit_line(dir / kFamilies, 3, [](const std::string& l) { return "\"" + l; });                                      // D010
  edit_line(dir / kFamilies, 4, [](const std::string& l) { return "\"F0000003\"x" + l.substr(8); });                   // D011
  edit_line(dir / kFamilies, 5, [](const std::string& l) { return set_field(l, 1, "V00\"01"); });                     // D012
  edit_line(dir / kFamilies, 6, [](const std::string& l) { return l.substr(0, l.rfind(',')); });                      // D013
  edit_line(dir / kFamilies, 7, [](const std::string& l) { return set_field(l, 1, std::string("V0\0" "01", 5)); });  // D014
  edit_line(dir / "villages.csv", 5, [](const std::string& l) { return set_field(l, 1, "Th\r"); });                   // D014
  edit_line(dir / kFamilies, 9, [](const std::string& l) { return set_field(l, 1, "V0\xF4" "01"); });               // D015
  edit_line(dir / kFamilies, 15, [](const std::string&) { return std::string(3u << 20, ','); });                     // D016
  edit_line(dir / kFamilies, 12, [](const std::string& l) { return set_field(l, 0, "F0000010"); });                   // D031
  edit_line(dir / kFamilies, 13, [](const std::string& l) { return set_field(l, 0, ""); });                           // D030
  edit_line(dir / kFamilies, 14, [](const std::string& l) { return set_field(l, 1, ""); });                           // D035
  edit_line(dir / "villages.csv", 3, [](const std::string& l) { return set_field(l, 2, "C9999999"); });               // D032
  edit_line(dir / "agencies.csv", 2, [](const std::string& l) { return set_field(l, 2, " d0000001"); });              // D033
  replace_links(dir / "adults.csv", 1, "F0000019", "F9999999");                                                       // D034
  copy_id(dir / "districts.csv", 2, 3);                                                                               // D031
  copy_id(dir / "communes.csv", 2, 3);                                                                                // D031
  edit_line(dir / "communes.csv", 3, [](const std::string& l) { return set_field(l, 2, ""); });                       // D035
  edit_line(dir / "commune_units.csv", 2, [](const std::string& l) { return set_field(l, 2, ""); });                  // D035
  const std::string children = slurp(dir / "children.csv");
  edit_line(dir / "children.csv", static_cast<std::size_t>(std::count(children.begin(), children.end(), '\n')),
            [](const std::string& l) { return set_field(l, 2, "999"); });                                           // D021
  const std::vector<std::string> en = problems_in(dir, hoctap::Lang::en), vi = problems_in(dir, hoctap::Lang::vi);
  BOOST_REQUIRE(en.size() == vi.size());
  // Each reason's text once per code and language (the first of each code and file).
  std::map<std::string, std::pair<std::string, std::string>> first;
  for (std::size_t k = 0; k < en.size(); ++k) {
    const std::string key = en[k].substr(0, en[k].find(':')) + " " + en[k].substr(en[k].find(":D") + 1, 4);
    first.emplace(key, std::make_pair(en[k].substr(en[k].find(": ") + 2), vi[k].substr(vi[k].find(": ") + 2)));
  }
  std::string got;
  for (const auto& [key, texts] : first) got += key + "\n  " + texts.first + "\n  " + texts.second + "\n";
  BOOST_TEST(got ==
      "adults.csv D032\n"
      "  `F0000003` is not an id in families.csv\n"
      "  `F0000003` không phải mã nào trong families.csv\n"
      "agencies.csv D032\n"
      "  `D0000002` is not an id in districts.csv\n"
      "  `D0000002` không phải mã nào trong districts.csv\n"
      "agencies.csv D033\n"
      "  ` d0000001` is not an id in districts.csv; did you mean `D0000001`? (they differ only by spaces, a BOM, Unicode normalisation or case)\n"
      "  ` d0000001` không phải mã nào trong districts.csv; có phải `D0000001`? (chỉ khác nhau ở khoảng trắng, BOM, chuẩn hoá Unicode hoặc chữ hoa/thường)\n"
      "children.csv D021\n"
      "  `tuoi` = 999 is outside 0..18 (a member of families.csv row 299)\n"
      "  `tuoi` = 999 nằm ngoài khoảng 0..18 (thành viên của families.csv dòng 299)\n"
      "children.csv D032\n"
      "  `F0000011` is not an id in families.csv\n"
      "  `F0000011` không phải mã nào trong families.csv\n"

      "commune_units.csv D032\n"
      "  `C0000002` is not an id in communes.csv\n"
      "  `C0000002` không phải mã nào trong communes.csv\n"
      "commune_units.csv D035\n"
      "  empty `commune_id`: the row has no place\n"
      "  `commune_id` trống: dòng không có địa bàn\n"
      "communes.csv D031\n"
      "  duplicate id `C0000001` (first at row 1): what points at it is counted in that row's commune\n"
      "  mã `C0000001` trùng (lần đầu ở dòng 1): những gì trỏ tới nó được tính vào xã của dòng đó\n"
      "communes.csv D035\n"
      "  empty `district_id`: the commune is in no district\n"
      "  `district_id` trống: xã không thuộc huyện nào\n"
      "districts.csv D031\n"
      "  duplicate id `D0000001` (first at row 1): what points at it is counted in that row's district\n"
      "  mã `D0000001` trùng (lần đầu ở dòng 1): những gì trỏ tới nó được tính vào huyện của dòng đó\n"
      "families.csv D010\n"
      "  a quote opened at character 1 does not close on its line: the line is unreadable; reading resumes on the next line\n"
      "  dấu nháy mở ở ký tự 1 không đóng trên dòng của nó: dòng không đọc được; đọc tiếp từ dòng sau\n"
      "families.csv D011\n"
      "  text after the closing quote of a quoted field (character 11)\n"
      "  có chữ sau dấu nháy đóng của một ô trong nháy (ký tự 11)\n"
      "families.csv D012\n"
      "  a quote inside an unquoted field (character 13): quote the whole field and double the quote\n"
      "  dấu nháy trong một ô không đặt trong nháy (ký tự 13): hãy đặt cả ô trong nháy và viết dấu nháy hai lần\n"
      "families.csv D013\n"
      "  expected 7 fields, found 6\n"
      "  cần 7 ô, có 6\n"
      "families.csv D014\n"
      "  control character U+0000 is not allowed (character 12)\n"
      "  không được có ký tự điều khiển U+0000 (ký tự 12)\n"
      "families.csv D015\n"
      "  bytes that are not UTF-8 (\\xF4) (character 12)\n"
      "  byte không phải UTF-8 (\\xF4) (ký tự 12)\n"
      "families.csv D016\n"
      "  the line is longer than the limit of 1048576 bytes (a quote that never closes, or not a CSV file)\n"
      "  dòng dài quá giới hạn 1048576 byte (dấu nháy không bao giờ đóng, hoặc không phải tệp CSV)\n"
      "families.csv D030\n"
      "  empty id: nothing can point at this row\n"
      "  mã (id) trống: không gì trỏ tới được dòng này\n"
      "families.csv D031\n"
      "  duplicate id `F0000010` (first at row 10): its members are counted with that row only\n"
      "  mã `F0000010` trùng (lần đầu ở dòng 10): thành viên của nó chỉ được tính cho dòng đó\n"

      "families.csv D034\n"
      "  no row of adults.csv points at `F0000019` (`family_id`): it is judged with no nguoi_lon\n"
      "  không dòng nào của adults.csv trỏ tới `F0000019` (`family_id`): nó được đánh giá mà không có nguoi_lon\n"
      "families.csv D035\n"
      "  empty `village_id`: the row belongs to no row of villages.csv\n"
      "  `village_id` trống: dòng không thuộc dòng nào của villages.csv\n"
      "villages.csv D014\n"
      "  a carriage return that does not end the line (character 12)\n"
      "  ký tự xuống dòng (CR) không ở cuối dòng (ký tự 12)\n"
      "villages.csv D032\n"
      "  `C9999999` is not an id in communes.csv\n"
      "  `C9999999` không phải mã nào trong communes.csv\n");
  fs::remove_all(dir);
}

// A misspelt header: the input the set reads is missing (D036) and the column it reads is
// unknown, with a "did you mean" (D037), each once for the file, in both languages; the
// text report shows them at the header; `strict` refuses the data before judging a row.
BOOST_AUTO_TEST_CASE(a_misspelt_column_is_a_missing_input_and_an_unknown_column_once_per_file) {
  const fs::path dir = copy_of_clean("columns");
  edit_line(dir / "villages.csv", 1, [](const std::string& l) { return l.substr(0, l.find("khu_dan_cu_van_hoa")) + "khu_dan_cu_van_hoaa" + l.substr(l.find("khu_dan_cu_van_hoa") + 18); });
  edit_line(dir / "children.csv", 1, [](const std::string& l) { return l.substr(0, l.find(",tuoi,")) + ",tuoi_x," + l.substr(l.find(",tuoi,") + 6); });
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-12-31");
  const std::vector<std::string> en = {
      "children.csv:0:1:D036:tuoi: field `tuoi` of list `tre_em` (set `gia-dinh-hoc-tap/2022`) is not a column of children.csv: every member lacks it",
      "children.csv:0:1:D037:tuoi_x: column `tuoi_x` of children.csv is read by no criteria set here: its values are not used; did you mean `tuoi`?",
      "villages.csv:0:1:D036:khu_dan_cu_van_hoa: input `khu_dan_cu_van_hoa` of `cong-dong-hoc-tap-thon/2022` is not a column of villages.csv: every row lacks it",
      "villages.csv:0:1:D037:khu_dan_cu_van_hoaa: column `khu_dan_cu_van_hoaa` of villages.csv is read by no criteria set here: its values are not used; "
      "did you mean `khu_dan_cu_van_hoa`?"};
  BOOST_TEST(problems_in(dir, hoctap::Lang::en) == en, boost::test_tools::per_element());
  const std::vector<std::string> vi = {
      "children.csv:0:1:D036:tuoi: trường `tuoi` của danh sách `tre_em` (bộ `gia-dinh-hoc-tap/2022`) không phải cột của children.csv: mọi thành viên đều thiếu giá trị này",
      "children.csv:0:1:D037:tuoi_x: cột `tuoi_x` của children.csv không được bộ tiêu chí nào ở đây đọc: giá trị của nó không được dùng; có phải `tuoi`?",
      "villages.csv:0:1:D036:khu_dan_cu_van_hoa: đầu vào `khu_dan_cu_van_hoa` của bộ `cong-dong-hoc-tap-thon/2022` không phải cột của villages.csv: mọi dòng đều thiếu giá trị này",
      "villages.csv:0:1:D037:khu_dan_cu_van_hoaa: cột `khu_dan_cu_van_hoaa` của villages.csv không được bộ tiêu chí nào ở đây đọc: giá trị của nó không được dùng; "
      "có phải `khu_dan_cu_van_hoa`?"};
  BOOST_TEST(problems_in(dir, hoctap::Lang::vi) == vi, boost::test_tools::per_element());
  BOOST_TEST(hoctap::check_dataset_columns(registry(), dir.string(), opts).size() == 4u);
  // The report places them at the header, in every format.
  opts.lang = hoctap::Lang::en;
  const hoctap::Report rep = hoctap::make_report(hoctap::evaluate_dataset(registry(), dir.string(), opts), registry().targets(), hoctap::ReportBy::province);
  const std::string text = hoctap::render_report(rep, hoctap::ReportFormat::text, hoctap::Lang::en);
  BOOST_TEST(text.find("  villages.csv:1 (header) [D036] khu_dan_cu_van_hoa: input `khu_dan_cu_van_hoa` of `cong-dong-hoc-tap-thon/2022`") != std::string::npos);
  BOOST_TEST(text.find("  D037         2  a column no criteria set reads\n") != std::string::npos);
  BOOST_TEST(hoctap::render_report(rep, hoctap::ReportFormat::text, hoctap::Lang::vi).find("  villages.csv:1 (dòng tiêu đề) [D036] khu_dan_cu_van_hoa: ") != std::string::npos);
  BOOST_TEST(hoctap::render_report(rep, hoctap::ReportFormat::csv, hoctap::Lang::en).find("problems,D036,,an input the criteria read that the file has no column for,2,") != std::string::npos);
  BOOST_TEST(hoctap::render_report(rep, hoctap::ReportFormat::json, hoctap::Lang::en).find("{\"file\":\"children.csv\",\"row\":0,\"line\":1,\"code\":\"D037\",\"field\":\"tuoi_x\",") != std::string::npos);
  BOOST_TEST(hoctap::render_report(rep, hoctap::ReportFormat::html, hoctap::Lang::en).find("<li>children.csv:1 (header) [D037] tuoi_x: column `tuoi_x`") != std::string::npos);
  opts.strict = true;
  try {
    hoctap::evaluate_dataset(registry(), dir.string(), opts);
    BOOST_ERROR("strict must refuse the data");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()) == "the dataset's columns do not match the criteria it is judged by (strict):\n"
                                        "  children.csv [D036] field `tuoi` of list `tre_em` (set `gia-dinh-hoc-tap/2022`) is not a column of children.csv: every member lacks it\n"
                                        "  children.csv [D037] column `tuoi_x` of children.csv is read by no criteria set here: its values are not used; did you mean `tuoi`?\n"
                                        "  villages.csv [D036] input `khu_dan_cu_van_hoa` of `cong-dong-hoc-tap-thon/2022` is not a column of villages.csv: every row lacks it\n"
                                        "  villages.csv [D037] column `khu_dan_cu_van_hoaa` of villages.csv is read by no criteria set here: its values are not used; "
                                        "did you mean `khu_dan_cu_van_hoa`?");
  }
  // The clean province passes strict.
  BOOST_TEST(hoctap::check_dataset_columns(registry(), clean_province().string(), opts).empty());
  fs::remove_all(dir);
}

// Two bad values of two children of one household used to be one issue, on the first
// child's row, with both texts; each is its own child's row now. An adult's bad value (a
// kind of its own) names its column.
BOOST_AUTO_TEST_CASE(each_members_bad_value_is_its_own_rows_issue) {
  const fs::path dir = copy_of_clean("two-children");
  // The first household with two children: their lines in children.csv.
  std::vector<std::size_t> lines;
  {
    std::istringstream in(slurp(dir / "children.csv"));
    std::string line, before;
    for (std::size_t n = 1; std::getline(in, line) && lines.empty(); ++n) {
      const std::string family = n > 1 ? line.substr(line.find(',') + 1, line.find(',', line.find(',') + 1) - line.find(',') - 1) : "";
      if (n > 2 && family == before) lines = {n - 1, n};
      before = family;
    }
  }
  BOOST_REQUIRE(lines.size() == 2u);
  edit_line(dir / "children.csv", lines[0], [](const std::string& l) { return set_field(l, 2, "-3"); });
  edit_line(dir / "children.csv", lines[1], [](const std::string& l) { return set_field(l, 2, "99"); });
  edit_line(dir / "adults.csv", 4, [](const std::string& l) { return set_field(l, 8, "11"); });
  std::vector<std::string> d021;
  for (const std::string& p : problems_in(dir, hoctap::Lang::en))
    if (p.find(":D021:") != std::string::npos) d021.push_back(p);
  const std::string row0 = std::to_string(lines[0] - 1), row1 = std::to_string(lines[1] - 1);
  BOOST_TEST_REQUIRE(d021.size() == 3u);
  BOOST_TEST(d021[0].rfind("children.csv:" + row0 + ":" + std::to_string(lines[0]) + ":D021:tuoi: `tuoi` = -3 is outside 0..18 (a member of families.csv row ", 0) == 0,
             d021[0]);
  BOOST_TEST(d021[1].rfind("children.csv:" + row1 + ":" + std::to_string(lines[1]) + ":D021:tuoi: `tuoi` = 99 is outside 0..18 (a member of families.csv row ", 0) == 0,
             d021[1]);
  BOOST_TEST(d021[2] == "adults.csv:3:4:D021:score.tc1_1: `score.tc1_1` = 11 is outside 0..10");
  fs::remove_all(dir);
}

// A refused value that quotes "; `" is one problem, on its member's own row: the batch
// keeps each problem apart (BatchOptions::each_problem), nothing splits a joined text.
BOOST_AUTO_TEST_CASE(a_value_quoting_a_separator_is_one_problem) {
  const fs::path dir = copy_of_clean("separator");
  edit_line(dir / "children.csv", 2, [](const std::string& l) { return set_field(l, 7, "gi\xE1\xBB\x8Fi; `x"); });
  edit_line(dir / "adults.csv", 2, [](const std::string& l) { return set_field(l, 7, "mien_nui; `y"); });
  const auto refused = [&](const char* date) {
    std::vector<std::string> d021;
    for (const std::string& p : problems_in(dir, hoctap::Lang::en, date))
      if (p.find(":D02") != std::string::npos) d021.push_back(p);
    return d021;
  };
  BOOST_TEST(refused("2020-12-31") ==  // 448-2016 reads a child's `hoc_luc`
                 (std::vector<std::string>{"children.csv:1:2:D021:hoc_luc: `hoc_luc` = 'gi\xE1\xBB\x8Fi; `x' is not on scale `hoc_luc` "
                                           "(yeu, trung_binh, kha, gioi) (a member of families.csv row 4)"}),
             boost::test_tools::per_element());
  BOOST_TEST(refused("2022-12-31") ==
                 (std::vector<std::string>{"adults.csv:1:2:D021:vung: `vung` = 'mien_nui; `y' is not on scale `vung` (binh_thuong, vung_sau_vung_xa, "
                                           "dan_toc_thieu_so)"}),
             boost::test_tools::per_element());
  fs::remove_all(dir);
}

// A link column spelt otherwise (`family_ID`) used to leave every adult out of its
// household, and the households' rate rose with nothing but a D037 and a D034 per household
// to show for it; a parent file without `id` left every member unlinked. Both stop the
// dataset before anything is judged (E008), each missing column named once with the
// nearest header name, in the dataset's language.
BOOST_AUTO_TEST_CASE(a_missing_link_or_id_column_stops_the_dataset) {
  const fs::path dir = copy_of_clean("links");
  edit_line(dir / "adults.csv", 1, [](const std::string& l) { return l.substr(0, l.find(",family_id,")) + ",family_ID," + l.substr(l.find(",family_id,") + 11); });
  edit_line(dir / "villages.csv", 1, [](const std::string& l) { return "ID" + l.substr(2); });
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-12-31");
  for (const hoctap::Lang lang : {hoctap::Lang::en, hoctap::Lang::vi}) {
    opts.lang = lang;
    try {
      hoctap::evaluate_dataset(registry(), dir.string(), opts);
      BOOST_ERROR("the dataset must be refused");
    } catch (const hoctap::RuntimeError& e) {
      BOOST_TEST(e.code() == "E008");
      BOOST_TEST(std::string(e.what()) ==
                 (lang == hoctap::Lang::en
                      ? "the dataset's files lack the columns that link their rows (nothing is judged without them):\n"
                        "  adults.csv has no column `family_id`, which links its rows to those of families.csv; did you mean `family_ID`?\n"
                        "  villages.csv has no column `id`, by which the rows of families.csv point at its rows; did you mean `ID`?"
                      : "các tệp của bộ dữ liệu thiếu cột nối các dòng với nhau (không đánh giá gì khi thiếu các cột này):\n"
                        "  adults.csv không có cột `family_id`, cột nối các dòng của nó với các dòng của families.csv; có phải `family_ID`?\n"
                        "  villages.csv không có cột `id`, cột mà các dòng của families.csv dùng để trỏ tới các dòng của nó; có phải `ID`?"));
    }
  }
  // A link no set in force uses is not required: in 2022 the units' set (TT22) has no
  // members, so adults.csv needs no `unit_id`; from 2024 TT24 reads its members' results.
  const fs::path clean = copy_of_clean("links-2024");
  edit_line(clean / "adults.csv", 1, [](const std::string& l) { return l.substr(0, l.find(",unit_id,")) + ",don_vi," + l.substr(l.find(",unit_id,") + 9); });
  opts.lang = hoctap::Lang::en;
  BOOST_CHECK_NO_THROW(hoctap::evaluate_dataset(registry(), clean.string(), opts));
  opts.date = hoctap_test::day("2024-06-30");
  BOOST_CHECK_EXCEPTION(hoctap::evaluate_dataset(registry(), clean.string(), opts), hoctap::RuntimeError, [](const hoctap::RuntimeError& e) {
    return std::string(e.what()) == "the dataset's files lack the columns that link their rows (nothing is judged without them):\n"
                                    "  adults.csv has no column `unit_id`, which links its rows to those of agencies.csv";
  });
  fs::remove_all(clean);
  fs::remove_all(dir);
}

// Between the 2022 family set's placeholder start (2022-07-01) and the first learning-citizen
// set (244, from 2022-07-28) the families' set reads their adults' recognition, and no set
// judges the adults: the report says so once (D038), in both languages, naming the version
// nearest the date, where it used to leave every family not assessable and report no
// problem. So does a registry whose last citizen set has ended.
BOOST_AUTO_TEST_CASE(members_no_set_in_force_judges_are_told_once) {
  const std::vector<std::string> en = {
      "adults.csv:0:1:D038:result.recognized: no `cong_dan_hoc_tap` set is in force on 2022-07-15 (the next, `cong-dan-hoc-tap/244-2022`, applies "
      "from 2022-07-28): the rows of adults.csv are not judged, and `gia-dinh-hoc-tap/2022` reads their `nguoi_lon[].result.recognized`: every member lacks it"};
  BOOST_TEST(problems_in(clean_province(), hoctap::Lang::en, "2022-07-15") == en, boost::test_tools::per_element());
  const std::vector<std::string> vi = {
      "adults.csv:0:1:D038:result.recognized: không bộ `cong_dan_hoc_tap` nào có hiệu lực ngày 2022-07-15 (bộ tiếp theo, `cong-dan-hoc-tap/244-2022`, "
      "áp dụng từ 2022-07-28): các dòng của adults.csv không được đánh giá, mà `gia-dinh-hoc-tap/2022` đọc `nguoi_lon[].result.recognized` của họ: "
      "mọi thành viên đều thiếu giá trị này"};
  BOOST_TEST(problems_in(clean_province(), hoctap::Lang::vi, "2022-07-15") == vi, boost::test_tools::per_element());
  BOOST_TEST(problems_in(clean_province(), hoctap::Lang::en, "2022-07-28").empty());
  // A registry whose last citizen set (244 without 324) ended before the date.
  std::vector<hoctap::CriteriaSet> without_324;
  for (const hoctap::CriteriaSet& s : registry().sets())
    if (s.id() != "cong-dan-hoc-tap/324-2023") without_324.push_back(s);
  const auto last = hoctap::Registry::from_sets(without_324);
  BOOST_TEST_REQUIRE(last.ok());
  // The sample has a column for every input of 2024's unit and commune sets: the D038 are
  // its only problems, once for each set that reads the adults' results.
  auto told = [&](hoctap::Lang lang) { return problems_in(clean_province(), lang, "2024-06-30", *last.registry); };
  BOOST_TEST(told(hoctap::Lang::en) ==
                 (std::vector<std::string>{"adults.csv:0:1:D038:result.recognized: no `cong_dan_hoc_tap` set is in force on 2024-06-30 (the last, "
                                           "`cong-dan-hoc-tap/244-2022`, applied until 2023-10-24): the rows of adults.csv are not judged, and "
                                           "`gia-dinh-hoc-tap/2022` reads their `nguoi_lon[].result.recognized`: every member lacks it",
                                           "adults.csv:0:1:D038:result.recognized: no `cong_dan_hoc_tap` set is in force on 2024-06-30 (the last, "
                                           "`cong-dan-hoc-tap/244-2022`, applied until 2023-10-24): the rows of adults.csv are not judged, and "
                                           "`don-vi-hoc-tap-huyen-tinh/tt24-2023` reads their `thanh_vien[].result.recognized`: every member lacks it"}),
             boost::test_tools::per_element());
  BOOST_TEST(told(hoctap::Lang::vi).at(0).find(
                 "không bộ `cong_dan_hoc_tap` nào có hiệu lực ngày 2024-06-30 (bộ gần nhất, `cong-dan-hoc-tap/244-2022`, áp dụng đến 2023-10-24)") !=
             std::string::npos);
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-07-15");
  opts.strict = true;
  BOOST_CHECK_THROW(hoctap::evaluate_dataset(registry(), clean_province().string(), opts), std::runtime_error);
}

// A file the folder lacks that another needs is said once, at the header of the file that
// needs it (D039), in place of a problem on each of its rows: every household's link to a
// village matching nothing, or every household judged without adults and no word said.
BOOST_AUTO_TEST_CASE(a_file_another_needs_is_said_absent_once) {
  const fs::path villages = copy_of_clean("no-villages");
  fs::remove(villages / "villages.csv");
  BOOST_TEST(problems_in(villages, hoctap::Lang::en) ==
                 (std::vector<std::string>{
                     "families.csv:0:1:D039:village_id: column `village_id` of families.csv points at rows of villages.csv, and the folder has no "
                     "villages.csv: no row of families.csv is placed in a commune",
                     "clans.csv:0:1:D039:village_id: column `village_id` of clans.csv points at rows of villages.csv, and the folder has no "
                     "villages.csv: no row of clans.csv is placed in a commune"}),
             boost::test_tools::per_element());
  const fs::path adults = copy_of_clean("no-adults");
  fs::remove(adults / "adults.csv");
  BOOST_TEST(problems_in(adults, hoctap::Lang::vi) ==
                 (std::vector<std::string>{"families.csv:0:1:D039:nguoi_lon: `gia-dinh-hoc-tap/2022` đọc danh sách `nguoi_lon`, lấy từ adults.csv, "
                                           "nhưng thư mục không có adults.csv: mọi dòng của families.csv được đánh giá như không có `nguoi_lon`"}),
             boost::test_tools::per_element());
  // Without families.csv: the adults cannot be placed, and the clans' and villages' sets
  // read no households; the adults' columns the family set reads are not "read by no set".
  const fs::path families = copy_of_clean("no-families");
  fs::remove(families / "families.csv");
  std::vector<std::string> codes;
  for (const std::string& p : problems_in(families, hoctap::Lang::en)) codes.push_back(p.substr(0, p.find(": ")));
  BOOST_TEST(codes == (std::vector<std::string>{"adults.csv:0:1:D039:family_id", "clans.csv:0:1:D039:gia_dinh", "villages.csv:0:1:D039:gia_dinh"}),
             boost::test_tools::per_element());
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-12-31");
  opts.strict = true;
  BOOST_CHECK_THROW(hoctap::evaluate_dataset(registry(), adults.string(), opts), hoctap::RuntimeError);
}

// Members judged by their own title come with the results their parent's set reads. The
// 2022 family set reads its adults' recognition only; a draft of it whose requirement also
// reads their totals (`and result.total >= 0`: true for every assessed adult, unknown for
// the others as their recognition is) gives every family the same decision, which it
// could not if the totals were left out for the set that reads none.
namespace {
// The 2022 family set with its adults' share reading their totals too.
hoctap::CriteriaSet family_set_reading_adults_totals() {
  const std::string original = slurp(hoctap_test::source_path("criteria/gia-dinh-hoc-tap/2022.yaml"));
  const std::string from = "share(nguoi_lon where not mien_tru, result.recognized)";
  const std::size_t at = original.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  std::string draft = original;
  draft.replace(at, from.size(), "share(nguoi_lon where not mien_tru, result.recognized and result.total >= 0)");
  auto loaded = hoctap::load_criteria_string(draft, "2022-draft.yaml");
  BOOST_REQUIRE_MESSAGE(loaded.ok(), hoctap::format(loaded.diagnostics));
  return *loaded.set;
}
}  // namespace

BOOST_AUTO_TEST_CASE(members_results_are_given_as_the_parent_set_reads_them) {
  const hoctap::CriteriaSet draft = family_set_reading_adults_totals();
  BOOST_TEST(hoctap::internal::inputs_read(*draft.compiled()).count("nguoi_lon.result.total") == 1u);
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-12-31");
  auto families = [&](const hoctap::DatasetResults& r) {
    for (const hoctap::KindResults& k : r.kinds)
      if (k.kind == "families") return k.result.decision;
    return std::vector<std::uint8_t>();
  };
  const auto as_bundled = families(hoctap::evaluate_dataset(registry(), clean_province().string(), opts));
  opts.use_sets = {draft};
  const auto as_drafted = families(hoctap::evaluate_dataset(registry(), clean_province().string(), opts));
  BOOST_TEST(as_bundled.size() == 300u);
  BOOST_TEST((as_drafted == as_bundled));
  BOOST_TEST(std::count(as_bundled.begin(), as_bundled.end(), static_cast<std::uint8_t>(hoctap::Decision::recognized)) > 0);
}

// Without keep_totals (what a report asks for) no kind keeps its totals, grades or levels,
// streamed (the citizens, 7 rows at a time) or read whole, and every decision is the same;
// a draft of the family set that reads its adults' totals still has them to read.
BOOST_AUTO_TEST_CASE(totals_are_kept_only_when_asked_for) {
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-12-31");
  opts.chunk_rows = 7;
  const hoctap::DatasetResults kept = hoctap::evaluate_dataset(registry(), clean_province().string(), opts);
  opts.keep_totals = false;
  const hoctap::DatasetResults lean = hoctap::evaluate_dataset(registry(), clean_province().string(), opts);
  BOOST_REQUIRE(lean.kinds.size() == kept.kinds.size());
  BOOST_TEST(lean.kinds.size() >= 5u);
  for (std::size_t k = 0; k < lean.kinds.size(); ++k) {
    const hoctap::KindResults& a = kept.kinds[k];
    const hoctap::KindResults& b = lean.kinds[k];
    BOOST_TEST_CONTEXT(b.kind) {
      BOOST_TEST(b.result.rows == a.result.rows);
      BOOST_TEST(a.result.total_units.size() == a.result.rows);
      BOOST_TEST((b.result.decision == a.result.decision));
      BOOST_TEST((b.commune == a.commune));
      BOOST_TEST(b.result.total_units.empty());
      BOOST_TEST(b.result.grade.empty());
      BOOST_TEST(b.result.level.empty());
    }
  }
  opts.use_sets = {family_set_reading_adults_totals()};
  const hoctap::DatasetResults drafted = hoctap::evaluate_dataset(registry(), clean_province().string(), opts);
  std::size_t families = 0;
  for (std::size_t k = 0; k < drafted.kinds.size(); ++k)
    if (drafted.kinds[k].kind == "families") {
      BOOST_TEST((drafted.kinds[k].result.decision == kept.kinds[k].result.decision));
      BOOST_TEST(drafted.kinds[k].result.total_units.empty());
      ++families;
    }
  BOOST_TEST(families == 1u);
}

// A kind whose set has no grades (the citizens' set: no bands, no levels) keeps no grade
// or level column, whose every row would be -1 and 0; a kind with grades (the 2022 family
// set's levels) keeps one per row, streamed or read whole, and they are the batch's. As
// every BatchResult, a kind keeps a level column only when its set is a levels set.
BOOST_AUTO_TEST_CASE(grades_are_kept_only_for_sets_that_have_them) {
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-12-31");
  opts.chunk_rows = 7;  // the citizens a few rows at a time
  const hoctap::DatasetResults r = hoctap::evaluate_dataset(registry(), clean_province().string(), opts);
  std::size_t checked = 0, banded = 0;
  for (const hoctap::KindResults& k : r.kinds) {
    BOOST_TEST_CONTEXT(k.kind) {
      BOOST_TEST(k.result.rows > 0u);
      const auto set = k.set_place.empty() ? registry().find(k.title, opts.date) : registry().find(k.title, opts.date, k.set_place);
      BOOST_TEST_REQUIRE(set.has_value());
      BOOST_TEST(k.result.grade.size() == (set->grades().empty() ? 0u : k.result.rows));
      BOOST_TEST(k.result.level.size() == (set->uses_levels() ? k.result.rows : 0u));
      banded += !set->grades().empty() && !set->uses_levels();
      if (k.kind == "adults") {
        BOOST_TEST(k.result.grades.empty());
        BOOST_TEST(k.result.grade.empty());
        BOOST_TEST(k.result.level.empty());
        ++checked;
      }
      if (k.kind == "families") {
        BOOST_TEST(!k.result.grades.empty());
        BOOST_TEST(k.result.grade.size() == k.result.rows);
        BOOST_TEST(k.result.level.size() == k.result.rows);
        BOOST_TEST(std::count_if(k.result.grade.begin(), k.result.grade.end(), [](std::int32_t g) { return g >= 0; }) > 0);
        ++checked;
      }
    }
  }
  BOOST_TEST(checked == 2u);
  BOOST_TEST(banded > 0u);  // a points set with bands: its grade kept, no level
}

// D036 is about inputs some rule reads: an input a set only declares changes no result,
// so a file without it is not a problem (the 2023 citizen set declares `nhom_doi_tuong`
// and reads nothing of it; the example province has no such column).
BOOST_AUTO_TEST_CASE(an_input_declared_but_never_read_is_not_a_missing_column) {
  auto r = hoctap::load_criteria_string(
      "hoctap: 1\nid: t/reads\ntitle: reads\nname: {vi: Đọc, en: Reads}\nentity: family\nversion: \"1\"\n"
      "valid_from: 2020-01-01\nlegal_basis: {instrument: none, source: test, confidence: confirmed}\n"
      "scales:\n  vung:\n    - {id: a, vi: A, en: A}\n    - {id: b, vi: B, en: B}\n"
      "inputs:\n"
      "  n: {type: int, label: {vi: n, en: n}}\n"
      "  v: {type: category, scale: vung, label: {vi: vùng, en: area}}\n"
      "  ok: {type: bool, label: {vi: ok, en: ok}}\n"
      "  c: {type: bool, label: {vi: c, en: c}}\n"
      "  ghi_chu: {type: text, label: {vi: ghi chú, en: note}}\n"
      "  ds:\n    type: list\n    label: {vi: ds, en: list}\n    fields:\n"
      "      tuoi: {type: int, label: {vi: tuổi, en: age}}\n"
      "      ten: {type: text, label: {vi: tên, en: name}}\n"
      "parameters:\n  nguong:\n    type: int\n    label: {vi: ngưỡng, en: threshold}\n    by: v\n    values: {a: 1, b: 2}\n"
      "criteria:\n"
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    applies_when: ok\n    if_not_applicable: no_points\n"
      "    points: {conditions: [{when: \"count(ds where tuoi >= nguong) > 0\", points: 10}], otherwise: 0}\n"
      "  - id: tc2\n    name: {vi: Hai, en: Two}\n    max: 10\n    points: {assessed: true}\n"
      "checks:\n  - id: k1\n    message: {vi: n không âm, en: n is not negative}\n    holds: n >= 0 or c\n"
      "recognition: {min_total: 5}\n",
      "reads.yaml");
  BOOST_REQUIRE_MESSAGE(r.ok(), hoctap::format(r.diagnostics));
  const std::set<std::string> reads = hoctap::internal::inputs_read(*r.set->compiled());
  BOOST_TEST((reads == std::set<std::string>{"c", "ds", "ds.tuoi", "n", "ok", "score.tc2", "v"}), boost::test_tools::per_element());
  // Members' results by name: the 2022 family set reads its adults' recognition (as
  // citizens), not their totals, which the dataset then does not build.
  const auto family = hoctap::CriteriaSet::load(hoctap_test::source_path("criteria/gia-dinh-hoc-tap/2022.yaml"));
  const std::set<std::string> family_reads = hoctap::internal::inputs_read(*family.compiled());
  BOOST_TEST(family_reads.count("nguoi_lon.result.recognized") == 1u);
  BOOST_TEST(family_reads.count("nguoi_lon.result.total") == 0u);
  // The example province on 2023-12-31: no input the sets read is missing.
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2023-12-31");
  for (const hoctap::RowIssue& i : hoctap::check_dataset_columns(registry(), hoctap_test::source_path("examples/province"), opts))
    BOOST_ERROR(i.file + " [" + i.code + "] " + i.reason);
}

// The sample's dataset.yaml gives what the sets read from the context: before 2022-07-01
// the 448-era clan set reads `ty_le_gia_dinh_hoc_tap`, which neither the bundled province
// nor a generated one lacks (D036), nor any other input, then or later.
BOOST_AUTO_TEST_CASE(the_sample_gives_every_input_the_sets_read_on_each_date) {
  for (const fs::path& dir : {fs::path(hoctap_test::source_path("examples/province")), clean_province()})
    for (const char* date : {"2022-06-30", "2022-12-31", "2023-12-31"}) {
      hoctap::DatasetOptions opts;
      opts.date = hoctap_test::day(date);
      opts.lang = hoctap::Lang::en;
      for (const hoctap::RowIssue& i : hoctap::check_dataset_columns(registry(), dir.string(), opts))
        BOOST_ERROR(dir.filename().string() << " on " << date << ": " << i.file << " [" << i.code << "] " << i.reason);
    }
}

// The sample writes the inputs of the sets in force from 2024: TT25's communes and TT24's
// units (whose provincial units read their members' results through adults.csv's
// `unit_id`). The bundled province and a generated one are judged on 2024-06-30 and
// 2025-12-31 with no problem at all (no input missing, D036; no column unread, D037; no
// row left not assessable), communes and units each come out recognized and not, at both
// levels by 2025, and some rise to level 2 between the dates, once 12 months have passed
// since their level-1 decision: data all met or all failed would not show the rules.
BOOST_AUTO_TEST_CASE(the_sample_is_judged_by_the_2024_sets_with_a_mix_of_outcomes) {
  const std::vector<std::pair<std::string, std::string>> kinds = {{"communes", "cong-dong-hoc-tap-xa/tt25-2023"},
                                                                  {"agencies", "don-vi-hoc-tap-huyen-tinh/tt24-2023"}};
  for (const fs::path& dir : {fs::path(hoctap_test::source_path("examples/province")), clean_province()}) {
    std::map<std::string, std::vector<std::size_t>> at_level_2;  // by kind, a count per date
    for (const char* date : {"2024-06-30", "2025-12-31"}) {
      BOOST_TEST_CONTEXT(dir.filename().string() << " on " << date) {
        hoctap::DatasetOptions opts;
        opts.date = hoctap_test::day(date);
        opts.lang = hoctap::Lang::en;
        for (const hoctap::RowIssue& i : hoctap::check_dataset_columns(registry(), dir.string(), opts))
          BOOST_ERROR(i.file + " [" + i.code + "] " + i.reason);
        const hoctap::DatasetResults r = hoctap::evaluate_dataset(registry(), dir.string(), opts);
        for (const hoctap::RowIssue& i : r.issues) BOOST_ERROR(i.file + ":" + std::to_string(i.line) + " [" + i.code + "] " + i.field + ": " + i.reason);
        for (const auto& entry : kinds) {
          const std::string& kind = entry.first;
          const std::string& set_id = entry.second;
          const auto k = std::find_if(r.kinds.begin(), r.kinds.end(), [&](const hoctap::KindResults& x) { return x.kind == kind; });
          BOOST_TEST_REQUIRE((k != r.kinds.end()), kind);
          BOOST_TEST(k->set_id == set_id);
          const auto& decision = k->result.decision;
          const auto decided = [&](hoctap::Decision d) { return std::count(decision.begin(), decision.end(), static_cast<std::uint8_t>(d)); };
          BOOST_TEST(decided(hoctap::Decision::recognized) > 0, kind);
          BOOST_TEST(decided(hoctap::Decision::not_recognized) > 0, kind);
          BOOST_TEST(decided(hoctap::Decision::not_assessable) == 0, kind);
          const auto& level = k->result.level;
          BOOST_TEST(std::count(level.begin(), level.end(), 1) > 0, kind);
          at_level_2[kind].push_back(static_cast<std::size_t>(std::count(level.begin(), level.end(), 2)));
        }
      }
    }
    for (const auto& [kind, counts] : at_level_2) BOOST_TEST(counts.at(0) < counts.at(1), dir.filename().string() << " " << kind);
  }
}

// Why rows have no place (the report's unplaced row) and what stops a report at
// dataset.yaml are in the report's language, from the catalogs.
BOOST_AUTO_TEST_CASE(unplaced_reasons_and_dataset_yaml_errors_in_both_languages) {
  const fs::path dir = copy_of_clean("words");
  edit_line(dir / "villages.csv", 3, [](const std::string& l) { return set_field(l, 2, "C9999999"); });
  edit_line(dir / "commune_units.csv", 2, [](const std::string& l) { return set_field(l, 2, ""); });
  hoctap::DatasetOptions opts;
  opts.date = hoctap_test::day("2022-12-31");
  auto why = [&](hoctap::Lang lang) {
    opts.lang = lang;
    std::vector<std::string> out;
    for (const auto& k : hoctap::evaluate_dataset(registry(), dir.string(), opts).kinds) {
      for (const auto& [text, n] : k.unplaced_commune) out.push_back(k.kind + " commune: " + text + " (" + std::to_string(n) + ")");
      for (const auto& [text, n] : k.unplaced_district) out.push_back(k.kind + " district: " + text + " (" + std::to_string(n) + ")");
    }
    return out;
  };
  const std::vector<std::string> en = {
      "adults commune: its family has no commune in communes.csv (92)",
      "adults district: its family has no commune in communes.csv (92)",
      "families commune: its village has no commune in communes.csv (42)",
      "families district: its village has no commune in communes.csv (42)",
      "clans commune: its village has no commune in communes.csv (1)",
      "clans district: its village has no commune in communes.csv (1)",
      "villages commune: `commune_id` not in communes.csv (1)",
      "villages district: `commune_id` not in communes.csv (1)",
      "commune_units commune: empty `commune_id` (1)",
      "commune_units district: empty `commune_id` (1)",
      "agencies commune: placed by district only (no commune column) (156)"};
  BOOST_TEST(why(hoctap::Lang::en) == en, boost::test_tools::per_element());
  const std::vector<std::string> vi = {
      "adults commune: dòng của families.csv mà nó thuộc về không có xã trong communes.csv (92)",
      "adults district: dòng của families.csv mà nó thuộc về không có xã trong communes.csv (92)",
      "families commune: dòng của villages.csv mà nó thuộc về không có xã trong communes.csv (42)",
      "families district: dòng của villages.csv mà nó thuộc về không có xã trong communes.csv (42)",
      "clans commune: dòng của villages.csv mà nó thuộc về không có xã trong communes.csv (1)",
      "clans district: dòng của villages.csv mà nó thuộc về không có xã trong communes.csv (1)",
      "villages commune: `commune_id` không có trong communes.csv (1)",
      "villages district: `commune_id` không có trong communes.csv (1)",
      "commune_units commune: `commune_id` trống (1)",
      "commune_units district: `commune_id` trống (1)",
      "agencies commune: chỉ xác định được huyện (không có cột xã) (156)"};
  BOOST_TEST(why(hoctap::Lang::vi) == vi, boost::test_tools::per_element());
  // The text report shows them under the unplaced row.
  opts.lang = hoctap::Lang::vi;
  const hoctap::Report rep = hoctap::make_report(hoctap::evaluate_dataset(registry(), dir.string(), opts), registry().targets(), hoctap::ReportBy::district);
  BOOST_TEST(hoctap::render_report(rep, hoctap::ReportFormat::text, hoctap::Lang::vi).find(
                 "      vì: dòng của villages.csv mà nó thuộc về không có xã trong communes.csv (42)\n") != std::string::npos);

  // dataset.yaml: the message that stops the report.
  auto stop = [&](hoctap::Lang lang) {
    opts.lang = lang;
    try {
      hoctap::evaluate_dataset(registry(), dir.string(), opts);
    } catch (const std::runtime_error& e) {
      std::string m = e.what();
      for (std::size_t at; (at = m.find(dir.string())) != std::string::npos;) m.replace(at, dir.string().size(), "DIR");
      return m;
    }
    return std::string("no error");
  };
  spit(dir / "dataset.yaml", slurp(dir / "dataset.yaml") + "place: tinh_mau\nkhong_biet: 1\n");
  BOOST_TEST(stop(hoctap::Lang::en) ==
             "DIR/dataset.yaml:12:8: error[H103]: unknown place `tinh_mau` (the targets name: phu_tho, quang_nam, quang_nam/tam_ky; also a province "
             "id or `province/district`; leave `place` out for the national targets)\n"
             "  at place\n"
             " 12 | place: tinh_mau\n"
             "    |        ^\n"
             "DIR/dataset.yaml:13:1: error[H100]: unknown key `khong_biet` (expected hoctap_dataset, name, place, context)\n"
             "  at khong_biet\n"
             " 13 | khong_biet: 1\n"
             "    | ^\n"
             "DIR/dataset.yaml: not a valid dataset description");
  BOOST_TEST(stop(hoctap::Lang::vi) ==
             "DIR/dataset.yaml:12:8: lỗi[H103]: địa bàn lạ `tinh_mau` (các mục tiêu nêu: phu_tho, quang_nam, quang_nam/tam_ky; cũng có thể là mã "
             "tỉnh hoặc `tỉnh/huyện`; bỏ `place` để dùng mục tiêu toàn quốc)\n"
             "  tại place\n"
             " 12 | place: tinh_mau\n"
             "    |        ^\n"
             "DIR/dataset.yaml:13:1: lỗi[H100]: khóa lạ `khong_biet` (cần hoctap_dataset, name, place, context)\n"
             "  tại khong_biet\n"
             " 13 | khong_biet: 1\n"
             "    | ^\n"
             "DIR/dataset.yaml: tệp mô tả bộ dữ liệu không hợp lệ");
  // `strict` refusing the columns, in Vietnamese.
  const std::string yaml = slurp(dir / "dataset.yaml");
  spit(dir / "dataset.yaml", yaml.substr(0, yaml.find("place: tinh_mau")));
  edit_line(dir / "villages.csv", 1, [](const std::string& l) { return l.substr(0, l.find("khu_dan_cu_van_hoa")) + "khu_dan_cu_van_hoaa" + l.substr(l.find("khu_dan_cu_van_hoa") + 18); });
  opts.strict = true;
  BOOST_TEST(stop(hoctap::Lang::vi) ==
             "các cột của bộ dữ liệu không khớp với bộ tiêu chí dùng để đánh giá nó (chế độ nghiêm ngặt):\n"
             "  villages.csv [D036] đầu vào `khu_dan_cu_van_hoa` của bộ `cong-dong-hoc-tap-thon/2022` không phải cột của villages.csv: mọi dòng đều thiếu giá trị này\n"
             "  villages.csv [D037] cột `khu_dan_cu_van_hoaa` của villages.csv không được bộ tiêu chí nào ở đây đọc: giá trị của nó không được dùng; "
             "có phải `khu_dan_cu_van_hoa`?");
  opts.strict = false;
  // A context value of the wrong kind for its input, in the file's order.
  spit(dir / "dataset.yaml",
       "hoctap_dataset: 1\nname: x\ncontext:\n  nguong_cong_nhan: bay_muoi\n  da_cong_nhan_muc_do_1: co\n"
       "  ngay_quyet_dinh_muc_do_1: 30/06/2022\n  vung: [a, b]\n");
  BOOST_TEST(stop(hoctap::Lang::en) ==
             "DIR/dataset.yaml:4:21: error[H102]: expected a number for `nguong_cong_nhan`, found `bay_muoi`\n"
             "  at context.nguong_cong_nhan\n"
             " 4 |   nguong_cong_nhan: bay_muoi\n"
             "   |                     ^\n"
             "DIR/dataset.yaml:5:26: error[H102]: expected true or false for `da_cong_nhan_muc_do_1`, found `co`\n"
             "  at context.da_cong_nhan_muc_do_1\n"
             " 5 |   da_cong_nhan_muc_do_1: co\n"
             "   |                          ^\n"
             "DIR/dataset.yaml:6:29: error[H102]: expected a date YYYY-MM-DD for `ngay_quyet_dinh_muc_do_1`, found `30/06/2022`\n"
             "  at context.ngay_quyet_dinh_muc_do_1\n"
             " 6 |   ngay_quyet_dinh_muc_do_1: 30/06/2022\n"
             "   |                             ^\n"
             "DIR/dataset.yaml:7:9: error[H102]: context `vung` must be a single value\n"
             "  at context.vung\n"
             " 7 |   vung: [a, b]\n"
             "   |         ^\n"
             "DIR/dataset.yaml: not a valid dataset description");
  spit(dir / "dataset.yaml", "hoctap_dataset: 1\nname: x\ncontext: 70\n");
  BOOST_TEST(stop(hoctap::Lang::vi) ==
             "DIR/dataset.yaml:3:10: lỗi[H102]: `context` là một nhóm khóa tên đầu vào: giá trị\n"
             "  tại context\n"
             " 3 | context: 70\n"
             "   |          ^\n"
             "DIR/dataset.yaml: tệp mô tả bộ dữ liệu không hợp lệ");
  spit(dir / "dataset.yaml", "- a list\n");
  BOOST_TEST(stop(hoctap::Lang::en) == "DIR/dataset.yaml: not a dataset description (a map of hoctap_dataset, name, place, context)");
  BOOST_TEST(stop(hoctap::Lang::vi) == "DIR/dataset.yaml: không phải tệp mô tả bộ dữ liệu (một nhóm khóa hoctap_dataset, name, place, context)");
  fs::remove_all(dir);
}

// A context value is read as its input's kind asks: a text or category input's value is
// its text as written, even where it reads as a number, a truth or a day.
BOOST_AUTO_TEST_CASE(context_values_are_read_as_their_inputs_kinds) {
  std::vector<hoctap::Diagnostic> ds;
  const auto doc = hoctap::internal::yaml::Document::read(
      "ma_xa: 00123\nghi_chu: true\nvung: 2023-06-30\nnguong: 70\nty_le: 7.5\nco: true\nngay: 2023-06-30\nkhac: 5\n", "dataset.yaml", {}, ds);
  BOOST_REQUIRE(ds.empty());
  const std::map<std::string, std::string> kinds = {{"ma_xa", "text"}, {"ghi_chu", "text"}, {"vung", "category"}, {"nguong", "int"},
                                                    {"ty_le", "decimal"}, {"co", "bool"}, {"ngay", "date"}};
  const hoctap::Record r = hoctap::internal::folder::read_context(doc->root(), kinds, "dataset.yaml", hoctap::Lang::en);
  for (const char* name : {"ma_xa", "ghi_chu", "vung", "nguong", "ty_le", "co", "ngay", "khac"}) BOOST_REQUIRE(r.find(name) != nullptr);
  BOOST_TEST(std::get<std::string>(*r.find("ma_xa")) == "00123");
  BOOST_TEST(std::get<std::string>(*r.find("ghi_chu")) == "true");
  BOOST_TEST(std::get<std::string>(*r.find("vung")) == "2023-06-30");
  BOOST_TEST(std::get<std::int64_t>(*r.find("nguong")) == 70);
  BOOST_TEST(std::get<hoctap::Decimal>(*r.find("ty_le")) == *hoctap::Decimal::parse("7.5"));
  BOOST_TEST(std::get<bool>(*r.find("co")));
  BOOST_TEST(std::get<hoctap::Date>(*r.find("ngay")) == hoctap_test::day("2023-06-30"));
  BOOST_TEST(std::get<std::int64_t>(*r.find("khac")) == 5);  // no input of that name: as it reads

  // Two sets giving one name different kinds: text, whichever set comes first.
  const fs::path dir = hoctap_test::scratch_dir("hoctap-context-kinds");
  auto set_with = [](const std::string& title, const std::string& kind) {
    std::string t = hoctap_test::minimal_set("  ma: {type: " + kind + ", label: {vi: Mã, en: Code}}\n",
                                             "  - {id: tc1, name: {vi: Một, en: One}, max: 10, points: {assessed: true}}\n");
    t.replace(t.find("title: minimal"), 14, "title: " + title);
    t.replace(t.find("id: t/minimal"), 13, "id: t/" + title);
    return t;
  };
  for (const auto& [first, second] : {std::pair<std::string, std::string>{"int", "text"}, {"text", "int"}}) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    spit(dir / "a.yaml", set_with("a", first));
    spit(dir / "b.yaml", set_with("b", second));
    const auto loaded = hoctap::Registry::load_directory(dir.string());
    BOOST_TEST_REQUIRE(loaded.ok(), hoctap::format(loaded.diagnostics));
    BOOST_TEST(hoctap::internal::folder::context_inputs(*loaded.registry).at("ma") == "text");
  }
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
