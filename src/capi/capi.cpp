// The C API (include/hoctap/hoctap.h) over the C++ API: handles, diagnostics as data,
// errors as codes. Every entry point is noexcept and catches everything: no exception
// crosses into C.
#include "hoctap/hoctap.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "capi/capi_internal.hpp"
#include "hoctap/hoctap.hpp"

struct hoctap_error {
  hoctap_status code;
  std::string message;
  std::string message_vi;
};

struct hoctap_diagnostics {
  std::vector<hoctap::Diagnostic> items;
  std::vector<hoctap_diagnostic> views;  // point into `items`
  std::string text;
};

namespace hoctap::capi {

hoctap_status fail_into(hoctap_error** error, hoctap_status code, const char* message, const char* message_vi) noexcept {
  if (error == nullptr) return code;
  try {
    *error = new hoctap_error{code, message, message_vi != nullptr ? message_vi : message};
  } catch (...) {
    *error = nullptr;  // no memory even for the message: the code alone says it
  }
  return code;
}

char* copy_string(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, text.data(), text.size() + 1);
  return out;
}

std::optional<Date> parse_date(const char* date) {
  if (date == nullptr) return std::nullopt;
  std::optional<Date> d = Date::parse(date);
  if (!d) throw Failure(HOCTAP_ERROR_INVALID_ARGUMENT, internal::tr("capi.date", {std::string(date)}));
  return d;
}

Date day_of(const char* date) {
  std::optional<Date> d = parse_date(date);
  return d ? *d : Date::today();
}

void require_in_force(const CriteriaSet& set, Date day) {
  const std::optional<Date> to = set.valid_to();
  if (day < set.valid_from() || (to && *to < day))
    throw Failure(HOCTAP_ERROR_NOT_FOUND, internal::tr("capi.outside_validity", {set.id(), day.to_string(), set.valid_from().to_string(),
                                                                                   to ? to->to_string() : std::string()}));
}

Lang parse_flags(unsigned flags) {
  constexpr unsigned known = HOCTAP_EXPLAIN | HOCTAP_LANG_EN | HOCTAP_EACH_PROBLEM;
  if ((flags & ~known) != 0) throw Failure(HOCTAP_ERROR_INVALID_ARGUMENT, internal::tr("capi.flags", {std::to_string(flags & ~known)}));
  return (flags & HOCTAP_LANG_EN) != 0 ? Lang::en : Lang::vi;
}

void require(const void* pointer, const internal::Arg& what) {
  if (pointer == nullptr) throw Failure(HOCTAP_ERROR_INVALID_ARGUMENT, internal::tr("capi.null", {what}));
}

}  // namespace hoctap::capi

using hoctap::capi::Failure;
using hoctap::capi::guarded;
using hoctap::capi::require;

namespace {

// Hands the diagnostics to the caller when asked for, whatever the outcome.
void emit(hoctap_diagnostics** out, std::vector<hoctap::Diagnostic> items) {
  if (out == nullptr) return;
  auto d = std::make_unique<hoctap_diagnostics>();
  d->items = std::move(items);
  d->views.reserve(d->items.size());
  for (const hoctap::Diagnostic& x : d->items) {
    d->views.push_back({x.severity == hoctap::Severity::error ? HOCTAP_SEVERITY_ERROR : HOCTAP_SEVERITY_WARNING,
                        x.code.c_str(), x.message.c_str(), x.file.c_str(), x.line, x.column, x.yaml_path.c_str()});
  }
  d->text = hoctap::format(d->items);
  *out = d.release();
}

// "`what` has N errors", in both languages.
hoctap::internal::Text count_errors(const hoctap::internal::Arg& what, const std::vector<hoctap::Diagnostic>& items) {
  std::size_t n = 0;
  for (const hoctap::Diagnostic& d : items) n += d.severity == hoctap::Severity::error ? 1 : 0;
  return hoctap::internal::tr(n == 1 ? "capi.criteria_one" : "capi.criteria_many", {what, std::to_string(n)});
}

hoctap_status take_set(hoctap::LoadResult loaded, const hoctap::internal::Arg& what, hoctap_set** out, hoctap_diagnostics** diagnostics) {
  if (!loaded.ok()) {
    hoctap::internal::Text message = count_errors(what, loaded.diagnostics);
    emit(diagnostics, std::move(loaded.diagnostics));
    throw Failure(HOCTAP_ERROR_CRITERIA, message);
  }
  auto set = std::make_unique<hoctap_set>(hoctap_set{std::move(*loaded.set)});
  emit(diagnostics, std::move(loaded.diagnostics));
  *out = set.release();
  return HOCTAP_OK;
}

// `folder`: where the sets were looked for. A folder without one is an error: every
// lookup in an empty registry would fail, far from the cause.
hoctap_status take_registry(hoctap::RegistryLoadResult loaded, const hoctap::internal::Arg& what, const std::string& folder,
                            hoctap_registry** out, hoctap_diagnostics** diagnostics) {
  if (loaded.ok() && loaded.registry->sets().empty()) {
    hoctap::internal::Text none = hoctap::internal::tr("capi.no_sets", {folder});
    hoctap::Diagnostic d;
    d.code = "H001";
    d.message = none.en;
    d.message_vi = none.vi;
    d.file = folder;
    loaded.diagnostics.push_back(std::move(d));
    loaded.registry.reset();
  }
  if (!loaded.ok()) {
    hoctap::internal::Text message = count_errors(what, loaded.diagnostics);
    emit(diagnostics, std::move(loaded.diagnostics));
    throw Failure(HOCTAP_ERROR_CRITERIA, message);
  }
  auto reg = std::make_unique<hoctap_registry>(hoctap_registry{std::move(*loaded.registry), {}});
  reg->titles = reg->registry.titles();
  emit(diagnostics, std::move(loaded.diagnostics));
  *out = reg.release();
  return HOCTAP_OK;
}

}  // namespace

