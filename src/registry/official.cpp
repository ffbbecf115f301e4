// The installed official criteria: found from the shared library's own file, so an
// installed tree (a prefix, an unpacked .deb) works wherever it lies.
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "hoctap/registry.hpp"
#include "util/messages.hpp"

#ifndef HOCTAP_LIB_TO_CRITERIA
#  define HOCTAP_LIB_TO_CRITERIA "../share/hoctap/criteria"
#endif

namespace hoctap {
inline namespace v0 {

namespace {

// A function of this library whose address dladdr maps back to the library's file.
void anchor() {}

// The installed folder as seen from the library's file, whether or not it exists.
std::filesystem::path installed_directory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&anchor), &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code ec;
  std::filesystem::path lib = std::filesystem::canonical(info.dli_fname, ec);
  if (ec) return {};
  return (lib.parent_path() / HOCTAP_LIB_TO_CRITERIA).lexically_normal();
}

}  // namespace

std::string Registry::official_directory() {
  if (const char* env = std::getenv("HOCTAP_CRITERIA_DIR"); env != nullptr && *env != '\0') return env;
  std::filesystem::path dir = installed_directory();
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return {};
  return dir.string();
}

RegistryLoadResult Registry::load_official(const LoadOptions& options) {
  std::string dir = official_directory();
  if (!dir.empty()) {
    LoadOptions bundled = options;
    bundled.require_english = true;
    return load_directory(dir, bundled);
  }
  RegistryLoadResult out;
  Diagnostic d;
  d.code = "H001";
  std::filesystem::path looked = installed_directory();
  d.file = looked.empty() ? std::string(HOCTAP_LIB_TO_CRITERIA) : looked.string();
  internal::Text message = internal::tr("registry.no_official", {d.file});
  d.message = std::move(message.en);
  d.message_vi = std::move(message.vi);
  out.diagnostics.push_back(std::move(d));
  return out;
}

}  // namespace v0
}  // namespace hoctap
