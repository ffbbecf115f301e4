#include "yaml/yaml_tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "util/text.hpp"
#include "yaml/slips.hpp"

namespace hoctap::internal::yaml {
namespace {

// Thrown from inside the event handler to stop the parse once a limit is hit; the
// diagnostic has already been recorded.
struct Stop {};

struct Builder : YAML::EventHandler {
  Document& doc;
  const Limits& limits;
  std::vector<Diagnostic>& out;

  struct Open {
    Node* node;
    std::size_t weight;        // expanded size of what is inside so far, including itself
    const Node* pending_key;   // maps: key read, value not yet
    std::unordered_set<std::string> keys;
    bool again = false;        // maps: the pending key is a duplicate, its entry dropped
  };
  std::vector<Open> stack;
  std::unordered_map<YAML::anchor_t, std::pair<const Node*, std::size_t>> anchors;  // node, weight
  std::unordered_set<YAML::anchor_t> open_anchors;
  std::vector<YAML::anchor_t> open_anchor_of;  // parallel to `stack`
  std::size_t total = 0;
  const Node* root = nullptr;
  int documents = 0;

  Builder(Document& d, const Limits& l, std::vector<Diagnostic>& o) : doc(d), limits(l), out(o) {}

  [[noreturn]] void fail(std::size_t offset, const char* code, Text message) {
    out.push_back(doc.at(offset, code, std::move(message), path()));
    throw Stop{};
  }

  std::string path() const {
    std::string p;
    for (std::size_t i = 0; i < stack.size(); ++i) {
      const Open& o = stack[i];
      if (o.node->is_sequence()) {
        p += "[" + std::to_string(o.node->items.size()) + "]";
      } else if (o.pending_key != nullptr) {
        if (!p.empty()) p += '.';
        p += o.pending_key->text;
      }
    }
    return p;
  }

  void count(std::size_t weight, std::size_t offset) {
    total += weight;
    if (total > limits.max_nodes)
      fail(offset, "H008", tr("yaml.nodes", {std::to_string(limits.max_nodes)}));
  }

  // Attaches a finished node (or alias) to its parent.
  void attach(const Node* node, std::size_t weight, std::size_t offset) {
    if (stack.empty()) {
      root = node;
      return;
    }
    Open& parent = stack.back();
    parent.weight += weight;
    if (parent.node->is_sequence()) {
      parent.node->items.push_back(node);
      return;
    }
    if (parent.pending_key == nullptr) {  // this node is a key
      if (!node->is_scalar() && !node->is_null())
        fail(offset, "H011", tr("yaml.key_kind"));
      if (node->is_scalar() && node->text == "<<" && node->style == Node::Style::plain)
        fail(offset, "H011", tr("yaml.merge"));
      std::string key = node->is_null() ? std::string() : node->text;
      // A key written twice: reported once here, and its second entry dropped, so that
      // the loader does not report the same name again (as a duplicate input, say).
      parent.again = !parent.keys.insert(key).second;
      if (parent.again) out.push_back(doc.at(offset, "H010", tr("yaml.duplicate_key", {key}), path()));
      parent.pending_key = node;
      return;
    }
    if (!parent.again) parent.node->entries.emplace_back(parent.pending_key, node);
    parent.pending_key = nullptr;
    parent.again = false;
  }

  void remember(YAML::anchor_t anchor, const Node* node, std::size_t weight) {
    if (anchor != YAML::NullAnchor) anchors[anchor] = {node, weight};
  }

  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count(1, mark.pos);
    Node* n = doc.make();
    n->kind = Node::Kind::null;
    n->offset = static_cast<std::size_t>(mark.pos);
    remember(anchor, n, 1);
    attach(n, 1, n->offset);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (open_anchors.count(anchor))
      fail(mark.pos, "H009", tr("yaml.cycle"));
    auto it = anchors.find(anchor);
    if (it == anchors.end()) fail(mark.pos, "H005", tr("yaml.anchor"));
    count(it->second.second, mark.pos);
    attach(it->second.first, it->second.second, static_cast<std::size_t>(mark.pos));
  }

