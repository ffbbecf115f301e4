// The C API's JSON entry points: a record as JSON text in (read by the library's own
// reader, hoctap/json.hpp), the result as JSON text out (Result::to_json).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capi/capi_internal.hpp"
#include "hoctap/json.hpp"
#include "hoctap/result.hpp"

namespace hoctap::capi {
namespace {

// `what` (`capi.record`, `capi.context`) names the text in both languages.
Record read_record(const char* text, std::size_t length, std::string_view what) {
  if (length > 0) require(text, internal::tr(what));
  JsonRow row = read_json_record(std::string_view(text == nullptr ? "" : text, length));
  if (!row.code.empty())
    throw Failure(HOCTAP_ERROR_INPUT, internal::tr("capi.input", {internal::tr(what), internal::Text{row.error, row.error_vi}, row.code}));
  return std::move(row.record);
}

// A context key the set (and the sets judging its members) does not read would be
// ignored: HOCTAP_ERROR_INPUT naming each, as the CLI and the Python package refuse it.
void refuse_unknown_context(std::vector<InputWarning> unknown) {
  if (unknown.empty()) return;
  const InputError refused(std::move(unknown));  // its texts, "; "-joined in each language
  throw Failure(HOCTAP_ERROR_INPUT, {refused.message(Lang::en), refused.message(Lang::vi)});
}

// Evaluates with `evaluate(record, options)` and hands the JSON result to the caller.
template <class Evaluate>
hoctap_status evaluate_json(const char* record_json, std::size_t length, const char* date, const char* context_json,
                            std::size_t context_length, unsigned flags, char** result_json, Evaluate evaluate) {
  require(result_json, "result_json");
  EvaluateOptions options;
  options.assessment_date = day_of(date);
  Lang lang = parse_flags(flags);
  if ((flags & HOCTAP_EACH_PROBLEM) != 0) throw Failure(HOCTAP_ERROR_INVALID_ARGUMENT, internal::tr("capi.json_each_problem"));
  Record record = read_record(record_json, length, "capi.record");
  std::optional<Record> context;
  if (context_json != nullptr) context = read_record(context_json, context_length, "capi.context");
  options.context = context ? &*context : nullptr;
  Result result = evaluate(record, options);
  *result_json = copy_string(result.to_json((flags & HOCTAP_EXPLAIN) != 0, lang));
  return HOCTAP_OK;
}

}  // namespace
}  // namespace hoctap::capi

extern "C" {

hoctap_status hoctap_set_evaluate_json(const hoctap_set* set, const char* record_json, size_t length, const char* date,
                                       const char* context_json, size_t context_length, unsigned flags,
                                       char** result_json, hoctap_error** error) {
  using namespace hoctap::capi;
  return guarded(error, [&] {
    require(set, "set");
    return evaluate_json(record_json, length, date, context_json, context_length, flags, result_json,
                         [&](const hoctap::Record& r, const hoctap::EvaluateOptions& o) {
                           require_in_force(set->set, *o.assessment_date);
                           if (o.context != nullptr) refuse_unknown_context(set->set.check_context(*o.context));
                           return set->set.evaluate(r, o);
                         });
  });
}

hoctap_status hoctap_registry_evaluate_json(const hoctap_registry* registry, const char* title, const char* record_json,
                                            size_t length, const char* date, const char* context_json,
                                            size_t context_length, unsigned flags, char** result_json,
                                            hoctap_error** error) {
  using namespace hoctap::capi;
  return guarded(error, [&] {
    require(registry, "registry");
    require(title, "title");
    return evaluate_json(record_json, length, date, context_json, context_length, flags, result_json,
                         [&](const hoctap::Record& r, const hoctap::EvaluateOptions& o) {
                           hoctap::CriteriaSet set = in_force(*registry, title, o.assessment_date);
                           if (o.context != nullptr) refuse_unknown_context(registry->registry.check_context(set, *o.context, *o.assessment_date));
                           return registry->registry.evaluate_with(set, r, o);
                         });
  });
}

}  // extern "C"
