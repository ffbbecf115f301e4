// What the C API's sources share: the handles' definitions and the guard that turns every
// C++ exception into a status and an error object.
#pragma once

#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hoctap/criteria.hpp"
#include "hoctap/hoctap.h"
#include "hoctap/registry.hpp"
#include "util/messages.hpp"

struct hoctap_set {
  hoctap::CriteriaSet set;
};

struct hoctap_registry {
  hoctap::Registry registry;
  std::vector<std::string> titles;  // sorted, kept so hoctap_registry_title can hand out pointers
};

namespace hoctap::capi {

// A failure with the status the caller sees, its message in English (what()) and in
// Vietnamese.
struct Failure : std::runtime_error {
  Failure(hoctap_status status, internal::Text message) : std::runtime_error(message.en), code(status), vi(std::move(message.vi)) {}
  hoctap_status code;
  std::string vi;
};

// Stores an error for the caller (when `error` is not NULL) and returns `code`.
// `message_vi` NULL: the English text serves for both.
hoctap_status fail_into(hoctap_error** error, hoctap_status code, const char* message, const char* message_vi = nullptr) noexcept;

// Runs `body` (which returns a status), turning any exception into a status and an error.
template <class Body>
hoctap_status guarded(hoctap_error** error, Body&& body) noexcept {
  try {
    return body();
  } catch (const Failure& e) {
    return fail_into(error, e.code, e.what(), e.vi.c_str());
  } catch (const std::bad_alloc&) {
    // Literal texts, not the catalog's: nothing may allocate here.
    return fail_into(error, HOCTAP_ERROR_OUT_OF_MEMORY, "out of memory", "hết bộ nhớ");
  } catch (const std::exception& e) {
    const auto* h = dynamic_cast<const Error*>(&e);
    return fail_into(error, HOCTAP_ERROR_INTERNAL, e.what(), h ? h->message(Lang::vi).c_str() : nullptr);
  } catch (...) {
    return fail_into(error, HOCTAP_ERROR_INTERNAL, "unknown failure", "lỗi không xác định");
  }
}

// A malloc'ed copy, for hoctap_string_free.
char* copy_string(const std::string& text);
// NULL is today (empty); anything but a real YYYY-MM-DD day is HOCTAP_ERROR_INVALID_ARGUMENT.
std::optional<Date> parse_date(const char* date);
// The assessment day `date` names: NULL is today (UTC), as the header promises.
Date day_of(const char* date);
// The language the flags select; unknown bits are HOCTAP_ERROR_INVALID_ARGUMENT.
Lang parse_flags(unsigned flags);
// HOCTAP_ERROR_INVALID_ARGUMENT naming `what` when `pointer` is NULL.
void require(const void* pointer, const internal::Arg& what);
// The version of `title` in force on `date` (today when empty), or HOCTAP_ERROR_NOT_FOUND.
CriteriaSet in_force(const hoctap_registry& registry, const char* title, std::optional<Date> date);
// HOCTAP_ERROR_NOT_FOUND when `set` is not in force on `day`: the C API judges a set only
// within its validity (the C++ options' outside_validity has no C counterpart).
void require_in_force(const CriteriaSet& set, Date day);

}  // namespace hoctap::capi
