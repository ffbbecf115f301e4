#include "records.hpp"

#include <algorithm>

namespace hoctap::cli {

nlohmann::json diagnostic_json(const Diagnostic& d) {
  return {{"file", d.file}, {"line", d.line}, {"column", d.column}, {"severity", d.severity == Severity::error ? "error" : "warning"},
          {"code", d.code}, {"message", d.message}, {"yaml_path", d.yaml_path}};
}

void record_warnings(const CriteriaSet& set, const Record& record, const Record& context, std::vector<InputWarning>& out) {
  std::vector<std::string> names;
  for (const auto& [name, value] : record.fields()) {
    if (name == "id") continue;
    names.push_back(name);
    if (const auto* members = std::get_if<std::vector<Record>>(&value)) {
      std::vector<std::string> fields;
      for (const Record& m : *members)
        for (const auto& f : m.fields())
          if (std::find(fields.begin(), fields.end(), f.first) == fields.end()) fields.push_back(f.first);
      bool is_list = false;
      for (const auto& in : set.inputs()) is_list = is_list || (in.name == name && in.kind == "list");
      if (is_list)
        for (auto& w : set.check_inputs(fields, name)) out.push_back(std::move(w));
    }
  }
  for (auto& w : set.check_inputs(names, "", &context)) out.push_back(std::move(w));
}

RowJudge::RowJudge(const CriteriaSet& set, const Registry* registry, const EvaluateOptions& options, JudgeOptions judge)
    : set_(set), registry_(registry), options_(options), judge_(judge) {}

Judged RowJudge::judge(const JsonRow& row, std::string& out) {
  static const Record kNoContext;
  out += "{\"row\":";
  out += std::to_string(row.row);
  if (!row.id.empty()) out += ",\"id\":" + nlohmann::json(row.id).dump();
  if (!row.code.empty()) {
    out += ",\"code\":\"" + row.code + "\",\"error\":" + nlohmann::json(row.error).dump() + "}";
    return {true, Decision::not_assessable};
  }
  // The warnings depend only on the names a record gives (and the context's): records of
  // one input mostly give the same, so the last answer is kept for the same names.
  const Record& context = options_.context ? *options_.context : kNoContext;
  key_.clear();
  std::vector<std::string_view> fields;
  for (const auto& [name, value] : row.record.fields()) {
    key_ += name;
    key_ += '\x1f';
    if (const auto* members = std::get_if<std::vector<Record>>(&value)) {
      fields.clear();
      for (const Record& m : *members)
        for (const auto& f : m.fields())
          if (std::find(fields.begin(), fields.end(), f.first) == fields.end()) fields.push_back(f.first);
      for (auto f : fields) (key_ += f) += '\x1e';
      key_ += '\x1f';
    }
  }
  key_ += '\x1d';
  for (const auto& f : context.fields()) (key_ += f.first) += '\x1f';
  if (key_ != warned_key_) {
    warnings_.clear();
    record_warnings(set_, row.record, context, warnings_);
    warned_key_ = key_;
  }
  if (judge_.strict && !warnings_.empty()) {
    std::string text;
    for (const auto& w : warnings_) text += (text.empty() ? "" : "; ") + (judge_.lang == Lang::vi ? w.vi : w.en);
    out += ",\"code\":\"" + warnings_.front().code + "\",\"error\":" + nlohmann::json(text).dump() + "}";
    return {true, Decision::not_assessable};
  }
  for (const auto& w : warnings_) ++warned_[judge_.lang == Lang::vi ? w.vi : w.en];
  if (registry_) result_ = registry_->evaluate_with(set_, row.record, options_);
  else set_.evaluate(row.record, options_, result_);
  std::string body = result_.to_json(judge_.explain, judge_.lang);
  out += ',';
  out.append(body, 1, std::string::npos);
  return {false, result_.decision()};
}

}  // namespace hoctap::cli
