#include "lang.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hoctap::cli {
namespace {

hoctap::Lang g_lang = hoctap::Lang::en;

bool locale_is_vi() {
  // The first of these that is set decides, as for gettext.
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') return std::string(v).rfind("vi", 0) == 0;
  }
  return false;
}

std::string without_spaces(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') out += c;
  return out;
}

// True when the file declares `languages: [vi]` (or the same as a block list) at its top level.
// Only a regular file is looked into: opening a FIFO would block before the loader could
// refuse it.
bool declares_vi_only(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string line;
  bool in_list = false;
  std::string items;
  for (int n = 0; n < 400 && std::getline(in, line); ++n) {
    if (in_list) {
      const std::string t = without_spaces(line);
      if (t.rfind("-", 0) == 0) { items += (items.empty() ? "" : ",") + t.substr(1); continue; }
      return items == "vi";
    }
    if (line.rfind("languages:", 0) != 0) continue;
    std::string rest = without_spaces(line.substr(10));
    if (const auto hash = rest.find('#'); hash != std::string::npos) rest.erase(hash);
    if (!rest.empty()) return rest == "[vi]" || rest == "vi";
    in_list = true;
  }
  return in_list && items == "vi";
}

}  // namespace

hoctap::Lang choose_message_lang(bool lang_given, const std::string& lang, const std::vector<std::string>& paths) {
  if (lang_given) return lang == "en" ? hoctap::Lang::en : hoctap::Lang::vi;
  if (locale_is_vi()) return hoctap::Lang::vi;
  for (const std::string& p : paths)
    if (!p.empty() && declares_vi_only(p)) return hoctap::Lang::vi;
  return hoctap::Lang::en;
}

hoctap::Lang message_lang() { return g_lang; }
void set_message_lang(hoctap::Lang lang) { g_lang = lang; }

std::string error_text(const std::exception& e) {
  if (const auto* h = dynamic_cast<const hoctap::Error*>(&e)) return h->message(g_lang);
  return e.what();
}

}  // namespace hoctap::cli
