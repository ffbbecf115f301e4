// hoctap/doc.hpp: a criteria set rendered as a document people read.
//
//   std::string md = hoctap::render_document(set, hoctap::Lang::vi, hoctap::DocFormat::markdown);
//
// The document shows what a commune officer knows from the official table: the set's
// identity, validity and legal basis; every criterion and indicator with its points (or
// level conditions) and how they are awarded; grade bands, the recognition rule and
// knock-outs; parameters; the inputs; and the confidence of every line, with the note
// that says why when it is not confirmed, and the source of each line. Every condition
// and formula reads as a sentence generated from the expression ("mọi trẻ em … đều đang
// đi học"), with the parameters' values in place. HTML output is one self-contained page
// that prints on A4.
#pragma once

#include <string>

#include "hoctap/criteria.hpp"
#include "hoctap/export.hpp"
#include "hoctap/result.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

enum class DocFormat { markdown, html };

HOCTAP_API std::string render_document(const CriteriaSet& set, Lang lang, DocFormat format);
// Same; `context` (may be null) gives the category inputs parameters vary by (an area):
// the sentences then hold that area's values instead of every area's.
HOCTAP_API std::string render_document(const CriteriaSet& set, Lang lang, DocFormat format, const Record* context);

HOCTAP_NAMESPACE_END