extern "C" {

// ---- status, errors, strings -------------------------------------------------------------

hoctap_status hoctap_error_code(const hoctap_error* error) {
  return error == nullptr ? HOCTAP_OK : error->code;
}

const char* hoctap_error_message(const hoctap_error* error) {
  return error == nullptr ? "" : error->message.c_str();
}

const char* hoctap_error_message_vi(const hoctap_error* error) {
  return error == nullptr ? "" : error->message_vi.c_str();
}

void hoctap_error_free(hoctap_error* error) { delete error; }

const char* hoctap_words(const char* id, unsigned flags) {
  if (id == nullptr) return nullptr;
  const std::string_view w = hoctap::internal::words_of_id(id, (flags & HOCTAP_LANG_EN) != 0 ? hoctap::Lang::en : hoctap::Lang::vi);
  return w.empty() ? nullptr : w.data();  // the catalog's literals: NUL-terminated
}

const char* hoctap_status_name(hoctap_status status) {
  // C callers may pass any int (the test passes 99). In C++ a value outside the
  // enumerators' range is not a valid hoctap_status and reading it as one is undefined
  // (clang's UBSan stops there): the code is read from the argument's bytes instead.
  std::underlying_type_t<hoctap_status> code;
  std::memcpy(&code, &status, sizeof code);
  switch (code) {
    case HOCTAP_OK: return "HOCTAP_OK";
    case HOCTAP_ERROR_INVALID_ARGUMENT: return "HOCTAP_ERROR_INVALID_ARGUMENT";
    case HOCTAP_ERROR_CRITERIA: return "HOCTAP_ERROR_CRITERIA";
    case HOCTAP_ERROR_INPUT: return "HOCTAP_ERROR_INPUT";
    case HOCTAP_ERROR_NOT_FOUND: return "HOCTAP_ERROR_NOT_FOUND";
    case HOCTAP_ERROR_BATCH: return "HOCTAP_ERROR_BATCH";
    case HOCTAP_ERROR_OUT_OF_MEMORY: return "HOCTAP_ERROR_OUT_OF_MEMORY";
    case HOCTAP_ERROR_INTERNAL: return "HOCTAP_ERROR_INTERNAL";
  }
  return "HOCTAP_ERROR_UNKNOWN";
}

const char* hoctap_version(void) { return hoctap::engine_version(); }

void hoctap_string_free(char* text) { std::free(text); }

// ---- diagnostics -------------------------------------------------------------------------

size_t hoctap_diagnostics_count(const hoctap_diagnostics* diagnostics) {
  return diagnostics == nullptr ? 0 : diagnostics->views.size();
}

const hoctap_diagnostic* hoctap_diagnostics_at(const hoctap_diagnostics* diagnostics, size_t i) {
  if (diagnostics == nullptr || i >= diagnostics->views.size()) return nullptr;
  return &diagnostics->views[i];
}

const char* hoctap_diagnostics_text(const hoctap_diagnostics* diagnostics) {
  return diagnostics == nullptr ? "" : diagnostics->text.c_str();
}

void hoctap_diagnostics_free(hoctap_diagnostics* diagnostics) { delete diagnostics; }

// ---- sets ----------------------------------------------------------------------------------

hoctap_status hoctap_set_load_file(const char* path, hoctap_set** out, hoctap_diagnostics** diagnostics,
                                   hoctap_error** error) {
  return guarded(error, [&] {
    require(path, "path");
    require(out, "out");
    return take_set(hoctap::load_criteria_file(path), std::string("`") + path + "`", out, diagnostics);
  });
}

hoctap_status hoctap_set_load_string(const char* text, size_t length, const char* name, hoctap_set** out,
                                     hoctap_diagnostics** diagnostics, hoctap_error** error) {
  return guarded(error, [&] {
    if (length > 0) require(text, "text");
    require(name, "name");
    require(out, "out");
    return take_set(hoctap::load_criteria_string(std::string_view(text == nullptr ? "" : text, length), name),
                    std::string("`") + name + "`", out, diagnostics);
  });
}

void hoctap_set_free(hoctap_set* set) { delete set; }

const char* hoctap_set_id(const hoctap_set* set) { return set == nullptr ? "" : set->set.id().c_str(); }
const char* hoctap_set_title(const hoctap_set* set) { return set == nullptr ? "" : set->set.title().c_str(); }
const char* hoctap_set_version(const hoctap_set* set) { return set == nullptr ? "" : set->set.version().c_str(); }
const char* hoctap_set_sha256(const hoctap_set* set) { return set == nullptr ? "" : set->set.sha256().c_str(); }

// ---- registries ----------------------------------------------------------------------------

hoctap_status hoctap_registry_load_directory(const char* directory, hoctap_registry** out,
                                             hoctap_diagnostics** diagnostics, hoctap_error** error) {
  return guarded(error, [&] {
    require(directory, "directory");
    require(out, "out");
    return take_registry(hoctap::Registry::load_directory(directory), std::string("`") + directory + "`", directory, out,
                         diagnostics);
  });
}

hoctap_status hoctap_registry_load_official(hoctap_registry** out, hoctap_diagnostics** diagnostics,
                                            hoctap_error** error) {
  return guarded(error, [&] {
    require(out, "out");
    return take_registry(hoctap::Registry::load_official(), hoctap::internal::tr("capi.official"), hoctap::Registry::official_directory(),
                         out, diagnostics);
  });
}

char* hoctap_official_directory(void) {
  try {
    std::string dir = hoctap::Registry::official_directory();
    return dir.empty() ? nullptr : hoctap::capi::copy_string(dir);
  } catch (...) {
    return nullptr;
  }
}

void hoctap_registry_free(hoctap_registry* registry) { delete registry; }

size_t hoctap_registry_title_count(const hoctap_registry* registry) {
  return registry == nullptr ? 0 : registry->titles.size();
}

const char* hoctap_registry_title(const hoctap_registry* registry, size_t i) {
  if (registry == nullptr || i >= registry->titles.size()) return nullptr;
  return registry->titles[i].c_str();
}

hoctap_status hoctap_registry_find(const hoctap_registry* registry, const char* title, const char* date,
                                   hoctap_set** out, hoctap_error** error) {
  return guarded(error, [&] {
    require(registry, "registry");
    require(title, "title");
    require(out, "out");
    *out = new hoctap_set{hoctap::capi::in_force(*registry, title, hoctap::capi::parse_date(date))};
    return HOCTAP_OK;
  });
}

}  // extern "C"

namespace hoctap::capi {

CriteriaSet in_force(const hoctap_registry& registry, const char* title, std::optional<Date> date) {
  Date day = date ? *date : Date::today();
  std::optional<CriteriaSet> set = registry.registry.find(title, day);
  if (!set) {
    bool known = false;
    for (const std::string& t : registry.titles) known = known || t == title;
    throw Failure(HOCTAP_ERROR_NOT_FOUND, known ? internal::tr("capi.not_in_force", {std::string(title), day.to_string()})
                                                : internal::tr("capi.no_title", {std::string(title)}));
  }
  return *set;
}

}  // namespace hoctap::capi
