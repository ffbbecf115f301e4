// The language the CLI speaks to a criteria author: its diagnostics and its own lines.
#pragma once

#include <exception>
#include <string>
#include <vector>

#include "hoctap/diagnostic.hpp"

namespace hoctap::cli {

// `--lang` when given; else Vietnamese when the locale says so (LC_ALL, LC_MESSAGES or
// LANG starting `vi`), or when a criteria file among `paths` declares Vietnamese labels
// only (`languages: [vi]`); else English.
hoctap::Lang choose_message_lang(bool lang_given, const std::string& lang, const std::vector<std::string>& paths);

// The language chosen for this run (English until set).
hoctap::Lang message_lang();
void set_message_lang(hoctap::Lang lang);

// A caught exception's text in `message_lang()`: a hoctap::Error's message, else what().
std::string error_text(const std::exception& e);

// `en` or `vi` by `message_lang()`.
inline const char* say(const char* en, const char* vi) { return message_lang() == hoctap::Lang::vi ? vi : en; }

}  // namespace hoctap::cli
