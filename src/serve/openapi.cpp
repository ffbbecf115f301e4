#include "serve/app.hpp"

namespace hoctap::serve {

const std::string& openapi_document() {
  static const std::string doc = "{}";
  return doc;
}

}  // namespace hoctap::serve
