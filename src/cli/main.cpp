// hoctap: the command-line client of the hoctap library.
//
// Exit codes (also in `hoctap --help` and README.md):
//   0  success
//   1  `test`: at least one case failed
//   2  usage error (unknown command or option, missing argument)
//   3  a criteria file or folder is invalid (diagnostics are printed)
//   4  input data problem: the input file cannot be read, or some rows could not be
//      read (every row still has a line in the output)
// except `diff`, which exits as diff(1): 0 nothing differs, 1 the sets differ, 2 trouble.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include <sys/stat.h>
#include <unistd.h>

#include "hoctap/hoctap.hpp"
#include "evaluate_csv.hpp"
#include "records.hpp"
#include "serve/command.hpp"
#include "criteria_commands.hpp"
#include "lang.hpp"
#include "sample.hpp"

namespace fs = std::filesystem;

namespace {

using namespace hoctap::cli;  // exit codes, criteria paths and the criteria commands (criteria_commands.hpp)

const char* kExitCodes =
    "Exit codes:\n"
    "  0  success\n"
    "  1  test: at least one case failed\n"
    "  2  usage error\n"
    "  3  a criteria file or folder is invalid\n"
    "  4  the input cannot be read, or some input rows could not be read\n"
    "diff exits as diff(1): 0 nothing differs, 1 the sets differ, 2 trouble\n";

// `text` as the --date day, or a message on stderr (in the CLI's language) and nothing.
std::optional<hoctap::Date> date_arg(const std::string& text);

int cmd_evaluate(std::vector<std::string> criteria, const std::string& place, const std::string& title, const std::string& date_text,
                 const std::string& input, const std::string& lang_text, bool explain,
                 const std::vector<std::string>& context_pairs, bool strict, bool outside_validity,
                 hoctap::cli::CsvCommand csv) {
  std::ios::sync_with_stdio(false);  // buffered stdin and stdout: records are read and written in bulk
  hoctap::Record context;
  std::string context_error;
  if (!parse_context(context_pairs, context, context_error)) {
    std::cerr << "hoctap: " << context_error << "\n";
    return kUsage;
  }
  std::optional<hoctap::Date> date;
  if (!date_text.empty()) {
    date = date_arg(date_text);
    if (!date) return kUsage;
  } else {
    std::cerr << "hoctap: " << hoctap::cli::say("evaluate needs --date YYYY-MM-DD, the assessment date", "evaluate cần --date YYYY-MM-DD, ngày đánh giá") << "\n";
    return kUsage;
  }
  if (!place.empty())
    if (std::string why = hoctap::place_problem(place, hoctap::cli::message_lang()); !why.empty()) {
      std::cerr << "hoctap: --place: " << why << "\n";
      return kUsage;
    }
  hoctap::Lang lang = lang_arg(lang_text);
  csv.input = input;
  csv.strict = strict;
  if (!hoctap::cli::is_csv_input(input) && (!csv.output.empty() || !csv.format.empty())) {
    std::cerr << "hoctap: " << hoctap::cli::say("--output and --format apply to a CSV input (--input FILE.csv)", "--output và --format chỉ dùng cho đầu vào CSV (--input TỆP.csv)") << "\n";
    return kUsage;
  }
  // No --criteria: the official criteria installed with the library (HOCTAP_CRITERIA_DIR).
  if (criteria.empty()) {
    std::string official = hoctap::Registry::official_directory();
    if (official.empty()) {
      std::cerr << "hoctap: " << hoctap::cli::say("cannot find the installed official criteria; give --criteria or set HOCTAP_CRITERIA_DIR",
                                                  "không tìm thấy bộ tiêu chí chính thức đã cài đặt; hãy nêu --criteria hoặc đặt HOCTAP_CRITERIA_DIR") << "\n";
      return kUsage;
    }
    criteria.push_back(std::move(official));
  }
  Loaded l = criteria.size() == 1 ? load_path(criteria.front()) : load_folders(criteria);
  if (hoctap::has_errors(l.diagnostics)) {
    std::cerr << hoctap::format(l.diagnostics, hoctap::cli::message_lang());
    return kInvalidCriteria;
  }
  std::optional<hoctap::CriteriaSet> set;
  if (l.registry) {
    set = l.registry->find(title, *date, place);
    if (!set) {
      const std::vector<std::string> titles = l.registry->titles();
      if (std::find(titles.begin(), titles.end(), title) == titles.end()) {
        const std::string near = hoctap::nearest_name(title, titles);
        std::cerr << "hoctap: " << hoctap::cli::say("no criteria set here judges title `", "không có bộ tiêu chí nào ở đây xét danh hiệu `")
                  << title << "`";
        if (!near.empty()) std::cerr << hoctap::cli::say("; did you mean `", "; có phải `") << near << "`?";
        std::cerr << "\n";
      } else {
        std::cerr << "hoctap: " << hoctap::cli::say("no criteria set for title `", "không có bộ tiêu chí nào cho danh hiệu `") << title
                  << hoctap::cli::say("` is in force on ", "` có hiệu lực vào ngày ") << date->to_string() << "\n";
      }
      return kUsage;
    }
  } else {
    set = l.sets.front();
    if (set->title() != title) {
      std::cerr << "hoctap: " << criteria.front() << hoctap::cli::say(" judges `", " xét danh hiệu `") << set->title()
                << hoctap::cli::say("`, not `", "`, không phải `") << title << "`\n";
      return kUsage;
    }
    if (!outside_validity && (*date < set->valid_from() || (set->valid_to() && *date > *set->valid_to()))) {
      std::cerr << "hoctap: " << hoctap::cli::say("", "ngày ") << date->to_string()
                << hoctap::cli::say(" is outside the validity of `", " nằm ngoài thời hạn hiệu lực của `") << set->id() << "` ("
                << set->valid_from().to_string() << ".." << (set->valid_to() ? set->valid_to()->to_string() : "")
                << hoctap::cli::say("); --outside-validity judges by it anyway\n", "); --outside-validity vẫn đánh giá theo bộ này\n");
      return kUsage;
    }
  }
  // A province's own version loaded beside the national one judges nothing without
  // --place: said, since the audit block alone would show which set judged the records.
  if (l.registry && place.empty()) {
    std::vector<std::string> places;
    for (const hoctap::CriteriaSet& v : l.registry->versions(title))
      if (!v.place().empty() && std::find(places.begin(), places.end(), v.place()) == places.end()) places.push_back(v.place());
    if (!places.empty()) {
      std::string listed;
      for (const std::string& p : places) listed += (listed.empty() ? "`" : ", `") + p + "`";
      std::cerr << "hoctap: " << hoctap::cli::say("warning: `", "cảnh báo: `") << title << hoctap::cli::say("` has versions of its own for ", "` có bộ riêng cho ")
                << listed << hoctap::cli::say("; without --place the records are judged by the national `", "; không có --place nên các bản ghi được đánh giá theo bộ toàn quốc `")
                << set->id() << "`\n";
    }
  }
  // A --context name no set judging the records reads would be ignored without a word.
  {
    const std::vector<hoctap::InputWarning> unknown = l.registry ? l.registry->check_context(*set, context, *date, place) : set->check_context(context);
    for (const hoctap::InputWarning& w : unknown) std::cerr << "hoctap: " << (hoctap::cli::message_lang() == hoctap::Lang::vi ? w.vi : w.en) << "\n";
    if (!unknown.empty()) return kUsage;
  }
  if (hoctap::cli::is_csv_input(input)) {
    if (explain) {
      std::cerr << "hoctap: " << hoctap::cli::say("--explain applies to JSON records; a CSV input gives each criterion's points and status",
                                                  "--explain dùng cho bản ghi JSON; đầu vào CSV cho điểm và trạng thái của từng tiêu chí") << "\n";
      return kUsage;
    }
    hoctap::CsvEvaluateOptions o;
    o.assessment_date = date;
    o.context = &context;
    o.lang = lang;
    o.outside_validity = outside_validity;
    return hoctap::cli::evaluate_csv_command(*set, csv, o);
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  using hoctap::cli::say;
  const std::string input_name = input == "-" ? say("the standard input", "đầu vào chuẩn") : "`" + input + "`";
  struct stat in_stat {};
  const bool stated = input != "-" && ::stat(input.c_str(), &in_stat) == 0;
  if (input != "-") {
    // Records come from a file or a stream: a FIFO (`<(…)`) and a character device
    // (/dev/stdin) are read as streams; a folder, a block device or a socket holds no
    // records and is refused before reading, in the CLI's words, not the stream's.
    if (stated && !S_ISREG(in_stat.st_mode) && !S_ISFIFO(in_stat.st_mode) && !S_ISCHR(in_stat.st_mode)) {
      std::cerr << "hoctap: " << input_name
                << (S_ISDIR(in_stat.st_mode) ? say(" is a folder, not a file of records", " là một thư mục, không phải tệp bản ghi")
                    : S_ISSOCK(in_stat.st_mode) ? say(" is a socket, not a file of records", " là một socket, không phải tệp bản ghi")
                                                : say(" is a device, not a file of records", " là một thiết bị, không phải tệp bản ghi"))
                << "\n";
      return kBadInput;
    }
    file.open(input, std::ios::binary);
    if (!file) {
      std::cerr << "hoctap: " << hoctap::cli::say("cannot read `", "không đọc được `") << input << "`\n";
      return kBadInput;
    }
    in = &file;
  }
  // `.jsonl` is JSON lines; anything else (stdin included) is detected: an array read
  // element by element, JSON lines, or one object.
  bool jsonl = input.size() >= 6 && input.compare(input.size() - 6, 6, ".jsonl") == 0;
  // Each result is written as soon as its record is judged; into a pipe or socket it is
  // flushed at once, so a process driving the CLI line by line gets its answer.
  struct stat out_stat {};
  bool flush_each = ::fstat(STDOUT_FILENO, &out_stat) == 0 && (S_ISFIFO(out_stat.st_mode) || S_ISSOCK(out_stat.st_mode));
  bool bad_rows = false;
  hoctap::EvaluateOptions options;
  options.assessment_date = date;
  options.context = &context;
  options.outside_validity = outside_validity;
  options.place = place;
  // Names records give that the set does not read, and inputs they lack: counted for a
  // summary on stderr; under --strict, a record with any is an error row instead.
  options.strict = strict;
  hoctap::cli::RowJudge judge(*set, l.registry ? &*l.registry : nullptr, options, {explain, lang, hoctap::cli::message_lang()});
  std::string line;
  std::size_t rows = 0;
  bool unreadable = false;
  try {
    hoctap::read_json_rows(*in, jsonl ? hoctap::JsonFormat::lines : hoctap::JsonFormat::detect, [&](hoctap::JsonRow& row) {
      ++rows;
      line.clear();
      if (judge.judge(row, line).error) bad_rows = true;
      line += '\n';
      std::cout << line;
      if (flush_each) std::cout.flush();
    });
  } catch (const std::ios_base::failure&) {
    unreadable = true;  // the system failed to give the bytes: the rows judged so far stand
  }
  for (const auto& [text, records] : judge.warned())
    std::cerr << "hoctap: " << say("warning: ", "cảnh báo: ") << text << " (" << records
              << say(records == 1 ? " record" : " records", " bản ghi") << ")\n";
  if (unreadable) {
    std::cerr << "hoctap: " << say("cannot read ", "không đọc được ") << input_name << say(" to its end (after ", " tới hết (sau ") << rows
              << say(rows == 1 ? " record)" : " records)", " bản ghi)") << "\n";
    return kBadInput;
  }
  // Nothing to judge is said, never a silent success: an empty input is as likely a
  // mistake as a broken one.
  if (rows == 0) {
    if (stated && S_ISREG(in_stat.st_mode) && in_stat.st_size == 0)
      std::cerr << "hoctap: " << input_name << say(" is empty: it holds no JSON record", " trống: không có bản ghi JSON nào") << "\n";
    else
      std::cerr << "hoctap: " << input_name
                << say(" holds no JSON record (only blanks, or an empty array)", " không có bản ghi JSON nào (chỉ có khoảng trắng, hoặc một mảng rỗng)")
                << "\n";
    return kBadInput;
  }
  return bad_rows ? kBadInput : kOk;
}

// --date, or the usage error printed.
std::optional<hoctap::Date> date_arg(const std::string& text) {
  auto date = hoctap::Date::parse(text);
  using hoctap::cli::say;
  if (!date) std::cerr << "hoctap: --date " << say("must be a day written YYYY-MM-DD, not `", "phải là một ngày viết dạng YYYY-MM-DD, không phải `") << text << "`\n";
  return date;
}

// Criteria folders as one registry, or their diagnostics printed.
std::optional<hoctap::Registry> registry_arg(const std::vector<std::string>& folders) {
  auto reg = hoctap::Registry::load_directories(folders);
  if (!reg.ok()) std::cerr << hoctap::format(reg.diagnostics, hoctap::cli::message_lang());
  return std::move(reg.registry);
}

int cmd_explain(const std::vector<std::string>& criteria, const std::string& dataset, const std::string& date_text, const std::string& title,
                const std::string& entity, const std::string& lang) {
  auto date = date_arg(date_text);
  if (!date) return kUsage;
  auto reg = registry_arg(criteria);
  if (!reg) return kInvalidCriteria;
  hoctap::DatasetOptions opts;
  opts.date = *date;
  opts.lang = lang_arg(lang);
  try {
    std::cout << hoctap::explain_entity(*reg, dataset, title, entity, opts);
  } catch (const std::exception& e) {
    std::cerr << "hoctap: " << hoctap::cli::error_text(e) << "\n";
    return kBadInput;
  }
  return kOk;
}

// As diff(1): 0 when nothing differs (rules, names, provenance), 1 when anything does, 2 on any error.
int cmd_diff(const std::string& old_path, const std::string& new_path, const std::vector<std::string>& criteria, const std::string& dataset,
             const std::string& date_text, const std::string& lang) {
  constexpr int kSame = 0, kDiffer = 1, kTrouble = 2;
  auto a = hoctap::load_criteria_file(old_path);
  auto b = hoctap::load_criteria_file(new_path);
  if (!a.ok() || !b.ok()) {
    std::cerr << hoctap::format(a.diagnostics, hoctap::cli::message_lang()) << hoctap::format(b.diagnostics, hoctap::cli::message_lang());
    return kTrouble;
  }
  const hoctap::Lang l = lang_arg(lang);
  const int same = hoctap::same_criteria(*a.set, *b.set) ? kSame : kDiffer;
  std::cout << hoctap::diff_criteria(*a.set, *b.set, l);
  if (dataset.empty()) return same;
  auto date = date_arg(date_text);
  if (!date) return kTrouble;
  auto reg = registry_arg(criteria);
  if (!reg) return kTrouble;
  hoctap::DatasetOptions opts;
  opts.date = *date;
  opts.lang = l;
  try {
    std::cout << hoctap::diff_impact(*reg, dataset, *a.set, *b.set, opts);
  } catch (const std::exception& e) {
    std::cerr << "hoctap: " << hoctap::cli::error_text(e) << "\n";
    return kTrouble;
  }
  return same;
}

int cmd_sample(const hoctap::cli::SampleOptions& o) {
  std::cerr << hoctap::cli::write_sample(o) << "\n";
  return kOk;
}

int cmd_report(const std::vector<std::string>& criteria, const std::string& dataset, const std::string& date_text, const std::string& by,
               const std::string& format, const std::string& out_path, const std::string& lang, unsigned threads, bool strict) {
  auto date = date_arg(date_text);
  if (!date) return kUsage;
  auto reg = registry_arg(criteria);
  if (!reg) return kInvalidCriteria;
  hoctap::DatasetOptions opts;
  opts.date = *date;
  opts.threads = threads;
  opts.lang = lang_arg(lang);
  opts.nodes = hoctap::NodeOutput::none;  // rates need decisions and places only
  opts.keep_ids = false;
  opts.keep_totals = false;
  opts.strict = strict;
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  if (tty) {
    opts.progress = [](const std::string& kind, std::size_t done, std::size_t total) {
      if (total == 0) std::cerr << "\r\033[K… " << kind << std::flush;
      else std::cerr << "\r\033[K✓ " << kind << " (" << done << ")" << std::flush;
    };
  }
  hoctap::DatasetResults results;
  try {
    results = hoctap::evaluate_dataset(*reg, dataset, opts);
  } catch (const std::exception& e) {
    if (tty) std::cerr << "\r\033[K";
    std::cerr << "hoctap: " << hoctap::cli::error_text(e) << "\n";
    return kBadInput;
  }
  if (tty) std::cerr << "\r\033[K";
  hoctap::ReportBy rb = by == "district" ? hoctap::ReportBy::district : by == "commune" ? hoctap::ReportBy::commune : hoctap::ReportBy::province;
  hoctap::ReportFormat rf = format == "csv"    ? hoctap::ReportFormat::csv
                            : format == "json" ? hoctap::ReportFormat::json
                            : format == "html" ? hoctap::ReportFormat::html
                                               : hoctap::ReportFormat::text;
  hoctap::Report report = hoctap::make_report(results, reg->targets(), rb);
  std::string text = hoctap::render_report(report, rf, opts.lang);
  if (out_path.empty()) {
    std::cout << text;
  } else {
    std::ofstream f(out_path, std::ios::binary);
    if (!(f << text)) {
      std::cerr << "hoctap: " << hoctap::cli::say("cannot write `", "không ghi được `") << out_path << "`\n";
      return kBadInput;
    }
  }
  if (!report.issues.empty()) {
    std::cerr << "hoctap: " << report.issues.size()
              << hoctap::cli::say(report.issues.size() == 1 ? " data problem (" : " data problems (", " vấn đề dữ liệu (");
    for (std::size_t i = 0; i < report.problem_counts.size(); ++i)
      std::cerr << (i ? ", " : "") << report.problem_counts[i].first << " ×" << report.problem_counts[i].second;
    std::cerr << hoctap::cli::say("; listed in the report; every row was kept)\n", "; đã liệt kê trong báo cáo; mọi dòng đều được giữ lại)\n");
    // The files' columns that do not match the sets, each once: a file-wide cause of many
    // rows' results, worth a line of its own, in the report's language as its reason is.
    for (const hoctap::RowIssue& i : report.issues)
      if (i.row == 0 && (i.code == "D036" || i.code == "D037" || i.code == "D038" || i.code == "D039"))
        std::cerr << "hoctap: " << (opts.lang == hoctap::Lang::vi ? "cảnh báo: " : "warning: ") << i.file << " [" << i.code << "] " << i.reason << "\n";
  }
  // As documented for every command: 4 when some input lines could not be read (D010–D016),
  // though the report, which counts them, is written.
  for (const hoctap::RowIssue& i : report.issues)
    if (i.code >= "D010" && i.code <= "D016") return kBadInput;
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hoctap: criteria for Vietnam's learning-society titles (version " + std::string(hoctap::engine_version()) + ")"};
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.set_version_flag("--version", hoctap::engine_version());

  std::vector<std::string> paths;
  std::string format = "text";
  bool strict = false;
  auto* validate = app.add_subcommand("validate", "Check criteria files or folders; print every problem");
  validate->add_option("PATH", paths, "criteria files or folders")->required();
  validate->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
  validate->add_flag("--strict", strict, "also list every place whose confidence is not `confirmed`");
  std::string lang;  // chosen after parsing when --lang is not given
  std::vector<CLI::Option*> lang_options;
  const char* lang_help = "vi or en, for the output and messages (by default Vietnamese when the locale or the criteria file says so)";
  lang_options.push_back(validate->add_option("--lang", lang, lang_help)->check(CLI::IsMember({"vi", "en"})));

  std::vector<std::string> test_criteria;
  auto* test = app.add_subcommand("test", "Run the test cases criteria files carry");
  test->add_option("PATH", paths, "criteria files or folders")->required();
  test->add_option("--criteria", test_criteria, "criteria folder for members' titles; repeat for a national folder and a province's own sets");
  test->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
  lang_options.push_back(test->add_option("--lang", lang, lang_help)->check(CLI::IsMember({"vi", "en"})));

  std::string title, date, input = "-", place;
  std::vector<std::string> criteria;
  bool explain = false;
  std::vector<std::string> context_pairs;
  auto* evaluate = app.add_subcommand("evaluate", "Evaluate records; one JSON result per record on stdout");
  evaluate->add_option("--criteria", criteria, "criteria folder (or one file); repeat for a national folder and a province's own sets; default: the installed official criteria");
  evaluate->add_option("--place", place, "the records' place (`quang_ninh`, `quang_nam/tam_ky`): its own sets are preferred");
  evaluate->add_option("--title", title, "title id, e.g. cong_dan_hoc_tap")->required();
  evaluate->add_option("--date", date, "assessment date YYYY-MM-DD (required)")->required();
  evaluate->add_option("--input", input, "records: .json (object or array) or .jsonl; - for stdin; .csv (header = input names)");
  hoctap::cli::CsvCommand csv_command;
  evaluate->add_option("--output", csv_command.output, "CSV input: results file, .csv or .jsonl (default: stdout)");
  evaluate->add_option("--format", csv_command.format, "CSV input: results as csv or jsonl")->check(CLI::IsMember({"csv", "jsonl"}));
  lang_options.push_back(evaluate->add_option("--lang", lang, lang_help)->check(CLI::IsMember({"vi", "en"})));
  evaluate->add_flag("--explain", explain, "add reasons and the explanation text");
  evaluate->add_option("--context", context_pairs, "name=value for inputs records lack (e.g. a locality's threshold); repeatable");
  bool evaluate_strict = false, outside_validity = false;
  evaluate->add_flag("--strict", evaluate_strict, "a record with a field the set does not read, or lacking an input, is an error row");
  evaluate->add_flag("--outside-validity", outside_validity, "judge by a criteria file on a date outside its validity");

  std::string doc_path, doc_format = "md";
  auto* doc = app.add_subcommand("doc", "Render a criteria set as a readable table (Markdown or HTML)");
  doc->add_option("FILE", doc_path, "criteria file")->required();
  lang_options.push_back(doc->add_option("--lang", lang, lang_help)->check(CLI::IsMember({"vi", "en"})));
  doc->add_option("--format", doc_format, "md or html")->check(CLI::IsMember({"md", "html"}));
  doc->add_option("--context", context_pairs, "name=value of a category parameters vary by (e.g. vung=vung_sau_vung_xa): that area's values");

  hoctap::cli::SampleOptions sample_opts;
  auto* sample = app.add_subcommand("sample", "Write a synthetic province in the dataset layout (docs/datasets.md)");
  sample->add_option("--seed", sample_opts.seed, "random seed (same seed, same files)");
  sample->add_option("--households", sample_opts.households, "number of households (13 to 10^9: at least one per district)")
      ->check(CLI::Range(hoctap::cli::kSampleLeastHouseholds, hoctap::cli::kSampleMostHouseholds));
  sample->add_option("--out", sample_opts.out, "folder to write")->required();
  lang_options.push_back(sample->add_option("--lang", lang, lang_help)->check(CLI::IsMember({"vi", "en"})));

  std::string dataset, by = "province", out_path, report_format = "text";
  std::vector<std::string> report_criteria{"criteria"};
  unsigned threads = 1;
  auto* report = app.add_subcommand("report", "Evaluate a dataset bottom-up and report rates against the targets");
  report->add_option("--dataset", dataset, "dataset folder (docs/datasets.md)")->required();
  report->add_option("--date", date, "assessment date YYYY-MM-DD")->required();
  report->add_option("--criteria", report_criteria, "criteria folder (default: criteria); repeat for a province's own sets");
  report->add_option("--by", by, "province, district or commune")->check(CLI::IsMember({"province", "district", "commune"}));
  report->add_option("--format", report_format, "text, csv, json or html")->check(CLI::IsMember({"text", "csv", "json", "html"}));
  report->add_option("--out", out_path, "write the report to this file instead of stdout");
  lang_options.push_back(report->add_option("--lang", lang, lang_help)->check(CLI::IsMember({"vi", "en"})));
  report->add_option("--threads", threads, "worker threads (0: one per core)");
  bool report_strict = false;
  report->add_flag("--strict", report_strict, "an input the files lack, a column no set reads, members no set in force judges, or a file another needs (D036–D039) stop the report");

  std::string explain_title, explain_id;
  auto* explain_cmd = app.add_subcommand("explain", "Why one entity of a dataset has its result, with its members' roll-up");
  explain_cmd->add_option("--dataset", dataset, "dataset folder")->required();
  explain_cmd->add_option("--title", explain_title, "title id")->required();
  explain_cmd->add_option("--id", explain_id, "the entity's id")->required();
  explain_cmd->add_option("--date", date, "assessment date YYYY-MM-DD")->required();
  explain_cmd->add_option("--criteria", report_criteria, "criteria folder (default: criteria)");
  lang_options.push_back(explain_cmd->add_option("--lang", lang, lang_help)->check(CLI::IsMember({"vi", "en"})));

  std::string diff_old, diff_new;
  auto* diff = app.add_subcommand("diff", "What changed between two versions of a set, and with --dataset which entities change outcome");
  diff->add_option("OLD", diff_old, "the version in force")->required();
  diff->add_option("NEW", diff_new, "the new version")->required();
  diff->add_option("--dataset", dataset, "dataset folder to weigh the change on");
  diff->add_option("--date", date, "assessment date for --dataset");
  diff->add_option("--criteria", report_criteria, "criteria folder for the other titles (default: criteria)");
  lang_options.push_back(diff->add_option("--lang", lang, lang_help)->check(CLI::IsMember({"vi", "en"})));

  hoctap::serve::Command serve(app);  // `hoctap serve` (src/serve)

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  bool lang_given = false;
  for (const CLI::Option* o : lang_options) lang_given = lang_given || o->count() > 0;
  std::vector<std::string> criteria_paths = paths;
  criteria_paths.insert(criteria_paths.end(), criteria.begin(), criteria.end());
  for (const std::string* p : {&doc_path, &diff_old, &diff_new}) criteria_paths.push_back(*p);
  // One language a run: what a command writes (a report, a document, explanations) and its
  // messages, by --lang, else the locale or the criteria files (choose_message_lang).
  hoctap::cli::set_message_lang(hoctap::cli::choose_message_lang(lang_given, lang, criteria_paths));
  if (!lang_given) lang = hoctap::cli::message_lang() == hoctap::Lang::vi ? "vi" : "en";
  try {
    if (serve.selected()) return serve.run();
    if (*validate) return cmd_validate(paths, format, strict);
    if (*test) return cmd_test(paths, test_criteria, format);
    if (*evaluate) return cmd_evaluate(criteria, place, title, date, input, lang, explain, context_pairs, evaluate_strict, outside_validity, csv_command);
    if (*doc) return cmd_doc(doc_path, lang, doc_format, context_pairs);
    if (*sample) return cmd_sample(sample_opts);
    if (*explain_cmd) return cmd_explain(report_criteria, dataset, date, explain_title, explain_id, lang);
    if (*diff) return cmd_diff(diff_old, diff_new, report_criteria, dataset, date, lang);
    if (*report) return cmd_report(report_criteria, dataset, date, by, report_format, out_path, lang, threads, report_strict);
  } catch (const std::exception& e) {
    std::cerr << "hoctap: " << hoctap::cli::error_text(e) << "\n";
    return kBadInput;
  }
  return kUsage;
}