  // Where the anchors and tags written at `offset` end (yaml-cpp's mark is at the first of
  // them): the node's own text, or the line's end when it starts on the next line.
  // `tag_at`: where a tag among them is written, or npos.
  static std::size_t content_at(const std::string& src, std::size_t offset, std::size_t& tag_at) {
    tag_at = std::string::npos;
    std::size_t p = offset;
    while (p < src.size() && (src[p] == '&' || src[p] == '!')) {
      if (src[p] == '!' && tag_at == std::string::npos) tag_at = p;
      p = src.find_first_of(" \t\r\n", p);
      if (p == std::string::npos) return src.size();
      while (p < src.size() && (src[p] == ' ' || src[p] == '\t')) ++p;
    }
    return p;
  }

  // A tag has no place in a criteria file; the file is read on. One written with a single
  // `!` before a plain scalar on its line, or as all of it (`!Mới …`, `! co`, `!10`), is
  // text the author meant as part of the value (a word, a `not`), which YAML takes off it:
  // reported as written (yaml-cpp's tag ends at the first letter outside ASCII), with
  // quotes as the fix, and `n` marked so that what is left of its value is not reported
  // again. Any
  // other (`!!int`, before a quoted text, a map or a list) leaves the value whole:
  // reported, with deleting it as the fix. `tag_at` and `text_at` as content_at gives them.
  void refuse_tag(Node* n, const std::string& tag, std::size_t tag_at, std::size_t text_at) {
    if (tag.empty() || tag == "?" || (tag == "!" && tag_at == std::string::npos)) return;  // none, or a quoted scalar's
    const std::string& src = doc.source();
    std::string shown = tag;
    if (tag_at != std::string::npos) {
      const std::size_t end = src.find_first_of(" \t\r\n,]}", tag_at);
      shown = src.substr(tag_at, end == std::string::npos ? std::string::npos : end - tag_at);
    }
    const bool same_line = text_at < src.size() && src[text_at] != '\n' && src[text_at] != '\r';
    const bool takes_text = n->is_scalar() && n->style == Node::Style::plain && (same_line || n->text.empty()) &&
                            tag_at != std::string::npos && shown.rfind("!!", 0) != 0;
    out.push_back(doc.at(tag_at != std::string::npos ? tag_at : n->offset, "H011", tr(takes_text ? "yaml.tag" : "yaml.tag_delete", {shown}), path()));
    n->reported = takes_text;
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    count(1, mark.pos);
    Node* n = doc.make();
    n->kind = Node::Kind::scalar;
    n->text = value;
    const std::string& src = doc.source();
    std::size_t tag_at = std::string::npos;
    const std::size_t text_at = content_at(src, static_cast<std::size_t>(mark.pos), tag_at);
    // At its own text, past any anchor or tag (so that a quote's position is the quote's).
    const bool same_line = text_at < src.size() && src[text_at] != '\n' && src[text_at] != '\r';
    n->offset = same_line ? text_at : static_cast<std::size_t>(mark.pos);
    const char first = same_line ? src[text_at] : ' ';
    // yaml-cpp reads a quote never closed to the end of the file, and takes it: named here
    // at the quote, and the file not read further.
    if ((first == '"' || first == '\'') && quote_end(src, text_at) == std::string::npos)
      fail(text_at, "H005", tr("yaml.quote_open", {std::string(1, first)}));
    if (first == '"' || first == '\'' || first == '|' || first == '>')
      n->style = first == '"' ? Node::Style::double_quoted : first == '\'' ? Node::Style::single_quoted : Node::Style::block;
    refuse_tag(n, tag, tag_at, text_at);
    remember(anchor, n, 1);
    attach(n, 1, n->offset);
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor, const std::string& tag) {
    if (static_cast<int>(stack.size()) >= limits.max_depth)
      fail(mark.pos, "H007", tr("yaml.depth", {std::to_string(limits.max_depth)}));
    count(1, mark.pos);
    Node* n = doc.make();
    n->kind = kind;
    n->offset = static_cast<std::size_t>(mark.pos);
    std::size_t tag_at = std::string::npos;
    const std::size_t text_at = content_at(doc.source(), n->offset, tag_at);
    refuse_tag(n, tag, tag_at, text_at);
    stack.push_back(Open{n, 1, nullptr, {}, false});
    open_anchor_of.push_back(anchor);
    if (anchor != YAML::NullAnchor) open_anchors.insert(anchor);
  }

