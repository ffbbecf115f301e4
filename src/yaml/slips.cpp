#include "yaml/slips.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace hoctap::internal::yaml {

std::size_t quote_end(std::string_view s, std::size_t from) {
  const char q = s[from];
  for (std::size_t k = from + 1; k < s.size(); ++k) {
    if (q == '"' && s[k] == '\\') { ++k; continue; }
    if (s[k] != q) continue;
    if (q == '\'' && k + 1 < s.size() && s[k + 1] == '\'') { ++k; continue; }
    return k + 1;
  }
  return std::string_view::npos;
}

namespace {

bool key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool key_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// Where a comment starts in `s` (a `#` at the start or after a space), outside quotes; or npos.
std::size_t comment_at(std::string_view s) {
  for (std::size_t k = 0; k < s.size(); ++k) {
    if ((s[k] == '"' || s[k] == '\'') && (k == 0 || s[k - 1] == ' ' || s[k - 1] == '[' || s[k - 1] == '{' || s[k - 1] == ',')) {
      std::size_t e = quote_end(s, k);
      if (e == std::string_view::npos) return std::string_view::npos;
      k = e - 1;
      continue;
    }
    if (s[k] == '#' && (k == 0 || s[k - 1] == ' ' || s[k - 1] == '\t')) return k;
  }
  return std::string_view::npos;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char closer(char open) { return open == '[' ? ']' : '}'; }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    for (std::size_t at = 0; at <= text.size();) {
      std::size_t nl = text.find('\n', at);
      std::size_t end = nl == std::string_view::npos ? text.size() : nl;
      std::size_t content_end = end > at && text[end - 1] == '\r' ? end - 1 : end;
      starts_.push_back(at);
      lines_.emplace_back(text.substr(at, content_end - at));
      eols_.emplace_back(text.substr(content_end, (nl == std::string_view::npos ? end : nl + 1) - content_end));
      if (nl == std::string_view::npos) break;
      at = nl + 1;
    }
    mended_ = lines_;
  }

