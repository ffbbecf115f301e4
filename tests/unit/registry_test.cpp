// The registry: one version per title and day, references between titles, cycles.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "helpers.hpp"
#include "util/messages.hpp"

using hoctap_test::codes;
using hoctap_test::day;

namespace {

// A set of `title` valid over [from, to] whose members (if `member_title`) are judged by another title.
hoctap::CriteriaSet make(const std::string& id, const std::string& title, const std::string& from, const std::string& to,
                         const std::string& member_title = "") {
  std::string text =
      "hoctap: 1\nid: " + id + "\ntitle: " + title + "\nname: {vi: " + title + ", en: " + title +
      "}\nentity: family\nversion: \"1\"\nvalid_from: " + from + "\n" + (to.empty() ? "" : "valid_to: " + to + "\n") +
      "legal_basis: {instrument: none, source: unit test, confidence: confirmed}\ninputs:\n"
      "  co: {type: bool, label: {vi: có, en: yes}}\n" +
      (member_title.empty() ? "" : "  ds: {type: list, title: " + member_title + ", label: {vi: ds, en: ds}}\n") +
      "criteria:\n  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points:\n      conditions: [{when: \"" +
      (member_title.empty() ? std::string("co") : std::string("all(ds, result.recognized)")) +
      "\", points: 10}]\n      otherwise: 0\nrecognition: {min_total: 10}\n";
  auto r = hoctap::load_criteria_string(text, id + ".yaml");
  if (!r.ok()) throw std::runtime_error(hoctap::format(r.diagnostics));
  return *r.set;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry)

BOOST_AUTO_TEST_CASE(selects_the_version_in_force) {
  auto r = hoctap::Registry::from_sets({make("a/2016", "a", "2016-01-01", "2020-12-31"), make("a/2021", "a", "2021-01-01", "")});
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST(r.registry->find("a", day("2016-01-01"))->id() == "a/2016");
  BOOST_TEST(r.registry->find("a", day("2020-12-31"))->id() == "a/2016");
  BOOST_TEST(r.registry->find("a", day("2021-01-01"))->id() == "a/2021");
  BOOST_TEST(!r.registry->find("a", day("2015-12-31")).has_value());
  BOOST_TEST(!r.registry->find("b", day("2021-01-01")).has_value());
  BOOST_TEST(r.registry->versions("a").size() == 2u);
  BOOST_TEST((r.registry->titles() == std::vector<std::string>{"a"}));
  try {
    r.registry->evaluate("a", hoctap::Record(), {day("2010-01-01")});
    BOOST_FAIL("no exception");
  } catch (const std::out_of_range& e) {
    BOOST_TEST(std::string(e.what()) == "no criteria set for `a` is in force on 2010-01-01");
  }
  try {
    r.registry->evaluate("a", hoctap::Record(), {});
    BOOST_FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) ==
               "evaluating `a` needs an assessment date (the options' assessment_date); none was given, or it was not a real day "
               "written YYYY-MM-DD");
  }
  // The catalog's Vietnamese for the same messages (what() is English: EvaluateOptions has no language).
  BOOST_TEST(hoctap::internal::tr("registry.not_in_force", {"a", "2010-01-01"}).vi ==
             "không có bộ tiêu chí nào cho `a` có hiệu lực vào ngày 2010-01-01");
  BOOST_TEST(hoctap::internal::tr("evaluate.no_date", {"a"}).vi ==
             "đánh giá theo `a` cần một ngày đánh giá (assessment_date trong tùy chọn); chưa có ngày nào, hoặc ngày đã cho không "
             "phải một ngày có thật viết dạng YYYY-MM-DD");
}

BOOST_AUTO_TEST_CASE(overlapping_windows_are_a_load_error) {
  auto r = hoctap::Registry::from_sets({make("a/2016", "a", "2016-01-01", "2021-06-30"), make("a/2021", "a", "2021-01-01", "")});
  BOOST_TEST(!r.ok());
  BOOST_TEST(codes(r.diagnostics) == "H400");
  BOOST_TEST(r.diagnostics[0].message ==
             "validity 2021-01-01.. of `a/2021` overlaps 2016-01-01..2021-06-30 of `a/2016` (a/2016.yaml); a date must select one version of `a`");
  BOOST_TEST(r.diagnostics[0].message_vi ==
             "thời hạn hiệu lực 2021-01-01.. của `a/2021` chồng lên 2016-01-01..2021-06-30 của `a/2016` (a/2016.yaml); "
             "mỗi ngày phải chọn được đúng một phiên bản của `a`");
  BOOST_TEST(r.diagnostics[0].line == 7);
}

