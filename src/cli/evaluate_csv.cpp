#include "evaluate_csv.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "criteria_commands.hpp"
#include "lang.hpp"

namespace hoctap::cli {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  if (s.size() < tail.size()) return false;
  for (std::size_t i = 0; i < tail.size(); ++i) {
    char c = s[s.size() - tail.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != tail[i]) return false;
  }
  return true;
}
}  // namespace

bool is_csv_input(const std::string& input) { return ends_with(input, ".csv"); }

int evaluate_csv_command(const CriteriaSet& set, const CsvCommand& command, const CsvEvaluateOptions& options) {
  CsvEvaluateOptions o = options;
  o.strict = command.strict;
  const std::string format = !command.format.empty() ? command.format : ends_with(command.output, ".jsonl") ? "jsonl" : "csv";
  o.format = format == "jsonl" ? CsvOutputFormat::jsonl : CsvOutputFormat::csv;
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!command.output.empty()) {
    // Opening the output empties it: the input's own file (by any name or link) would be
    // lost before a row is read.
    std::error_code ec;
    if (std::filesystem::equivalent(command.input, command.output, ec)) {
      std::cerr << "hoctap: " << say("--output `", "--output `") << command.output
                << say("` is the input file: writing the results would erase the data; choose another file\n",
                       "` chính là tệp đầu vào: ghi kết quả sẽ xoá mất dữ liệu; hãy chọn tệp khác\n");
      return kUsage;
    }
    file.open(command.output, std::ios::binary);
    if (!file) {
      std::cerr << "hoctap: " << say("cannot write `", "không ghi được `") << command.output << "`\n";
      return kBadInput;
    }
    out = &file;
  }
  CsvEvaluateSummary s;
  try {
    s = evaluate_csv(set, command.input, *out, o);
  } catch (const std::exception& e) {
    std::cerr << "hoctap: " << error_text(e) << "\n";
    return kBadInput;
  }
  // In the messages' language, as the lines around them (the results keep --lang's).
  for (const InputWarning& w : s.warnings) std::cerr << "hoctap: " << say("warning: ", "cảnh báo: ") << (message_lang() == Lang::vi ? w.vi : w.en) << "\n";
  if (s.rows_with_problems > 0)
    std::cerr << "hoctap: " << s.rows_with_problems << say(s.rows_with_problems == 1 ? " row of " : " rows of ", " trên ") << s.rows
              << say(" with problems (in the `problems` column; every row was kept)\n",
                     " dòng có vấn đề (ở cột `problems`; mọi dòng đều được giữ lại)\n");
  // As for JSON records: 4 when some lines could not be read; a value the set refuses is
  // the row's problem, in its `problems` cell and counted above.
  return s.rows_unreadable > 0 ? kBadInput : kOk;
}

}  // namespace hoctap::cli
