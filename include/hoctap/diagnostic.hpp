// hoctap/diagnostic.hpp: problems found in a criteria file, for its authors.
//
// Loading a criteria set reports every problem it finds, not just the first. Each
// diagnostic names a place (file, 1-based line and column, YAML path) and carries a
// stable code listed in docs/diagnostics.md. `format()` renders the house form:
//
//   criteria/x.yaml:12:17: error[H201]: unknown name `so_tre`
//     at criteria[0].indicators[1].points.formula
//      12 |     formula: "so_tre * 10"
//         |               ^
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "hoctap/error.hpp"
#include "hoctap/export.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;         // stable, e.g. "H201"
  std::string message;      // lower case, no final period, user text in backticks
  std::string file;         // as given to the loader
  int line = 0;             // 1-based; 0 when the problem concerns the whole file
  int column = 0;           // 1-based
  std::string yaml_path;    // e.g. `criteria[0].indicators[1].max`; empty for the whole file
  std::string source_line;  // the text of `line`, without its newline
  std::string message_vi;   // the same message in Vietnamese; empty only where no translation exists

  // The message in `lang` (English when there is no Vietnamese text).
  const std::string& message_in(Lang lang) const { return lang == Lang::vi && !message_vi.empty() ? message_vi : message; }
};

// `file:line:col: error[CODE]: message`, then the YAML path, the source line and a caret;
// in Vietnamese `file:line:col: lỗi[CODE]: …` (`cảnh báo` for a warning), codes unchanged.
HOCTAP_API std::string format(const Diagnostic& diagnostic, Lang lang = Lang::en);
// `format` of each, one after another.
HOCTAP_API std::string format(const std::vector<Diagnostic>& diagnostics, Lang lang = Lang::en);
// For "did you mean": the name among `names` nearest to `name` (edit distance, ASCII case
// folded) when near enough to be a slip of it (at most max(2, length/4) edits, fewer than
// half the letters); else empty. The one rule every "did you mean" of hoctap uses.
HOCTAP_API std::string nearest_name(const std::string& name, const std::vector<std::string>& names);
// True when any diagnostic is an error (warnings alone do not make a file invalid).
HOCTAP_API bool has_errors(const std::vector<Diagnostic>& diagnostics);

// Thrown by the throwing conveniences (`CriteriaSet::load`, `Registry::load`) when a
// criteria file is invalid. `what()` is the formatted list of errors in English;
// `message(Lang::vi)` the same in Vietnamese; code() is `E011`.
class HOCTAP_API CriteriaError : public std::runtime_error, public Error {
 public:
  explicit CriteriaError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

HOCTAP_NAMESPACE_END
