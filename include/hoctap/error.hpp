// hoctap/error.hpp: the errors hoctap throws to its callers, in Vietnamese and English.
//
//   try {
//     registry.evaluate("cong_dan", record, options);
//   } catch (const hoctap::Error& e) {  // also a std::invalid_argument, std::out_of_range, …
//     std::cerr << e.code() << ": " << e.message(hoctap::Lang::vi) << "\n";
//   }
//
// Problems in a criteria file are diagnostics and problems in an entity's data are part
// of its result; what is thrown is a caller's mistake (no assessment date, an unknown
// place, a batch whose columns break their contract) or an input that cannot be used at
// all (a dataset file that cannot be read). Each such exception is a standard exception,
// so existing `catch (const std::invalid_argument&)` sites keep working, and a
// hoctap::Error, which carries a stable code (docs/diagnostics.md, "Errors thrown to
// callers") and the text in both languages from the one message catalog.
//
// `what()` is the English text, except where the call's options name a language for
// their texts (BatchOptions::lang, CsvEvaluateOptions::lang, DatasetOptions and
// ExplainOptions' lang, DiffOptions::lang): there it is the text in that language.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "hoctap/export.hpp"
#include "hoctap/version.hpp"

HOCTAP_NAMESPACE_BEGIN

// The language of messages, labels and documents.
enum class Lang { vi, en };

// The code and the texts of a thrown error. Not itself a std::exception (so that a class
// can be both one standard exception and an Error); catch it as `const hoctap::Error&`.
// Copies share the texts and never throw.
class HOCTAP_API Error {
 public:
  virtual ~Error();
  // Stable, `E001`…; listed in docs/diagnostics.md.
  const std::string& code() const noexcept;
  // The message in `lang`: lower case, no final period, names from the input in backticks.
  const std::string& message(Lang lang) const noexcept;

 protected:
  Error(std::string code, std::string en, std::string vi);
  Error(const Error&) noexcept;
  Error& operator=(const Error&) noexcept;

 private:
  struct Texts;
  std::shared_ptr<const Texts> texts_;
};

// A caller's argument or input that is wrong (std::invalid_argument).
class HOCTAP_API InvalidArgument : public std::invalid_argument, public Error {
 public:
  // `what()` is the text in `what_lang`.
  InvalidArgument(std::string code, std::string en, std::string vi, Lang what_lang = Lang::en);
};

// Something asked for that is not there: no version in force, no such entity
// (std::out_of_range).
class HOCTAP_API OutOfRange : public std::out_of_range, public Error {
 public:
  OutOfRange(std::string code, std::string en, std::string vi, Lang what_lang = Lang::en);
};

// An input that cannot be used at all (a file that cannot be read or written, a dataset
// file that is not one) or a broken environment (std::runtime_error).
class HOCTAP_API RuntimeError : public std::runtime_error, public Error {
 public:
  RuntimeError(std::string code, std::string en, std::string vi, Lang what_lang = Lang::en);
};

HOCTAP_NAMESPACE_END
