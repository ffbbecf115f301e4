// A dataset folder (docs/datasets.md), as the files of src/dataset/ that read it share it:
// the entity kinds, their files, titles and links, members before parents (kKinds), and
// which kind feeds which member list (kMembers); dataset.yaml (dataset_yaml.cpp); the
// files' columns against the sets that read them, and rows bound to a set's inputs
// (columns.cpp). The folder is judged in dataset.cpp, one entity explained in
// explain_entity.cpp. Internal: never installed.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dataset/csv.hpp"
#include "hoctap/dataset.hpp"
#include "util/messages.hpp"
#include "yaml/yaml_tree.hpp"

namespace hoctap::internal::folder {

namespace fs = std::filesystem;

// Where each list input's members come from: the file, and the column of that file that
// holds the parent's id (by the parent kind).
struct MemberSource {
  const char* list;
  const char* kind;  // the member kind whose file and results feed it
};

struct KindSpec {
  const char* kind;
  const char* file;
  const char* title;           // empty: not evaluated (members only)
  const char* parent_link;     // the column members of this kind use to point at it
  const char* commune_link;    // column leading to the commune (or empty)
  const char* district_link;   // column leading to the district (or empty)
  const char* via;             // kind whose commune this kind inherits through `commune_link` (or empty)
  // A member may belong to no row of this kind (no clan, no agency): an empty
  // `parent_link` is allowed, where an empty link to any other kind is D035.
  bool parent_optional = false;
};

// Evaluation order: members before parents.
inline const KindSpec kKinds[] = {
    {"children", "children.csv", "", "", "", "", ""},
    {"adults", "adults.csv", "cong_dan_hoc_tap", "", "family_id", "", "families"},
    {"families", "families.csv", "gia_dinh_hoc_tap", "family_id", "village_id", "", "villages"},
    {"clans", "clans.csv", "dong_ho_hoc_tap", "clan_id", "village_id", "", "villages", true},
    {"villages", "villages.csv", "cong_dong_hoc_tap_thon", "village_id", "commune_id", "", ""},
    {"commune_units", "commune_units.csv", "don_vi_hoc_tap_xa", "", "commune_id", "", ""},
    {"agencies", "agencies.csv", "don_vi_hoc_tap_huyen_tinh", "unit_id", "", "district_id", "", true},
    {"communes", "communes.csv", "cong_dong_hoc_tap_xa", "", "", "district_id", ""},
};

// The kind called `kind` in kKinds (every kind the tables name is there).
inline const KindSpec& kind_named(std::string_view kind) {
  for (const KindSpec& k : kKinds)
    if (kind == k.kind) return k;
  throw std::logic_error("no kind " + std::string(kind));
}

// True when members may leave `link`, the column pointing at a parent kind, empty
// (KindSpec::parent_optional).
inline bool parent_link_optional(std::string_view link) {
  for (const KindSpec& k : kKinds)
    if (*k.parent_link && link == k.parent_link) return k.parent_optional;
  return false;
}

inline const MemberSource kMembers[] = {
    {"tre_em", "children"}, {"nguoi_lon", "adults"}, {"gia_dinh", "families"}, {"dong_ho", "clans"}, {"thanh_vien", "adults"},
};

// The member lists the data implies every parent of a kind has members in (a household
// has adults; a village or a clan, households): a parent with none is D034.
struct ImpliedMembers {
  const char* list;
  const char* parent_kind;
};
inline const ImpliedMembers kImpliedMembers[] = {{"nguoi_lon", "families"}, {"gia_dinh", "villages"}, {"gia_dinh", "clans"}};

// True when `name` is a field of one of the set's member lists (`tre_em.tuoi`).
bool is_member_field(const std::vector<InputInfo>& inputs, const std::string& name);

// How a file's column is read for an input of kind `input_kind` (`int`, `date`, …).
CsvKind csv_kind(const std::string& input_kind);

// The text of `row` in column `c`, or empty without the column.
std::string text_of(const internal::CsvColumn* c, std::size_t row);

// The columns a parent kind's list input needs from its members' file: the link to the
// parent, and the list's fields.
std::vector<std::pair<std::string, CsvKind>> member_columns(const KindSpec& parent, const std::vector<InputInfo>& inputs,
                                                            const InputInfo& list);

// The set a kind is judged by: a set given to weigh (DatasetOptions::use_sets), else the
// registry's version in force on the date; empty when neither.
std::optional<CriteriaSet> set_in_force(const Registry& registry, const DatasetOptions& options, const KindSpec& spec,
                                        const std::string& place);

// The files' columns against the inputs the sets read, once per file: each input of a
// kind's set in force (or field of a list its file feeds) that the file has no column for
// and that the context does not give (D036), and each column no version of the titles
// reading the file declares and that is not an id, a name, an area class or a link (D037,
// with the nearest name those versions declare). Only inputs some rule reads
// (model/reads.hpp) are wanted: one a set declares but never reads changes no result, so
// its absence is not a problem. A column only another version declares (data kept for an
// earlier or later date) is not a problem either. Files no set in force reads are not
// checked.
std::vector<RowIssue> check_columns(const fs::path& dir, const Record& context, const std::string& place, const Registry& registry,
                                    const DatasetOptions& options);

// The columns that link a dataset's rows to their parents, checked before anything is
// read: for each parent kind judged on the date whose set reads a list its members' file
// feeds, the members' file must have the parent's link column (`family_id` in adults.csv)
// and the parent's file an `id` column. Without one, every member would be left out of its
// parent (a household judged without adults) and the rates would move with no row to
// blame: throws E008 naming each missing column, with the nearest header name.
void check_links(const fs::path& dir, const std::string& place, const Registry& registry, const DatasetOptions& options);

// One CSV row as a record, typed by the set's inputs (`prefix` selects a member list's fields).
Record row_record(const internal::CsvTable& t, std::size_t row, const std::vector<InputInfo>& inputs, const std::string& prefix);

// `base` and the columns a file holds for the set's inputs, typed (`prefix` selects a
// member list's fields; without it, the top-level inputs).
std::vector<std::pair<std::string, CsvKind>> columns_for(const std::vector<InputInfo>& inputs, const std::string& prefix,
                                                         std::vector<std::pair<std::string, CsvKind>> base);

// The inputs a dataset's context may give, name → kind: those of every set of the
// registry, not member lists' fields (one context serves every title of the folder). A
// name the sets give different kinds is read as text (category where one reads it so).
std::map<std::string, std::string> context_inputs(const Registry& registry);
// Why `key` is not one of `inputs`, as an `unknown_context` warning: its texts
// (dataset.context_key) list the inputs sharing the key's first word (else all) and
// suggest the nearest name, which is also its `suggestion`.
InputWarning unknown_context_key(const std::string& key, const std::map<std::string, std::string>& inputs);

// The context of a dataset.yaml already checked (read_dataset_yaml): the throws are a
// second guard, in the reader's language. A value is read as its input's kind asks
// (`kinds`, context_inputs): a text or category input's value is its text as written
// (`00123`, `true`), any other's a number, true or false, or a date where it is one.
Record read_context(const yaml::Node* n, const std::map<std::string, std::string>& kinds, const std::string& file, Lang lang);

// dataset.yaml, read as strictly as a criteria file: the yaml reader's checks (duplicate
// keys, UTF-8, size), then known keys, types, a known place and known context inputs.
// Throws with every problem as diagnostics, in `lang`.
Record read_dataset_yaml(const fs::path& meta, const Registry& registry, DatasetResults& out, Lang lang);

}  // namespace hoctap::internal::folder
