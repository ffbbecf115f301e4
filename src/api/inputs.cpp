// Which names a record or a frame gives that the set does not read, and which inputs the
// set reads that it does not give: reported, never dropped in silence (CriteriaSet::
// check_inputs). Shared by the Python package (dict keys, frame columns) and the CLI.
#include <algorithm>
#include <string>
#include <vector>

#include "hoctap/criteria.hpp"
#include "model/model.hpp"
#include "util/messages.hpp"

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
    for (const char* r : {"result.recognized", "result.total", "result.grade", "result.level"}) declared.emplace_back(r);
  const std::string of = list.empty() ? "`" + cs.id + "`" : "`" + cs.id + "` (" + list + ")";
  std::vector<InputWarning> out;
  for (const std::string& name : names) {
    if (std::find(declared.begin(), declared.end(), name) != declared.end()) continue;
    const std::string near = internal::nearest_name(name, declared);
    InputWarning w{"unknown_input", name, near, "`" + name + "` không phải đầu vào của bộ " + of,
                   "`" + name + "` is not an input of " + of};
    if (!near.empty()) {
      w.vi += "; có phải `" + near + "`?";
      w.en += "; did you mean `" + near + "`?";
    }
    out.push_back(std::move(w));
  }
  for (const std::string& d : declared) {
    if (d.rfind("result.", 0) == 0 && d != "result.recognized") continue;  // members' other results are optional
    if (std::find(names.begin(), names.end(), d) != names.end()) continue;
    if (list.empty() && context != nullptr && context->find(d) != nullptr) continue;
    out.push_back(InputWarning{"missing_input", d, "", "không có giá trị cho đầu vào `" + d + "` của bộ " + of,
                               "no value is given for input `" + d + "` of " + of});
  }
  return out;
}

}  // namespace v0
}  // namespace hoctap