  void close() {
    Open o = std::move(stack.back());
    YAML::anchor_t anchor = open_anchor_of.back();
    stack.pop_back();
    open_anchor_of.pop_back();
    if (anchor != YAML::NullAnchor) open_anchors.erase(anchor);
    remember(anchor, o.node, o.weight);
    attach(o.node, o.weight, o.node->offset);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::Kind::sequence, mark, anchor, tag);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::Kind::map, mark, anchor, tag);
  }
  void OnMapEnd() override { close(); }
};

// Ignores everything: used to look past the first document without building anything.
struct Discard : YAML::EventHandler {
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

std::size_t clamp_pos(int pos, std::size_t size) {
  if (pos < 0) return 0;
  return static_cast<std::size_t>(pos) > size ? size : static_cast<std::size_t>(pos);
}

// yaml-cpp's message for a syntax error, in both languages: its own words in English,
// the catalog's in Vietnamese; a message the catalog does not know is marked as
// yaml-cpp's in Vietnamese.
Text syntax_message(const std::string& msg) {
  namespace M = YAML::ErrorMsg;
  static const std::pair<const char*, const char*> kWords[] = {
      {M::END_OF_MAP, "yamlcpp.end_of_map"},         {M::END_OF_MAP_FLOW, "yamlcpp.end_of_map_flow"},
      {M::END_OF_SEQ, "yamlcpp.end_of_seq"},         {M::END_OF_SEQ_FLOW, "yamlcpp.end_of_seq_flow"},
      {M::MAP_VALUE, "yamlcpp.map_value"},           {M::MAP_KEY, "yamlcpp.map_key"},
      {M::BLOCK_ENTRY, "yamlcpp.block_entry"},       {M::FLOW_END, "yamlcpp.flow_end"},
      {M::UNKNOWN_TOKEN, "yamlcpp.unknown_token"},   {M::EOF_IN_SCALAR, "yamlcpp.eof_in_scalar"},
      {M::CHAR_IN_SCALAR, "yamlcpp.char_in_scalar"}, {M::DOC_IN_SCALAR, "yamlcpp.doc_in_scalar"},
      {M::TAB_IN_INDENTATION, "yamlcpp.tab"},        {M::INVALID_HEX, "yamlcpp.hex"},
      {M::ALIAS_NOT_FOUND, "yamlcpp.alias_name"},    {M::ANCHOR_NOT_FOUND, "yamlcpp.anchor_name"},
      {M::CHAR_IN_ALIAS, "yamlcpp.alias_char"},      {M::CHAR_IN_ANCHOR, "yamlcpp.anchor_char"},
      {M::ZERO_INDENT_IN_BLOCK, "yamlcpp.block_zero_indent"}, {M::CHAR_IN_BLOCK, "yamlcpp.block_char"},
      {M::MULTIPLE_TAGS, "yamlcpp.multiple_tags"},   {M::MULTIPLE_ANCHORS, "yamlcpp.multiple_anchors"},
      {M::MULTIPLE_ALIASES, "yamlcpp.multiple_aliases"}, {M::ALIAS_CONTENT, "yamlcpp.alias_content"},
      {M::UNKNOWN_ANCHOR, "yaml.anchor"},
  };
  for (const auto& [words, id] : kWords)
    if (msg == words) return tr("yaml.syntax", {tr(id)});
  // Messages that end with what was found.
  static const std::pair<const char*, const char*> kPrefixes[] = {{M::INVALID_ESCAPE, "yamlcpp.escape"}, {M::INVALID_UNICODE, "yamlcpp.unicode"}};
  for (const auto& [words, id] : kPrefixes) {
    if (msg.rfind(words, 0) != 0) continue;
    std::string found = msg.substr(std::string(words).size());
    // yaml-cpp gives the code point in decimal: written as Unicode writes it (U+D800).
    unsigned long code = 0;
    const char* end = found.data() + found.size();
    if (std::string_view(id) == "yamlcpp.unicode" && !found.empty() && std::from_chars(found.data(), end, code).ptr == end) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04lX", code);
      found = buf;
    }
    return tr("yaml.syntax", {tr(id, {found})});
  }
  return tr("yaml.syntax_other", {msg});
}

