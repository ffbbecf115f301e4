// The commands about criteria files themselves — `validate`, `test`, `doc` — and what
// `evaluate` shares with them: the exit codes, loading criteria paths, --lang, --context.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "hoctap/hoctap.hpp"

namespace hoctap::cli {

// The CLI's exit codes (README.md and `hoctap --help`); `diff` exits as diff(1).
inline constexpr int kOk = 0, kTestsFailed = 1, kUsage = 2, kInvalidCriteria = 3, kBadInput = 4;

// A loaded path: a folder becomes a registry, a file a single set.
struct Loaded {
  std::vector<hoctap::Diagnostic> diagnostics;
  std::optional<hoctap::Registry> registry;
  std::vector<hoctap::CriteriaSet> sets;
  std::size_t files = 0;  // criteria files counted (test files and targets aside)
};

// The criteria files under `dir` (`.yaml`, not `.tests.yaml`).
std::size_t count_set_files(const std::string& dir);
// Several folders (a national one and a province's own sets) as one registry.
Loaded load_folders(const std::vector<std::string>& folders);
// A folder as a registry, or one file as a set.
Loaded load_path(const std::string& path);

// `--lang`: en, else Vietnamese (CLI11 has already checked the value).
hoctap::Lang lang_arg(const std::string& text);
// `--context name=value` pairs into `out`, each value as text (read as its input's type
// by the input contract); false with `error` set (in the CLI's language) on a pair
// without `=` or a name.
bool parse_context(const std::vector<std::string>& pairs, hoctap::Record& out, std::string& error);

// Each returns the command's exit code.
int cmd_validate(const std::vector<std::string>& paths, const std::string& format, bool strict);
int cmd_test(const std::vector<std::string>& paths, const std::vector<std::string>& criteria_dirs, const std::string& format);
int cmd_doc(const std::string& path, const std::string& lang, const std::string& format, const std::vector<std::string>& context_pairs);

}  // namespace hoctap::cli