BOOST_AUTO_TEST_CASE(references_must_resolve_and_not_cycle) {
  auto missing = hoctap::Registry::from_sets({make("clan", "clan", "2016-01-01", "", "family")});
  BOOST_TEST(codes(missing.diagnostics) == "H401");
  BOOST_TEST(missing.diagnostics[0].message_in(hoctap::Lang::vi) ==
             "thành viên được đánh giá theo danh hiệu `family`, nhưng không bộ tiêu chí nào ở đây định nghĩa danh hiệu đó");
  auto cycle = hoctap::Registry::from_sets({make("x", "x", "2016-01-01", "", "y"), make("y", "y", "2016-01-01", "", "x")});
  BOOST_TEST(codes(cycle.diagnostics) == "H402");
  BOOST_TEST(cycle.diagnostics[0].message == "titles depend on each other in a cycle: x → y → x");
  BOOST_TEST(cycle.diagnostics[0].message_vi == "các danh hiệu phụ thuộc lẫn nhau thành vòng: x → y → x");
  auto dup = hoctap::Registry::from_sets({make("same", "p", "2016-01-01", "2016-12-31"), make("same", "q", "2016-01-01", "")});
  BOOST_TEST(codes(dup.diagnostics) == "H104");
  BOOST_TEST(dup.diagnostics[0].message_vi == "mã bộ tiêu chí `same` đã được dùng trong same.yaml");
}

BOOST_AUTO_TEST_CASE(members_are_evaluated_with_their_version_in_force) {
  auto r = hoctap::Registry::from_sets({make("family", "family", "2016-01-01", ""), make("clan", "clan", "2016-01-01", "", "family")});
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  hoctap::Record yes, no;
  yes.set("co", true);
  no.set("co", false);
  hoctap::Record clan;
  clan.set("ds", std::vector<hoctap::Record>{yes, yes});
  BOOST_TEST(r.registry->evaluate("clan", clan, {day("2020-01-01")}).recognized());
  clan.set("ds", std::vector<hoctap::Record>{yes, no});
  BOOST_TEST(!r.registry->evaluate("clan", clan, {day("2020-01-01")}).recognized());
}

// A member judged by its own title reads its own set's inputs: the parent's list not
// declaring them is no unknown name (and no reason for `strict` to refuse the record); a
// name neither knows still is. Its data problems are the parent's too, placed in the list,
// since they are why its result is missing.
BOOST_AUTO_TEST_CASE(members_names_and_problems_are_their_own_sets) {
  auto r = hoctap::Registry::from_sets({make("family", "family", "2016-01-01", ""), make("clan", "clan", "2016-01-01", "", "family")});
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  hoctap::Record yes, bad, typo;
  yes.set("co", true);
  bad.set("co", std::string("maybe"));
  typo.set("coo", true);
  hoctap::Record clan;
  clan.set("ds", std::vector<hoctap::Record>{yes, yes});
  hoctap::EvaluateOptions strict{day("2020-01-01")};
  strict.strict = true;
  const hoctap::Result fine = r.registry->evaluate("clan", clan, strict);
  BOOST_TEST(fine.recognized());
  BOOST_TEST(fine.warnings().empty());
  clan.set("ds", std::vector<hoctap::Record>{yes, bad, typo});
  const hoctap::Result told = r.registry->evaluate("clan", clan, {day("2020-01-01")});
  BOOST_TEST(told.decision() == hoctap::Decision::not_assessable);
  std::vector<std::string> names;
  for (const hoctap::InputWarning& w : told.warnings()) names.push_back(w.code + " " + w.name);
  BOOST_TEST(names == std::vector<std::string>{"unknown_input coo"}, boost::test_tools::per_element());
  const hoctap::Result member = r.registry->evaluate("family", bad, {day("2020-01-01")});
  BOOST_TEST_REQUIRE(member.problems().size() == 1u);
  std::vector<std::string> problems;
  for (const hoctap::DataProblem& p : told.problems()) problems.push_back(p.input + " " + p.code + " | " + p.en + " | " + p.vi);
  const std::string en = member.problems()[0].en, vi = member.problems()[0].vi;
  BOOST_TEST(en.rfind("`co` = 'maybe' ", 0) == 0, en);
  BOOST_TEST((problems == std::vector<std::string>{"ds[1].co wrong_type | `ds[1].co`" + en.substr(4) + " | `ds[1].co`" + vi.substr(4)}),
             boost::test_tools::per_element());
  BOOST_CHECK_THROW(r.registry->evaluate("clan", clan, strict), hoctap::InputError);
}

