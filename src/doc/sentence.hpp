// A rule's expression told as a sentence an officer reads ("mọi trẻ em từ 6 đến 14 tuổi,
// trừ trường hợp được miễn, đều đang đi học"), in Vietnamese or English, generated from
// the compiled expression tree: names become their labels, parameters their values.
#pragma once

#include <string>

#include "hoctap/value.hpp"
#include "model/model.hpp"

namespace hoctap::internal {

// `context` (may be null) picks a parameter's value where it varies by a category input
// (an area): given that input, the sentence holds the one value; without it, every value
// by category. Covers every operator of the expression language.
std::string sentence(const CompiledSet& set, const Expr& expr, bool vi, const Record* context = nullptr);

// "2 decimals", "1 decimal", "2 chữ số thập phân": a rounding's places, as the documents word them.
std::string decimals_text(int digits, bool vi);

}  // namespace hoctap::internal