  SlipScan run() {
    for (std::size_t k = 0; k < lines_.size(); ++k) line(k);
    if (!flow_.empty()) close_flow();
    SlipScan out;
    std::stable_sort(slips_.begin(), slips_.end(), [](const Slip& a, const Slip& b) { return a.offset < b.offset; });
    out.slips = std::move(slips_);
    for (std::size_t k = 0; k < mended_.size(); ++k) out.mended += mended_[k] + eols_[k];
    return out;
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
  std::vector<std::string> lines_, mended_, eols_;
  std::vector<Slip> slips_;

  struct Level {
    int indent;
    std::size_t first;  // the line that opened the block
    int lines;          // lines seen at this indentation
    int ws;             // the first line's leading bytes as written
    bool item;          // the map of a `- key: …` item, lined up after its `- `
  };
  std::vector<Level> levels_;     // each open block, outermost first
  bool expect_deeper_ = false;    // the line above opens a block (`key:` or `-`)
  bool continuation_ok_ = false;  // the line above ends in a plain value a deeper line may continue
  std::string above_;             // the key (or text) of the line above, for messages
  int block_scalar_ = -1;         // indentation of the key of an open `|` / `>` text, or -1
  std::string flow_;              // brackets open across lines
  std::size_t flow_offset_ = 0;   // where the outermost of them opened
  int flow_indent_ = 0;
  std::size_t flow_last_ = 0;     // the last line inside the brackets

  void report(std::size_t offset, Text message) { slips_.push_back({offset, std::move(message)}); }

  // A repair of one line: `length` bytes at `at` replaced by `text`.
  struct Edit {
    std::size_t at, length;
    std::string text;
  };

  void close_flow() {
    report(flow_offset_, tr("slip.bracket", {std::string(1, flow_.front()), std::string(1, closer(flow_.front()))}));
    std::string closing;
    for (auto it = flow_.rbegin(); it != flow_.rend(); ++it) closing += closer(*it);
    std::string& last = mended_[flow_last_];
    std::size_t c = comment_at(last);
    if (c == std::string::npos) last = std::string(trim_right(last)) + closing;
    else last = std::string(trim_right(std::string_view(last).substr(0, c))) + closing + " " + last.substr(c);
    flow_.clear();
  }

  // Follows brackets in `s` (line `k` from its column `at`, from `from` on); quoted texts
  // are skipped.
  void follow_brackets(std::size_t k, std::size_t at, std::string_view s, std::size_t from) {
    for (std::size_t p = from; p < s.size(); ++p) {
      const char c = s[p];
      if (c == '"' || c == '\'') {
        std::size_t e = quote_end(s, p);
        if (e == std::string_view::npos) break;
        p = e - 1;
      } else if (c == '#' && p > 0 && s[p - 1] == ' ') {
        break;
      } else if (c == '[' || c == '{') {
        if (flow_.empty()) flow_offset_ = starts_[k] + at + p;
        flow_ += c;
      } else if ((c == ']' || c == '}') && !flow_.empty()) {
        flow_.pop_back();
      }
    }
    flow_last_ = k;
  }

  void line(std::size_t k) {
    const std::string& raw = lines_[k];
    std::size_t ws = 0;
    while (ws < raw.size() && (raw[ws] == ' ' || raw[ws] == '\t')) ++ws;
    std::string_view content = std::string_view(raw).substr(ws);
    if (content.empty() || content[0] == '#') return;
    if (ws == 0 && (content.rfind("---", 0) == 0 || content.rfind("...", 0) == 0 || content[0] == '%')) return;
    int indent = 0;
    std::size_t tab = std::string::npos;
    for (std::size_t p = 0; p < ws; ++p) {
      if (raw[p] == '\t' && tab == std::string::npos) tab = p;
      indent += raw[p] == '\t' ? 2 : 1;
    }
    if (block_scalar_ >= 0) {
      if (indent > block_scalar_) return;  // a line of the text
      block_scalar_ = -1;
    }
    if (!flow_.empty()) {
      if (indent > flow_indent_ || content[0] == ']' || content[0] == '}') {
        follow_brackets(k, ws, content, 0);
        return;
      }
      close_flow();
    }
    if (tab != std::string::npos) report(starts_[k] + tab, tr("slip.tab"));
    const bool quiet = tab != std::string::npos;  // the tab explains this line's indentation

    // The item marks `- ` and the key, if any.
    std::size_t p = 0;
    bool item = false;
    while (p < content.size() && content[p] == '-' && (p + 1 == content.size() || content[p + 1] == ' ')) {
      item = true;
      p += 1;
      while (p < content.size() && content[p] == ' ') ++p;
    }
    // Repairs to this line, by position in `content`, made once it is read.
    std::vector<Edit> edits;
    // `-id: tc2`: a `-` glued to the key after it reads as the key `-id`, not as an item
    // (unless the line may continue a plain value above).
    int shift = 0;  // columns the repair adds before the key
    const bool may_continue = continuation_ok_ && !levels_.empty() && indent > levels_.back().indent;
    if (!may_continue && p + 1 < content.size() && content[p] == '-' && key_start(content[p + 1])) {
      std::size_t e = p + 1;
      while (e < content.size() && key_char(content[e])) ++e;
      if (e < content.size() && content[e] == ':') {
        const std::string key(content.substr(p, e + 1 - p));
        report(starts_[k] + ws + p, tr("slip.dash_space", {key, "- " + key.substr(1)}));
        item = true;
        p += 1;
        edits.push_back({p, 0, " "});
        shift = 1;
      }
    }
    std::size_t key_end = p;
    if (key_end < content.size() && key_start(content[key_end]))
      while (key_end < content.size() && key_char(content[key_end])) ++key_end;
    const bool keyed = key_end > p && key_end < content.size() && content[key_end] == ':';

    // Indentation against the open blocks. A tab's width is unknown: such a line is taken
    // to belong where the line above leads (its block, or the block it opens).
    const int written = indent;
    auto open = [&](int at, bool of_item = false) { levels_.push_back({at, k, 1, static_cast<int>(ws), of_item}); };
    if (tab != std::string::npos && !levels_.empty()) {
      indent = expect_deeper_ ? levels_.back().indent + 2 : levels_.back().indent;
      if (expect_deeper_) open(indent); else ++levels_.back().lines;
    } else if (levels_.empty()) {
      open(indent);
    } else if (indent > levels_.back().indent) {
      if (expect_deeper_) {
        open(indent);
      } else if (continuation_ok_ && !keyed && !item) {
        return;  // a plain value continued on a deeper line
      } else {
        if (!quiet) report(starts_[k] + ws, tr("slip.indent_deeper", {above_}));
        indent = levels_.back().indent;
      }
    } else if (indent < levels_.back().indent) {
      Level popped = levels_.back();
      while (!levels_.empty() && levels_.back().indent > indent) {
        popped = levels_.back();
        levels_.pop_back();
      }
      if (levels_.empty() || levels_.back().indent != indent) {
        const int lower = levels_.empty() ? -1 : levels_.back().indent;
        if (popped.lines == 1 && !popped.item && indent > lower) {
          // The block's only line so far stands out, not this one: it was indented too far.
          report(starts_[popped.first] + static_cast<std::size_t>(popped.ws),
                 tr("slip.indent_first", {std::to_string(popped.indent), std::to_string(written)}));
          mended_[popped.first] = std::string(static_cast<std::size_t>(indent), ' ') + mended_[popped.first].substr(static_cast<std::size_t>(popped.indent));
          levels_.push_back({indent, popped.first, 2, popped.ws, false});
        } else {
          if (!quiet) {
            Text between = lower < 0 ? Text{std::to_string(popped.indent), std::to_string(popped.indent)}
                                     : tr("slip.either", {std::to_string(lower), std::to_string(popped.indent)});
            report(starts_[k] + ws, tr("slip.indent_between", {std::to_string(indent), between}));
          }
          indent = lower >= 0 && indent - lower < popped.indent - indent ? lower : popped.indent;
          if (indent == popped.indent) levels_.push_back(popped);
          ++levels_.back().lines;
        }
      } else {
        ++levels_.back().lines;
      }
    } else {
      ++levels_.back().lines;
    }
    // A key's value.
    expect_deeper_ = false;
    continuation_ok_ = false;
    if (item && p == content.size()) {
      expect_deeper_ = true;
    } else if (item) {
      open(indent + static_cast<int>(p) + shift, true);  // the item's own map lines up here
    }
    std::size_t value = p;
    if (keyed) {
      above_ = std::string(content.substr(p, key_end - p));
      value = key_end + 1;
      if (value < content.size() && content[value] != ' ' && content[value] != '\t' && content[value] != ':' &&
          content[value] != '/') {
        std::size_t word_end = content.find_first_of(" \t", value);
        if (word_end == std::string_view::npos) word_end = content.size();
        std::string word(content.substr(p, word_end - p));
        std::string fixed = word.substr(0, key_end - p + 1) + " " + word.substr(key_end - p + 1);
        report(starts_[k] + ws + key_end, tr("slip.colon_space", {word, fixed}));
        edits.push_back({key_end + 1, 0, " "});
      }
      while (value < content.size() && (content[value] == ' ' || content[value] == '\t')) ++value;
    } else {
      above_ = std::string(trim_right(content.substr(p, 40)));
    }
    if (value >= content.size() || content[value] == '#') {
      if (keyed) expect_deeper_ = true;
    } else if (content[value] == '|' || content[value] == '>') {
      block_scalar_ = keyed ? indent + static_cast<int>(p) + shift : indent;
    } else if (content[value] == '"' || content[value] == '\'') {
      if (quote_end(content, value) == std::string_view::npos) {
        const std::string q = content[value] == '"' ? "`\"`" : "`'`";
        report(starts_[k] + ws + value, tr("slip.quote", {q}));
        const std::size_t end = trim_right(content).size();
        edits.push_back({end, content.size() - end, std::string(1, content[value])});
      }
    } else if (content[value] == '[' || content[value] == '{') {
      follow_brackets(k, ws, content, value);
      if (!flow_.empty()) flow_indent_ = indent;
    } else {
      continuation_ok_ = content[value] != '&' && content[value] != '*' && content[value] != '!';
      if (keyed && continuation_ok_) quote_value_with_colon(k, ws, content.substr(p, key_end - p), content, value, edits);
    }
    std::string mended_content(content);
    // Right to left, so that each repair's position still holds; at one position the
    // replacement goes before the insertion.
    std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.at != b.at ? a.at > b.at : a.length > b.length; });
    for (const Edit& e : edits) mended_content.replace(e.at, e.length, e.text);
    mended_[k] = std::string(static_cast<std::size_t>(indent), ' ') + mended_content;
  }

  // `article: Điều 3: khung tiêu chí`: a `: ` (or a `:` ending the value) in a plain value
  // starts another key to YAML, the slip Vietnamese text makes most (`Điều 3: …`). The
  // value is to be quoted; the repair quotes it.
  void quote_value_with_colon(std::size_t k, std::size_t ws, std::string_view key, std::string_view content, std::size_t value,
                              std::vector<Edit>& edits) {
    std::string_view text = content.substr(value);
    if (std::size_t c = comment_at(text); c != std::string_view::npos) text = text.substr(0, c);
    text = trim_right(text);
    std::size_t colon = std::string_view::npos;
    for (std::size_t q = 0; q < text.size() && colon == std::string_view::npos; ++q)
      if (text[q] == ':' && (q + 1 == text.size() || text[q + 1] == ' ' || text[q + 1] == '\t')) colon = q;
    if (colon == std::string_view::npos) return;
    // Double quotes read as written unless the text holds `"` or `\`; else single quotes,
    // which double a `'` inside.
    std::string quoted;
    if (text.find_first_of("\"\\") == std::string_view::npos) {
      quoted = "\"" + std::string(text) + "\"";
    } else {
      quoted = "'";
      for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      quoted += "'";
    }
    report(starts_[k] + ws + value + colon, tr("slip.value_colon", {std::string(key), std::string(key) + ": " + quoted}));
    edits.push_back({value, text.size(), quoted});
  }
};

}  // namespace

