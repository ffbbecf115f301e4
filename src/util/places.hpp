// Place ids as criteria sets, targets and datasets write them: a province id
// (`quang_ninh`) or `province/district` (`quang_nam/tam_ky`).
#pragma once

#include <string>
#include <string_view>

#include "hoctap/version.hpp"
#include "util/messages.hpp"

namespace hoctap::internal {

enum class PlaceCheck { ok, unknown_province, bad_district };
// Whether `place` is a known province, optionally followed by `/district` (lower-case
// ASCII letters, digits and `_`).
PlaceCheck check_place(std::string_view place);
// The known province ids, comma-separated, for messages.
std::string known_provinces();

// Empty when `place` is a known province, optionally followed by `/district` (lower-case
// ASCII letters, digits and `_`); otherwise the text of an H103 diagnostic or an E004
// error, in both languages (`place.unknown`, listing the known provinces, or
// `place.bad_district`).
Text place_problem_text(std::string_view place);

// The province part of a place (`quang_nam/tam_ky` → `quang_nam`).
std::string_view province_of(std::string_view place);

}  // namespace hoctap::internal
