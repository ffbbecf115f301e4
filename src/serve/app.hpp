// What the routes share: the options, the criteria, the counters. Internal to src/serve.
#pragma once

#include <httplib.h>

#include <string>

#include "serve/metrics.hpp"
#include "serve/serve.hpp"

namespace hoctap::serve {

struct App {
  const Options& options;
  Criteria& criteria;
  Metrics metrics;
  std::string token;  // empty: no authentication
};

// The connection layer's view of the current request (server.cpp): seconds since its
// first byte; whether this thread turns connections away (503); and a request to close
// the connection after this response (its body was not read).
double seconds_since_request_start();
bool rejecting_thread();
void close_after_response();
bool body_over_limit();  // the current request's body passed --max-body while being read
// Writes one chunk of the current chunked response (size, data, CRLF) straight to the
// connection: the library's DataSink::write copies its data twice to frame it. Only for
// a content type the library does not compress (application/x-ndjson); false when the
// client went away.
bool write_chunk(const char* data, std::size_t size);

// Sets `res` to a JSON error: `{"code": code, "error": en, "error_vi": vi}`: the English
// text stays where clients read it before, the Vietnamese one beside it.
void error(httplib::Response& res, int status, const std::string& code, const std::string& en, const std::string& vi);

// Registers every route of the API and the forms on `server`.
void add_routes(httplib::Server& server, App& app);

// The OpenAPI 3.1 document of the API (openapi.cpp).
const std::string& openapi_document();

// The HTML pages (forms.cpp): the titles in force on `date`, and one title's form.
std::string titles_page(const Catalog& catalog, Date date, Lang lang);
std::string form_page(const CriteriaSet& set, Date date, Lang lang);

}  // namespace hoctap::serve
