// Judging JSON records one at a time, as `hoctap evaluate` writes them and `hoctap serve`
// answers them: one JSON line per record, `{"row":N,"id":…,…result}` or
// `{"row":N,"id":…,"line":L,"column":C,"code":…,"error":…}` (the place of an unreadable
// record's fault in the input, when known, also starts its message). Both front ends call this, so a record gets the
// same answer from the command and from the web service.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hoctap/hoctap.hpp"

namespace hoctap::cli {

// A criteria diagnostic as the JSON object `validate --format json` and `POST /v1/validate` give.
nlohmann::json diagnostic_json(const Diagnostic& d);

struct JudgeOptions {
  bool explain = false;  // reasons and explanation in each result
  Lang lang = Lang::vi;
  Lang error_lang = Lang::en;  // an unreadable record's `error` (the CLI: --lang, else the locale)
  // An error row's `error` in English and `error_vi` in Vietnamese (the server), instead of
  // one `error` in error_lang (unreadable) or lang (strict).
  bool both_languages = false;
};

// What one record came to: an error row, or a decision.
struct Judged {
  bool error = false;
  Decision decision = Decision::not_assessable;
};

// Judges the rows of one input with one set. `registry` (may be null) evaluates members
// first; `options` carries the date, context and `strict` (a record with input warnings
// is an error row) and must outlive the judge. Not
// thread-safe: one judge per input stream.
class RowJudge {
 public:
  RowJudge(const CriteriaSet& set, const Registry* registry, const EvaluateOptions& options, JudgeOptions judge);
  // Appends the row's JSON object (one line, no newline) to `out`.
  Judged judge(const JsonRow& row, std::string& out);
  // Input warnings of the records judged so far (not under strict): message → records.
  const std::map<std::string, std::size_t>& warned() const { return warned_; }

 private:
  const CriteriaSet& set_;
  const Registry* registry_;
  const EvaluateOptions& options_;
  JudgeOptions judge_;
  Result result_;
  std::map<std::string, std::size_t> warned_;
};

}  // namespace hoctap::cli
