// Which names a record or a frame gives that the set does not read, and which inputs the
// set reads that it does not give: reported, never dropped in silence (CriteriaSet::
// check_inputs, check_record). Results and batches carry them (Result::warnings,
// BatchResult::warnings); the Python package and the CLI report them.
#include <algorithm>
#include <set>
#include <stdexcept>
#include <variant>
#include <string>
#include <vector>

#include "evaluate/evaluate.hpp"
#include "hoctap/criteria.hpp"
#include "model/model.hpp"
#include "model/reads.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

std::string joined(const std::vector<InputWarning>& warnings, Lang lang) {
  std::string text;
  for (const InputWarning& w : warnings) text += (text.empty() ? "" : "; ") + (lang == Lang::vi ? w.vi : w.en);
  return text;
}

}  // namespace

InputError::InputError(std::vector<InputWarning> warnings)
    : std::invalid_argument(joined(warnings, Lang::en)),
      Error("E005", joined(warnings, Lang::en), joined(warnings, Lang::vi)),
      warnings_(std::move(warnings)) {}

std::vector<InputWarning> CriteriaSet::check_record(const Record& record, const Record* context) const {
  return internal::check_record(*this, record, context, internal::MemberResults{});
}

std::vector<InputWarning> CriteriaSet::check_context(const Record& context) const {
  std::vector<std::string> known;
  internal::add_context_inputs(*impl_, known);
  return internal::unknown_context(context, known, impl_->id, false);
}

}  // namespace v0
}  // namespace hoctap

namespace hoctap::internal {

void add_context_inputs(const CompiledSet& set, std::vector<std::string>& known) {
  for (const Field& f : set.schemas[0].fields)
    if (f.type.kind != Type::Kind::list) known.push_back(f.name);
}

std::vector<InputWarning> unknown_context(const Record& context, const std::vector<std::string>& known, const std::string& set_id,
                                          bool through_members) {
  std::vector<InputWarning> out;
  for (const auto& field : context.fields()) {
    const std::string& name = field.first;
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const std::string near = nearest_name(name, known);
    Text t = with_suggestion(tr(through_members ? "context.unknown_through_members" : "context.unknown", {name, set_id}), near);
    out.push_back(InputWarning{"unknown_context", name, near, std::move(t.vi), std::move(t.en)});
  }
  return out;
}

std::vector<InputWarning> check_record(const CriteriaSet& set, const Record& record, const Record* context, const MemberResults& judged) {
  const internal::Schema& top = set.compiled()->schemas[0];
  std::vector<std::string> names;
  std::vector<InputWarning> lists;
  for (const auto& [name, value] : record.fields()) {
    names.push_back(name);
    const auto* members = std::get_if<std::vector<Record>>(&value);
    const internal::Field* f = top.find(name);
    // A list the set does not have is its unknown name; an empty list lacks no field.
    if (members == nullptr || members->empty() || f == nullptr || f->type.kind != internal::Type::Kind::list) continue;
    std::vector<std::string> fields;
    for (const Record& m : *members)
      for (const auto& field : m.fields())
        if (std::find(fields.begin(), fields.end(), field.first) == fields.end()) fields.push_back(field.first);
    const auto slot = static_cast<std::size_t>(f->slot);
    const CompiledSet* own = slot < judged.judged_by.size() ? judged.judged_by[slot] : nullptr;
    auto known_to_own = [&](const InputWarning& w) {
      if (own == nullptr) return false;
      if (w.code == "missing_input") return w.name.rfind("result.", 0) == 0;
      return w.code == "unknown_input" && own->schemas[0].find(w.name) != nullptr;
    };
    for (InputWarning& w : set.check_inputs(fields, name))
      if (!known_to_own(w)) lists.push_back(std::move(w));
  }
  std::vector<InputWarning> out = set.check_inputs(names, "", context);
  for (InputWarning& w : lists) out.push_back(std::move(w));
  return out;
}

}  // namespace hoctap::internal

namespace hoctap {
inline namespace v0 {


std::vector<InputWarning> CriteriaSet::check_inputs(const std::vector<std::string>& names, const std::string& list,
                                                    const Record* context) const {
  const internal::CompiledSet& cs = *impl_;
  const internal::Schema* schema = &cs.schemas[0];
  if (!list.empty()) {
    schema = nullptr;
    for (const internal::Field& f : cs.schemas[0].fields)
      if (f.name == list && f.type.kind == internal::Type::Kind::list) schema = &cs.schemas[static_cast<std::size_t>(f.type.schema)];
    if (schema == nullptr) {
      std::string known;
      for (const internal::Field& f : cs.schemas[0].fields)
        if (f.type.kind == internal::Type::Kind::list) known += (known.empty() ? "" : ", ") + ("`" + f.name + "`");
      return {InputWarning{"unknown_list", list, "",
                           "`" + list + "` không phải danh sách thành viên của bộ `" + cs.id + "` (có: " + known + ")",
                           "`" + list + "` is not a member list of `" + cs.id + "` (it has: " + known + ")"}};
    }
  }
  std::vector<std::string> declared;
  for (const internal::Field& f : schema->fields) declared.push_back(f.name);
  if (schema->result_base >= 0)
    for (const char* r : internal::Schema::kResultNames) declared.emplace_back(r);
  const std::string of = list.empty() ? "`" + cs.id + "`" : "`" + cs.id + "` (" + list + ")";
  std::vector<InputWarning> out;
  for (const std::string& name : names) {
    if (std::find(declared.begin(), declared.end(), name) != declared.end()) continue;
    if (name == "id") continue;  // the entity's identifier (record, frame row, member, CSV row), not an input
    const std::string near = internal::nearest_name(name, declared);
    InputWarning w{"unknown_input", name, near, "`" + name + "` không phải đầu vào của bộ " + of,
                   "`" + name + "` is not an input of " + of};
    if (!near.empty()) {
      w.vi += "; có phải `" + near + "`?";
      w.en += "; did you mean `" + near + "`?";
    }
    out.push_back(std::move(w));
  }
  // An input no rule reads changes no result: not given, it is not missing (as D036).
  const std::set<std::string> reads = internal::inputs_read(cs);
  for (const std::string& d : declared) {
    if (d.rfind("result.", 0) == 0 && d != "result.recognized") continue;  // members' other results are optional
    if (reads.count(list.empty() ? d : list + "." + d) == 0) continue;
    if (std::find(names.begin(), names.end(), d) != names.end()) continue;
    if (list.empty() && context != nullptr && context->find(d) != nullptr) continue;
    out.push_back(InputWarning{"missing_input", d, "", "không có giá trị cho đầu vào `" + d + "` của bộ " + of,
                               "no value is given for input `" + d + "` of " + of});
  }
  return out;
}

}  // namespace v0
}  // namespace hoctap
