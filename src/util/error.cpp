// The errors thrown to callers (hoctap/error.hpp).
#include "hoctap/error.hpp"

#include <utility>

namespace hoctap {
inline namespace v0 {

struct Error::Texts {
  std::string code, en, vi;
};

Error::Error(std::string code, std::string en, std::string vi)
    : texts_(std::make_shared<const Texts>(Texts{std::move(code), std::move(en), std::move(vi)})) {}
Error::Error(const Error&) noexcept = default;
Error& Error::operator=(const Error&) noexcept = default;
Error::~Error() = default;

const std::string& Error::code() const noexcept { return texts_->code; }
const std::string& Error::message(Lang lang) const noexcept { return lang == Lang::vi ? texts_->vi : texts_->en; }

InvalidArgument::InvalidArgument(std::string code, std::string en, std::string vi, Lang what_lang)
    : std::invalid_argument(what_lang == Lang::vi ? vi : en), Error(std::move(code), std::move(en), std::move(vi)) {}
OutOfRange::OutOfRange(std::string code, std::string en, std::string vi, Lang what_lang)
    : std::out_of_range(what_lang == Lang::vi ? vi : en), Error(std::move(code), std::move(en), std::move(vi)) {}
RuntimeError::RuntimeError(std::string code, std::string en, std::string vi, Lang what_lang)
    : std::runtime_error(what_lang == Lang::vi ? vi : en), Error(std::move(code), std::move(en), std::move(vi)) {}

}  // namespace v0
}  // namespace hoctap