// A diagnostic about the file as a whole (no line).
Diagnostic about_whole_file(const std::string& file, const char* code, Text message) {
  Diagnostic d;
  d.code = code;
  d.message = std::move(message.en);
  d.message_vi = std::move(message.vi);
  d.file = file;
  return d;
}

// Parses the document's source into its nodes and returns the root, or null: every
// problem but a YAML syntax error is added to `diagnostics`; a syntax error is left in
// `syntax` for the caller to explain.
const Node* parse(Document& doc, const Limits& limits, std::vector<Diagnostic>& diagnostics,
                  std::optional<YAML::Exception>& syntax) {
  const std::string& src = doc.source();
  auto whole_file = [&](const char* code, Text message) { diagnostics.push_back(about_whole_file(doc.file(), code, std::move(message))); };
  std::istringstream in(src);
  Builder builder(doc, limits, diagnostics);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder) || builder.root == nullptr) {
      whole_file("H012", tr("file.empty"));
      return nullptr;
    }
    Discard discard;
    if (parser.HandleNextDocument(discard)) {
      // Find where the second document starts for the position: the first `---` or
      // `...` line after the first document's content.
      std::size_t pos = src.find("\n---");
      std::size_t dots = src.find("\n...");
      if (pos == std::string::npos || (dots != std::string::npos && dots < pos)) pos = dots;
      diagnostics.push_back(doc.at(pos == std::string::npos ? 0 : pos + 1, "H006", tr("file.two_documents"), ""));
      return nullptr;
    }
  } catch (const Stop&) {
    return nullptr;
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.push_back(doc.at(clamp_pos(e.mark.pos, src.size()), "H007", tr("yaml.depth", {std::to_string(limits.max_depth)}), ""));
    return nullptr;
  } catch (const YAML::Exception& e) {
    syntax = e;
    return nullptr;
  } catch (const std::bad_alloc&) {
    whole_file("H002", tr("file.memory"));
    return nullptr;
  }
  return builder.root;
}

}  // namespace

Diagnostic Document::at(std::size_t offset, std::string code, std::string message, std::string yaml_path,
                        Severity severity) const {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.file = file_;
  LineCol lc = lines_.line_col(offset);
  d.line = lc.line;
  d.column = lc.column;
  d.yaml_path = std::move(yaml_path);
  d.source_line = std::string(original_.empty() ? lines_.line_text(lc.line) : original_lines_.line_text(lc.line));
  return d;
}

Diagnostic Document::at(std::size_t offset, std::string code, Text message, std::string yaml_path, Severity severity) const {
  Diagnostic d = at(offset, std::move(code), std::move(message.en), std::move(yaml_path), severity);
  d.message_vi = std::move(message.vi);
  return d;
}

