#include "records.hpp"

#include <algorithm>

namespace hoctap::cli {

nlohmann::json diagnostic_json(const Diagnostic& d) {
  return {{"file", d.file}, {"line", d.line}, {"column", d.column}, {"severity", d.severity == Severity::error ? "error" : "warning"},
          {"code", d.code}, {"message", d.message}, {"message_vi", d.message_in(Lang::vi)}, {"yaml_path", d.yaml_path}};
}

RowJudge::RowJudge(const CriteriaSet& set, const Registry* registry, const EvaluateOptions& options, JudgeOptions judge)
    : set_(set), registry_(registry), options_(options), judge_(judge) {}

namespace {

// The rest of an error row: its code and its message, in English with `error_vi` beside
// it (both_languages), or in `lang` alone.
void error_fields(std::string& out, const std::string& code, const std::string& en, const std::string& vi, Lang lang, bool both_languages) {
  out += ",\"code\":\"" + code + "\",\"error\":";
  if (both_languages) out += nlohmann::json(en).dump() + ",\"error_vi\":" + nlohmann::json(vi).dump() + "}";
  else out += nlohmann::json(lang == Lang::vi ? vi : en).dump() + "}";
}

// An unreadable row's message, starting with where its fault is in the input, as a CSV
// problem starts with its line: `line 4, character 11: …`.
std::string placed(const JsonRow& row, const std::string& message, Lang lang) {
  const bool vi = lang == Lang::vi;
  std::string at;
  if (row.line != 0) at = (vi ? "dòng " : "line ") + std::to_string(row.line);
  if (row.column != 0) at += (at.empty() ? "" : ", ") + std::string(vi ? "ký tự " : "character ") + std::to_string(row.column);
  return at.empty() ? message : at + ": " + message;
}

}  // namespace

Judged RowJudge::judge(const JsonRow& row, std::string& out) {
  out += "{\"row\":";
  out += std::to_string(row.row);
  if (!row.id.empty()) out += ",\"id\":" + nlohmann::json(row.id).dump();
  if (!row.code.empty()) {
    if (row.line != 0) out += ",\"line\":" + std::to_string(row.line);
    if (row.column != 0) out += ",\"column\":" + std::to_string(row.column);
    error_fields(out, row.code, placed(row, row.error, Lang::en), placed(row, row.error_vi, Lang::vi), judge_.error_lang,
                 judge_.both_languages);
    return {true, Decision::not_assessable};
  }
  // The record's input warnings are the result's (the library keeps them for records that
  // give the same names); under strict the library throws them instead.
  try {
    if (registry_) result_ = registry_->evaluate_with(set_, row.record, options_);
    else set_.evaluate(row.record, options_, result_);
  } catch (const InputError& e) {
    std::string en, vi;
    for (const auto& w : e.warnings()) {
      en += (en.empty() ? "" : "; ") + w.en;
      vi += (vi.empty() ? "" : "; ") + w.vi;
    }
    error_fields(out, e.warnings().front().code, en, vi, judge_.lang, judge_.both_languages);
    return {true, Decision::not_assessable};
  }
  for (const auto& w : result_.warnings()) ++warned_[judge_.error_lang == Lang::vi ? w.vi : w.en];  // stderr: the messages' language
  std::string body = result_.to_json(judge_.explain, judge_.lang);
  out += ',';
  out.append(body, 1, std::string::npos);
  return {false, result_.decision()};
}

}  // namespace hoctap::cli
