#include "serve/app.hpp"

namespace hoctap::serve {

std::string titles_page(const Catalog&, Date, Lang) { return "<!doctype html><title>hoctap</title>"; }
std::string form_page(const CriteriaSet&, Date, Lang) { return "<!doctype html><title>hoctap</title>"; }

}  // namespace hoctap::serve