BOOST_AUTO_TEST_CASE(loads_a_folder_and_reports_broken_files) {
  auto ok = hoctap::Registry::load_directory(hoctap_test::source_path("tests/data/registry"));
  BOOST_TEST_REQUIRE(ok.ok(), hoctap::format(ok.diagnostics));
  BOOST_TEST((ok.registry->titles() == std::vector<std::string>{"dong_ho_fixture", "gia_dinh_fixture"}));
  auto bad = hoctap::Registry::load_directory(hoctap_test::source_path("tests/golden"));
  BOOST_TEST(!bad.ok());
  auto none = hoctap::Registry::load_directory("/nonexistent-dir");
  BOOST_TEST(codes(none.diagnostics) == "H001");
}

// A folder or file that cannot be read says why in both languages: the common causes in
// words of our own, any other in the system's words, marked as its words in Vietnamese.
BOOST_AUTO_TEST_CASE(unreadable_folders_and_files_say_why_in_both_languages) {
  auto message = [](const std::vector<hoctap::Diagnostic>& ds, hoctap::Lang lang) {
    return ds.size() == 1 ? ds[0].code + " " + ds[0].message_in(lang) : hoctap_test::codes(ds);
  };
  auto none = hoctap::Registry::load_directory("/nonexistent-dir");
  BOOST_TEST(message(none.diagnostics, hoctap::Lang::en) == "H001 cannot read the folder `/nonexistent-dir`: it does not exist");
  BOOST_TEST(message(none.diagnostics, hoctap::Lang::vi) == "H001 không đọc được thư mục `/nonexistent-dir`: không tồn tại");
  const std::string file = hoctap_test::source_path("tests/data/registry/gia-dinh.yaml");
  auto not_folder = hoctap::Registry::load_directories({hoctap_test::source_path("tests/data/registry"), file});
  BOOST_TEST(message(not_folder.diagnostics, hoctap::Lang::en) == "H001 cannot read the folder `" + file + "`: it is not a folder");
  BOOST_TEST(message(not_folder.diagnostics, hoctap::Lang::vi) == "H001 không đọc được thư mục `" + file + "`: không phải thư mục");
  const std::filesystem::path loop = hoctap_test::scratch_dir("registry-loop") / "loop";
  std::filesystem::create_directory_symlink(loop, loop);
  auto looped = hoctap::Registry::load_directory(loop.string());
  BOOST_TEST(message(looped.diagnostics, hoctap::Lang::en) == "H001 cannot read the folder `" + loop.string() + "`: Too many levels of symbolic links");
  BOOST_TEST(message(looped.diagnostics, hoctap::Lang::vi) ==
             "H001 không đọc được thư mục `" + loop.string() + "`: hệ thống báo: Too many levels of symbolic links");
  auto targets = hoctap::Targets::load_file("/nonexistent-dir/targets.yaml");
  BOOST_TEST(message(targets.diagnostics, hoctap::Lang::vi) == "H001 không đọc được `/nonexistent-dir/targets.yaml`");
  BOOST_TEST(message(targets.diagnostics, hoctap::Lang::en) == "H001 cannot read `/nonexistent-dir/targets.yaml`");
  // Without HOCTAP_CRITERIA_DIR, next to a library that is not installed.
  const char* env = std::getenv("HOCTAP_CRITERIA_DIR");
  const std::string saved = env != nullptr ? env : "";
  ::unsetenv("HOCTAP_CRITERIA_DIR");
  auto official = hoctap::Registry::load_official();
  if (env != nullptr) ::setenv("HOCTAP_CRITERIA_DIR", saved.c_str(), 1);
  if (!official.ok()) {  // a build tree with an installed copy beside it would find one
    BOOST_REQUIRE(official.diagnostics.size() == 1u);
    const std::string where = official.diagnostics[0].file;
    BOOST_TEST(message(official.diagnostics, hoctap::Lang::vi) ==
               "H001 không tìm thấy bộ tiêu chí chính thức đã cài đặt trong `" + where + "`; hãy đặt HOCTAP_CRITERIA_DIR là thư mục bộ tiêu chí");
  }
}

