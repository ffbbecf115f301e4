// A YAML document read defensively into hoctap's own tree. This is the only part of
// hoctap that sees yaml-cpp; everything else reads `yaml::Node`.
//
// Reading is bounded for hostile input: the byte size is capped before parsing, the text
// must be valid UTF-8 without control characters, only one document is accepted, nesting
// depth and the expanded node count (aliases counted at their full size) are capped, an
// alias to an enclosing node (a cycle) is refused, and duplicate map keys are reported.
// Aliased nodes are shared, never copied, so a document's memory is linear in its text.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hoctap/diagnostic.hpp"
#include "util/messages.hpp"
#include "util/text.hpp"

namespace hoctap::internal::yaml {

struct Node {
  enum class Kind { null, scalar, sequence, map };
  Kind kind = Kind::null;
  enum class Style { plain, single_quoted, double_quoted, block };
  Style style = Style::plain;
  std::string text;                             // scalars only
  std::size_t offset = 0;                       // byte offset of the node in the source
  std::vector<const Node*> items;               // sequences
  std::vector<std::pair<const Node*, const Node*>> entries;  // maps: key, value
  bool reported = false;  // its value is reported already (a tag took part of it): nothing more is said of it

  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_map() const { return kind == Kind::map; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_null() const { return kind == Kind::null; }
};

struct Limits {
  std::size_t max_bytes = 1u << 20;
  std::size_t max_nodes = 200000;
  int max_depth = 64;
};

// The parsed document. `root` is null when reading failed; the nodes live as long as
// the Document.
class Document {
 public:
  Document() = default;
  Document(const Document&) = delete;  // the line indexes point into the strings held
  Document& operator=(const Document&) = delete;

  const Node* root() const { return root_; }
  const std::string& source() const { return source_; }  // the text, BOM removed
  const std::string& file() const { return file_; }
  // 1-based line and column (in code points) of byte `offset` of the source.
  LineCol line_col(std::size_t offset) const { return lines_.line_col(offset); }
  int line(std::size_t offset) const { return lines_.line_col(offset).line; }

  // Reads `text`; every problem found is appended to `diagnostics`.
  static std::unique_ptr<Document> read(std::string text, std::string file, const Limits& limits,
                                        std::vector<Diagnostic>& diagnostics);

  // A diagnostic at byte `offset` of the source.
  Diagnostic at(std::size_t offset, std::string code, std::string message, std::string yaml_path,
                Severity severity = Severity::error) const;
  // The same with the message in both languages.
  Diagnostic at(std::size_t offset, std::string code, Text message, std::string yaml_path,
                Severity severity = Severity::error) const;

  Node* make() { nodes_.emplace_back(std::make_unique<Node>()); return nodes_.back().get(); }

 private:
  // Reads `text` (the source with slips repaired, line for line) from now on; diagnostics
  // keep showing the lines as written.
  void mend(std::string text);

  std::string source_;
  std::string original_;  // when the source was mended after YAML slips: the text as written
  std::string file_;
  LineIndex lines_;           // of source_
  LineIndex original_lines_;  // of original_
  const Node* root_ = nullptr;
  std::vector<std::unique_ptr<Node>> nodes_;
};

// Byte offset in the source of position `index` inside scalar `node`'s text (for
// pointing into expressions). Exact for one-line plain and quoted scalars without
// escapes and for literal block scalars; otherwise the scalar's start.
std::size_t offset_in_scalar(const Document& doc, const Node& node, std::size_t index);

}  // namespace hoctap::internal::yaml