SlipScan scan_slips(std::string_view text) { return Scanner(text).run(); }

namespace {

// The character at `at` of `text` when it is invisible (util/text.hpp): its length in bytes,
// else 0.
std::size_t invisible_at(std::string_view text, std::size_t at) {
  if (at >= text.size() || static_cast<unsigned char>(text[at]) < 0x80) return 0;
  std::size_t len = 1;
  while (len < 4 && at + len < text.size() && (static_cast<unsigned char>(text[at + len]) & 0xC0) == 0x80) ++len;
  const std::string one(text.substr(at, len));
  return name_invisible(one) != one ? len : 0;
}

}  // namespace

SlipScan scan_invisible_separators(std::string_view text) {
  SlipScan out;
  std::vector<std::pair<std::size_t, std::size_t>> found;  // offset, length in bytes
  int block = -1;  // the indentation of the key of an open `|` / `>` text, or -1
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    const std::size_t start = at;
    at = end + 1;
    std::size_t ws = 0;
    while (ws < line.size() && line[ws] == ' ') ++ws;
    const std::string_view content = trim_right(line.substr(ws));
    if (block >= 0 && (content.empty() || static_cast<int>(ws) > block)) continue;  // a line of the text
    block = -1;
    if (content.empty() || content[0] == '#') continue;
    const std::size_t stop = std::min(content.size(), comment_at(content));
    std::size_t p = 0;
    while (p + 1 < content.size() && content[p] == '-' && content[p + 1] == ' ') p += 2;
    if (p < content.size() && content[p] == '-')
      if (std::size_t n = invisible_at(content, p + 1)) found.emplace_back(start + ws + p + 1, n);
    // Each key: a name starting the line's content or following `{`, `[` or `,`.
    bool key_here = true;
    for (std::size_t q = p; q < stop; ++q) {
      const char c = content[q];
      if (c == '"' || c == '\'') {
        const std::size_t e = quote_end(content, q);
        if (e == std::string_view::npos) break;
        q = e - 1;
        key_here = false;
        continue;
      }
      if (c == '{' || c == '[' || c == ',') { key_here = true; continue; }
      if (c == ' ' || !key_here) continue;
      std::size_t e = q;
      while (e < stop && key_char(content[e])) ++e;
      key_here = false;
      if (e == q || e >= stop || content[e] != ':') { q = e; continue; }
      if (std::size_t n = invisible_at(content, e + 1)) found.emplace_back(start + ws + e + 1, n);
      std::size_t v = e + 1;
      while (v < stop && (content[v] == ' ' || invisible_at(content, v))) v += content[v] == ' ' ? 1 : invisible_at(content, v);
      if (v < stop && (content[v] == '|' || content[v] == '>')) block = static_cast<int>(ws + p);
      q = e;
    }
  }
  if (found.empty()) return out;
  out.mended.reserve(text.size());
  std::size_t from = 0;
  for (const auto& [offset, length] : found) {
    const std::string_view ch = text.substr(offset, length);
    const std::size_t line_start = text.rfind('\n', offset) == std::string_view::npos ? 0 : text.rfind('\n', offset) + 1;
    if (offset > line_start && text[offset - 1] == '-') {
      out.slips.push_back({offset, tr("slip.invisible_after_dash", {std::string(ch)})});
    } else {
      std::size_t key = offset - 1;
      while (key > line_start && key_char(text[key - 1])) --key;
      out.slips.push_back({offset, tr("slip.invisible_after_colon", {std::string(text.substr(key, offset - key)), std::string(ch)})});
    }
    out.mended.append(text.substr(from, offset - from));
    out.mended += ' ';
    from = offset + length;
  }
  out.mended.append(text.substr(from));
  return out;
}

}  // namespace hoctap::internal::yaml