std::unique_ptr<Document> Document::read(std::string text, std::string file, const Limits& limits,
                                         std::vector<Diagnostic>& diagnostics) {
  auto doc = std::make_unique<Document>();
  doc->file_ = std::move(file);
  auto whole_file = [&](const char* code, Text message) { diagnostics.push_back(about_whole_file(doc->file_, code, std::move(message))); };
  if (text.size() > limits.max_bytes) {
    whole_file("H002", tr("file.too_big", {std::to_string(text.size()), std::to_string(limits.max_bytes)}));
    return doc;
  }
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  doc->source_ = std::move(text);
  doc->lines_ = LineIndex(doc->source_);
  const std::string& src = doc->source_;
  if (auto bad = find_invalid_utf8(src)) {
    diagnostics.push_back(doc->at(*bad, "H003", tr("file.utf8", {std::to_string(*bad)}), ""));
    return doc;
  }
  if (auto bad = find_control_char(src)) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned char>(src[*bad]));
    diagnostics.push_back(doc->at(*bad, "H004", tr("file.control", {std::string(buf)}), ""));
    return doc;
  }

  const std::size_t read_from = diagnostics.size();
  // In file order, as every other diagnostic (slips and the parser's own come apart).
  auto in_file_order = [&] {
    std::stable_sort(diagnostics.begin() + static_cast<long>(read_from), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.line != b.line ? a.line < b.line : a.column < b.column; });
  };
  // An invisible character where a space belongs changes what the file means whether or
  // not the parser accepts it: named on every read, and read as the space it stands for.
  std::set<int> slip_lines;
  SlipScan unseen = scan_invisible_separators(src);
  for (Slip& slip : unseen.slips) {
    diagnostics.push_back(doc->at(slip.offset, "H005", std::move(slip.message), ""));
    slip_lines.insert(diagnostics.back().line);
  }
  if (!unseen.slips.empty()) doc->mend(std::move(unseen.mended));
  const std::size_t first = diagnostics.size();
  std::optional<YAML::Exception> syntax;
  const Node* root = parse(*doc, limits, diagnostics, syntax);
  if (!syntax) {
    doc->root_ = root;
    in_file_order();
    return doc;
  }
  // yaml-cpp names the symptom where it gave up; the slip scanner names the mistakes, on
  // every line. The mended text is then read for the file's other problems.
  SlipScan scan = scan_slips(src);
  if (scan.slips.empty()) {
    Diagnostic d = doc->at(clamp_pos(syntax->mark.pos, src.size()), "H005", syntax_message(syntax->msg), "");
    if (!slip_lines.count(d.line)) diagnostics.push_back(std::move(d));
    in_file_order();
    return doc;
  }
  diagnostics.resize(first);  // the mended text is read again from the start
  for (Slip& slip : scan.slips) {
    diagnostics.push_back(doc->at(slip.offset, "H005", std::move(slip.message), ""));
    slip_lines.insert(diagnostics.back().line);
  }
  doc->mend(std::move(scan.mended));
  std::optional<YAML::Exception> again;
  root = parse(*doc, limits, diagnostics, again);
  if (again) {
    Diagnostic d = doc->at(clamp_pos(again->mark.pos, doc->source_.size()), "H005", syntax_message(again->msg), "");
    if (!slip_lines.count(d.line)) diagnostics.push_back(std::move(d));
  } else {
    doc->root_ = root;
  }
  in_file_order();
  return doc;
}

void Document::mend(std::string text) {
  if (original_.empty()) {
    original_ = std::move(source_);
    original_lines_ = LineIndex(original_);
  }
  source_ = std::move(text);
  lines_ = LineIndex(source_);
}

std::size_t offset_in_scalar(const Document& doc, const Node& node, std::size_t index) {
  const std::string& src = doc.source();
  switch (node.style) {
    case Node::Style::plain:
      if (node.text.find('\n') == std::string::npos) return node.offset + index;
      return node.offset;
    case Node::Style::single_quoted:
    case Node::Style::double_quoted:
      // Where the text between the quotes is the value as read (no escape, no `''`, one
      // line), its characters are where they are written.
      if (node.text.find('\n') == std::string::npos && node.offset + 1 + node.text.size() < src.size() &&
          src.compare(node.offset + 1, node.text.size(), node.text) == 0 && src[node.offset + 1 + node.text.size()] == src[node.offset])
        return node.offset + 1 + index;
      return node.offset;
    case Node::Style::block: {
      // Content starts on the line after the indicator; each line is indented alike.
      std::size_t line_start = src.find('\n', node.offset);
      if (line_start == std::string::npos) return node.offset;
      ++line_start;
      std::size_t indent = 0;
      while (line_start + indent < src.size() && src[line_start + indent] == ' ') ++indent;
      std::size_t pos = line_start;
      std::size_t k = 0;
      while (k < index && k < node.text.size()) {
        if (node.text[k] == '\n') {
          std::size_t nl = src.find('\n', pos);
          if (nl == std::string::npos) return node.offset;
          pos = nl + 1;
          ++k;
          continue;
        }
        ++k;
      }
      // pos is the start of the line holding `index`; find the column within the line.
      std::size_t line_begin_in_text = node.text.rfind('\n', index == 0 ? 0 : index - 1);
      std::size_t col = (line_begin_in_text == std::string::npos || index == 0) ? index : index - line_begin_in_text - 1;
      if (node.text.find('\n') == std::string::npos || line_begin_in_text == std::string::npos) col = index;
      return pos + indent + col;
    }
  }
  return node.offset;
}

}  // namespace hoctap::internal::yaml
