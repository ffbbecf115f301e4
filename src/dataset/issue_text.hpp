// The reasons given for a dataset's data problems (the D0xx codes of docs/diagnostics.md),
// in Vietnamese and English: one catalog, so that no reason exists in one language only.
// A reason is a template with numbered holes `{0}`, `{1}`, … filled in order.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "hoctap/result.hpp"

namespace hoctap::internal {

enum class Says {
  quote_not_closed,         // D010: {0} the character where the quote opens
  text_after_quote,         // D011: {0} character
  quote_in_field,           // D012: {0} character
  wrong_field_count,        // D013: {0} fields in the header, {1} found
  carriage_return,          // D014: {0} character
  control_character,        // D014: {0} U+XXXX, {1} character
  not_utf8,                 // D015: {0} \xNN, {1} character
  line_too_long,            // D016: {0} the limit in bytes
  lines_unaccounted,        // D019: {0} lines accounted for, {1} lines of the file
  empty_id,                 // D030
  duplicate_district,       // D031: {0} id, {1} first row
  duplicate_commune,        // D031: {0} id, {1} first row
  duplicate_parent,         // D031: {0} id, {1} first row
  duplicate_entity,         // D031: {0} id, {1} first row (a kind nothing links to: both rows count)
  duplicate_member,         // D031: {0} id, {1} first row (children: members only)
  not_an_id,                // D032: {0} link, {1} file
  near_id,                  // D033: {0} link, {1} file, {2} the id it is near
  no_members,               // D034: {0} member file, {1} id, {2} link column, {3} list
  empty_link_no_parent,     // D035: {0} link column, {1} file
  empty_district,           // D035
  empty_link_no_place,      // D035: {0} link column
  input_not_a_column,       // D036: {0} input, {1} set id, {2} file
  member_field_not_a_column,  // D036: {0} field, {1} list, {2} set id, {3} file
  unknown_column,           // D037: {0} column, {1} file
  unknown_column_near,      // D037: {0} column, {1} file, {2} the nearest known name
  // D038: {0} the members' title, {1} the date, {2} their file, {3} the parent's set id,
  // {4} the result it reads (`nguoi_lon[].result.recognized`), then per template:
  members_not_judged_next,  // {5} the next version's id, {6} the date it applies from
  members_not_judged_last,  // {5} the last version's id, {6} the last date it applied
  // D039: a file the folder lacks that another file needs.
  members_file_absent,      // {0} the parent's set id, {1} the list, {2} the members' file, {3} the parents' file
  link_file_absent,         // {0} link column, {1} the file that has it, {2} the absent file it points into
  member_of,                // D021's tail: {0} the parent's file, {1} its row
  too_many_digits,          // D020: {0} the value
  too_many_decimals,        // D020: {0} the value
  beyond_range,             // D020: {0} the value
  not_a_number,             // D020: {0} the value
  not_a_bool,               // D020: {0} the value
  not_a_date,               // D020: {0} the value
  // Why rows have no place (the report's unplaced row):
  unplaced_unreadable,      // the line could not be read
  unplaced_no_column,       // {0} link column
  unplaced_empty_link,      // {0} link column
  unplaced_link_not_in,     // {0} link column, {1} the file it points into
  unplaced_parent_no_commune,  // {0} the parent's file, {1} the parent kind in English (`village`)
  unplaced_no_district,     // the row's commune has no district
  placed_by_district_only,  // no commune column: the district only (the last key)
};

// The reason in `lang`, its holes filled with `args`.
std::string says(Says what, Lang lang, std::initializer_list<std::string_view> args = {});

}  // namespace hoctap::internal
