// Which names a record or a frame gives that the set does not read, and which inputs the
// set reads that it does not give: reported, never dropped in silence (CriteriaSet::
// check_inputs). Shared by the Python package (dict keys, frame columns) and the CLI.
#include <algorithm>
#include <string>
#include <vector>

#include "hoctap/criteria.hpp"
#include "model/model.hpp"

namespace hoctap {
inline namespace v0 {
namespace {

// Levenshtein distance over bytes, ASCII case folded; stops counting past `limit`.
std::size_t distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0], best = row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

}  // namespace

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
    std::string near;
    std::size_t best = std::max<std::size_t>(2, name.size() / 4) + 1;
    for (const std::string& d : declared) {
      const std::size_t k = distance(name, d, best - 1);
      if (k < best) {
        best = k;
        near = d;
      }
    }
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
