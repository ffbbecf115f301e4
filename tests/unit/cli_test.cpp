// The `hoctap` command as users run it: exit codes, messages, and hostile files refused
// within 5 s and 1 GiB of address space.
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "helpers.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

// Runs `hoctap ARGS` through the shell (stderr merged into stdout).
Run run_cli(const std::string& args, const std::string& prefix = "") {
  std::string cmd = prefix + "'" + std::string(HOCTAP_CLI) + "' " + args + " 2>&1";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string src(const std::string& rel) { return "'" + hoctap_test::source_path(rel) + "'"; }

std::string last_line(const std::string& s) {
  std::size_t end = s.find_last_not_of('\n');
  std::size_t start = s.rfind('\n', end);
  return s.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

fs::path temp_dir() {
  fs::path d = fs::temp_directory_path() / ("hoctap-cli-test-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(help_lists_the_exit_codes) {
  Run r = run_cli("--help");
  BOOST_TEST(r.code == 0);
  BOOST_TEST(r.out.find("  3  a criteria file or folder is invalid\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
  BOOST_TEST(run_cli("frobnicate").code == 2);
  BOOST_TEST(run_cli("evaluate --criteria " + src("criteria")).code == 2);
  Run bad_date = run_cli("evaluate --criteria " + src("criteria") + " --title cong_dan_hoc_tap --date 2023-02-30");
  BOOST_TEST(bad_date.code == 2);
  BOOST_TEST(bad_date.out == "hoctap: --date must be a day written YYYY-MM-DD, not `2023-02-30`\n");
}

BOOST_AUTO_TEST_CASE(validate_accepts_the_bundled_criteria) {
  Run r = run_cli("validate " + src("criteria"));
  BOOST_TEST(r.code == 0, r.out);
  BOOST_TEST(last_line(r.out).find(" files checked: 0 errors, 0 warnings") != std::string::npos, r.out);
  Run strict = run_cli("validate --strict " + src("criteria"));
  BOOST_TEST(strict.code == 0);
  BOOST_TEST(strict.out.find("tt22-2020.yaml:162: inferred: criteria[2].indicators[0].points (tc3_1): the 25 points are confirmed;") != std::string::npos, strict.out);
  // Targets are listed too, then notes on confirmed places, then the count per set.
  BOOST_TEST(strict.out.find("targets.yaml:13: inferred: indicators.don_vi_hoc_tap: compared with the recognitions of commune-managed units") != std::string::npos, strict.out);
  BOOST_TEST(strict.out.find("448-2016.yaml:31: confirmed, note: legal_basis: signing date 01/12/2015") != std::string::npos, strict.out);
  BOOST_TEST(strict.out.find("places not confirmed, per set:\n") != std::string::npos, strict.out);
  BOOST_TEST(strict.out.find("\n  don-vi-hoc-tap-huyen-tinh/tt22-2020: 12\n") != std::string::npos, strict.out);
  BOOST_TEST(strict.out.find("\n  targets: 5\n") != std::string::npos, strict.out);
  BOOST_TEST(last_line(strict.out).find(" files checked: 0 errors, 0 warnings, 143 places not confirmed") != std::string::npos, strict.out);
  // The targets file alone is read as a targets file.
  Run targets = run_cli("validate --strict " + src("criteria/targets.yaml"));
  BOOST_TEST(targets.code == 0, targets.out);
  BOOST_TEST(targets.out.find("targets.yaml:13: inferred: indicators.don_vi_hoc_tap:") != std::string::npos, targets.out);
  BOOST_TEST(last_line(targets.out) == "1 file checked: 0 errors, 0 warnings, 5 places not confirmed", targets.out);
}

BOOST_AUTO_TEST_CASE(validate_rejects_broken_files_with_exit_3_and_json) {
  Run r = run_cli("validate --format json " + src("tests/golden/structure.yaml"));
  BOOST_TEST(r.code == 3);
  BOOST_TEST(r.out.find("\"valid\": false") != std::string::npos);
  BOOST_TEST(r.out.find("\"code\": \"H300\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(hostile_files_exit_3_within_5_seconds_and_1_gib) {
  fs::path dir = temp_dir();
  // Generated here rather than committed: 3 MB of brackets, and a 900 kB one under the cap.
  std::ofstream(dir / "huge.yaml") << std::string(3u << 20, '[');
  std::ofstream(dir / "brackets.yaml") << std::string(900000, '[');
  std::vector<std::string> files = {(dir / "huge.yaml").string(), (dir / "brackets.yaml").string()};
  for (const auto& e : fs::directory_iterator(hoctap_test::source_path("tests/hostile"))) files.push_back(e.path().string());
  for (const auto& f : files) {
    Run r = run_cli("validate '" + f + "'", "ulimit -v 1048576; timeout 5 ");
    BOOST_TEST(r.code == 3, f << ": exit " << r.code << "\n" << r.out);
    BOOST_TEST(r.out.find(": error[H0") != std::string::npos, f);
  }
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(test_runs_cases_and_reports_failures) {
  Run ok = run_cli("test " + src("criteria"));
  BOOST_TEST(ok.code == 0, ok.out);
  BOOST_TEST(last_line(ok.out).find(" passed, 0 failed") != std::string::npos);

  fs::path dir = temp_dir();
  std::ofstream(dir / "wrong.yaml") << hoctap_test::minimal_set(
      "  co: {type: bool, label: {vi: Có, en: Yes}}\n",
      "  - id: tc1\n    name: {vi: Một, en: One}\n    max: 10\n    points: {conditions: [{when: co, points: 10}], otherwise: 0}\n",
      "tests:\n  - name: expects too much\n    date: 2021-01-01\n    input: {co: false}\n    expect: {total: 10}\n");
  Run bad = run_cli("test '" + (dir / "wrong.yaml").string() + "'");
  BOOST_TEST(bad.code == 1);
  BOOST_TEST(bad.out.find("FAIL t/minimal: expects too much  (" + (dir / "wrong.yaml").string() +
                          ":18)\n    total:\n      expected: 10\n      actual:   0\n") != std::string::npos, bad.out);
  BOOST_TEST(last_line(bad.out) == "0 passed, 1 failed");
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(evaluate_keeps_every_row_and_flags_bad_ones) {
  fs::path dir = temp_dir();
  std::ofstream(dir / "citizens.jsonl")
      << "{\"id\":\"a\",\"vung\":\"binh_thuong\",\"score\":{\"tc1_1\":8,\"tc1_2\":8,\"tc1_3\":8,\"tc1_4\":8,\"tc2_1\":8,\"tc2_2\":8,\"tc2_3\":8,\"tc2_4\":8,\"tc3_1\":8,\"tc3_2\":8}}\n"
      << "{not json\n"
      << "{\"id\":\"c\",\"vung\":\"binh_thuong\"}\n";
  Run r = run_cli("evaluate --criteria " + src("criteria") + " --title cong_dan_hoc_tap --date 2023-01-01 --input '" +
                 (dir / "citizens.jsonl").string() + "'");
  BOOST_TEST(r.code == 4);
  std::istringstream lines(r.out);
  std::vector<std::string> out;
  for (std::string l; std::getline(lines, l);) out.push_back(l);
  BOOST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[0].rfind("{\"row\":0,\"id\":\"a\",\"decision\":\"recognized\",\"recognized\":true,\"total\":80,", 0) == 0);
  BOOST_TEST(out[1] == "{\"row\":1,\"error\":\"line is not valid JSON\"}");
  BOOST_TEST(out[2].rfind("{\"row\":2,\"id\":\"c\",\"decision\":\"not_assessable\"", 0) == 0);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