BOOST_AUTO_TEST_CASE(a_broken_tests_file_does_not_stop_the_folder) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("hoctap-registry-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(hoctap_test::source_path("tests/data/registry"), dir, fs::copy_options::recursive);
  // One tests file is not YAML at all, the other names an input the set does not have.
  std::ofstream(dir / "gia-dinh.tests.yaml") << "tests: [ {name: broken\n";
  std::ofstream(dir / "dong-ho.tests.yaml") << "tests:\n  - name: typo\n    date: 2019-01-01\n    input: {coo: true}\n    expect: {decision: recognized}\n";
  auto r = hoctap::Registry::load_directory(dir.string());
  BOOST_TEST_REQUIRE(r.ok(), hoctap::format(r.diagnostics));
  BOOST_TEST((r.registry->titles() == std::vector<std::string>{"dong_ho_fixture", "gia_dinh_fixture"}));
  BOOST_TEST(!hoctap::has_errors(r.diagnostics));
  // The bracket slip, then what the mended file lacks (`date`, `input`, `expect`).
  BOOST_TEST(codes(r.diagnostics) == "H500 H005 H101 H101 H101");
  // Evaluation proceeds for every title...
  for (const std::string& title : r.registry->titles())
    BOOST_TEST(r.registry->evaluate(title, hoctap::Record(), {day("2019-06-01")}).decision() == hoctap::Decision::not_assessable);
  // ...and `hoctap test` reports the cases that could not be read, as failures.
  // The cases written in the sets' own files still run and pass.
  auto unread = [](const std::vector<hoctap::CaseReport>& reports) {
    std::vector<hoctap::CaseReport> out;
    for (const auto& c : reports) {
      if (c.name == "the test cases of this file cannot be read") out.push_back(c);
      else BOOST_TEST(c.passed, c.name);
    }
    return out;
  };
  auto reports = unread(hoctap::run_cases(*r.registry->find("gia_dinh_fixture", day("2019-06-01")), &*r.registry));
  BOOST_TEST_REQUIRE(reports.size() == 1u);
  BOOST_TEST(!reports[0].passed);
  BOOST_TEST(reports[0].file == (dir / "gia-dinh.tests.yaml").string());
  BOOST_TEST_REQUIRE(reports[0].mismatches.size() == 4u);
  BOOST_TEST(reports[0].mismatches[0].what.rfind("H005 at line ", 0) == 0);
  auto typo = unread(hoctap::run_cases(*r.registry->find("dong_ho_fixture", day("2019-06-01")), &*r.registry));
  BOOST_TEST_REQUIRE(typo.size() == 1u);
  BOOST_TEST(typo[0].mismatches[0].what == "H500 at line 4, column 13");
  BOOST_TEST(typo[0].mismatches[0].actual == "unknown input `coo`");
  // The same in Vietnamese, every word.
  BOOST_TEST(typo[0].name_in(hoctap::Lang::vi) == "không đọc được các trường hợp kiểm thử của tệp này");
  BOOST_TEST(typo[0].mismatches[0].what_in(hoctap::Lang::vi) == "H500 ở dòng 4, cột 13");
  BOOST_TEST(typo[0].mismatches[0].expected_in(hoctap::Lang::vi) == "một trường hợp bộ tiêu chí chạy được");
  BOOST_TEST(typo[0].mismatches[0].actual_in(hoctap::Lang::vi) == "đầu vào lạ `coo`");
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
