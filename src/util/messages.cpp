#include "util/messages.hpp"

#include <algorithm>
#include <string_view>

#include "util/message_catalog.hpp"

namespace hoctap::internal {
namespace {

// `pattern` with {0} to {9} replaced by the arguments' words in one language.
std::string fill(std::string_view pattern, const Arg* args, std::size_t n, bool vi) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' && pattern[i + 2] == '}') {
      const std::size_t k = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (k < n) {
        const Arg& a = args[k];
        out += vi ? a.vi : a.en;
        i += 2;
        continue;
      }
    }
    out += c;
  }
  return out;
}

// By id, sorted once: every diagnostic looks its message up, and a file with many problems
// makes thousands of them.
const MessageRow* find(std::string_view id) {
  static const std::vector<const MessageRow*> by_id = [] {
    std::vector<const MessageRow*> v;
    for (const MessageRow& e : message_rows()) v.push_back(&e);
    std::stable_sort(v.begin(), v.end(), [](const MessageRow* a, const MessageRow* b) { return a->id < b->id; });
    return v;
  }();
  auto it = std::lower_bound(by_id.begin(), by_id.end(), id, [](const MessageRow* e, std::string_view k) { return e->id < k; });
  return it != by_id.end() && (*it)->id == id ? *it : nullptr;
}

// Row `id` as the catalog holds it, for a row without arguments: static text, which
// hoctap::words hands to hosts as a view. A missing id renders as itself, as in tr.
std::string_view row_text(std::string_view id, Lang lang) {
  const MessageRow* e = find(id);
  if (e == nullptr) return id;
  return lang == Lang::vi ? e->vi : e->en;
}

}  // namespace

std::string_view words_of_id(std::string_view id, Lang lang) {
  for (const Decision d : {Decision::recognized, Decision::not_recognized, Decision::not_assessable})
    if (to_string(d) == id) return words(d, lang);
  for (const Status s : {Status::met, Status::not_met, Status::not_applicable, Status::not_assessable})
    if (to_string(s) == id) return words(s, lang);
  return {};
}

Text tr(std::string_view id, std::initializer_list<Arg> args) {
  const MessageRow* e = find(id);
  if (e == nullptr) return {std::string(id), std::string(id)};
  return {fill(e->en, args.begin(), args.size(), false), fill(e->vi, args.begin(), args.size(), true)};
}

Text system_reason(const std::error_code& ec) {
  if (ec == std::errc::no_such_file_or_directory) return tr("os.not_found");
  if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted) return tr("os.denied");
  if (ec == std::errc::not_a_directory) return tr("os.not_folder");
  return tr("os.other", {ec.message()});
}

Text tr_list(std::string_view id, const std::vector<std::string>& args) {
  const MessageRow* e = find(id);
  if (e == nullptr) return {std::string(id), std::string(id)};
  const std::vector<Arg> a(args.begin(), args.end());
  return {fill(e->en, a.data(), a.size(), false), fill(e->vi, a.data(), a.size(), true)};
}

bool has_message(std::string_view id) { return find(id) != nullptr; }

std::vector<std::string_view> message_ids() {
  std::vector<std::string_view> ids;
  for (const MessageRow& e : message_rows()) ids.push_back(e.id);
  return ids;
}

Text with_suggestion(Text text, const std::string& near) {
  if (near.empty()) return text;
  return tr("suggest", {std::move(text), near});
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0], best = row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min(std::min(row[j], row[j - 1]) + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1));
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

std::string nearest_name(std::string_view name, const std::vector<std::string>& names) {
  std::string near;
  std::size_t best = std::max<std::size_t>(2, name.size() / 4) + 1;
  for (const std::string& d : names) {
    if (d == name) continue;
    const std::size_t k = edit_distance(name, d, best - 1);
    // Half the letters changed is another word, not a slip (`m` is not a slip of `n`).
    if (k < best && 2 * k < std::max(name.size(), d.size())) {
      best = k;
      near = d;
    }
  }
  return near;
}

}  // namespace hoctap::internal

// The public outcome words (hoctap/result.hpp), beside the rows they read.
HOCTAP_NAMESPACE_BEGIN

std::string_view words(Decision decision, Lang lang) {
  switch (decision) {
    case Decision::recognized: return internal::row_text("decision.recognized", lang);
    case Decision::not_recognized: return internal::row_text("decision.not_recognized", lang);
    case Decision::not_assessable: break;
  }
  return internal::row_text("decision.not_assessable", lang);
}

std::string_view words(Status status, Lang lang) {
  switch (status) {
    case Status::met: return internal::row_text("status.met", lang);
    case Status::not_met: return internal::row_text("status.not_met", lang);
    case Status::not_applicable: return internal::row_text("status.not_applicable", lang);
    case Status::not_assessable: break;
  }
  return internal::row_text("status.not_assessable", lang);
}

HOCTAP_NAMESPACE_END
