// The OpenAPI 3.1 document of the API. tests/python/test_serve.py sends a request to every
// path it lists (with the examples it gives) and checks the status, the media type and the
// required keys of each answer against it.
#include "serve/app.hpp"

namespace hoctap::serve {

namespace {

const char* kDocument = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "hoctap serve",
    "version": "1",
    "summary": "Criteria for Vietnam's learning-society titles, evaluated over HTTP",
    "description": "Every error is a JSON object with a stable `code`, an English `error` and the same text in Vietnamese, `error_vi`. With --token-file, every route but /healthz needs `Authorization: Bearer TOKEN`. See docs/serve.md."
  },
  "security": [{}, {"bearer": []}],
  "paths": {
    "/healthz": {
      "get": {
        "summary": "Liveness: the server answers and how many sets it holds",
        "security": [{}],
        "responses": {"200": {"description": "up", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}
      }
    },
    "/v1/titles": {
      "get": {
        "summary": "The titles, each with its versions and the one in force on a date",
        "parameters": [{"$ref": "#/components/parameters/date_optional"}],
        "responses": {
          "200": {"description": "the titles, sorted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Titles"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "503": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/titles/{title}/versions": {
      "get": {
        "summary": "Every version of a title, oldest first",
        "parameters": [{"$ref": "#/components/parameters/title"}],
        "responses": {
          "200": {"description": "the versions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Versions"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "503": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/sets/{id}": {
      "get": {
        "summary": "One criteria set: nodes, inputs with labels and types, grades, legal basis, confidence",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "example": "gia-dinh-hoc-tap/2022",
                        "description": "the set's id; it holds a slash, sent as is or as %2F"}],
        "responses": {
          "200": {"description": "the set", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CriteriaSet"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "503": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/evaluate/{title}": {
      "post": {
        "summary": "Evaluate records under the version of the title in force on the date",
        "description": "The body is the records whatever its Content-Type says (a form post's too): parameters come from the query string only. The body is one JSON object (answered by one result), an array of them (an array of results, in order), or JSON lines with Content-Type application/x-ndjson (results streamed back as lines, chunked). A record that cannot be read is a row `{row, code, error}` in an array or stream, and a 400 alone. Context values (inputs a locality decides) come as query parameters `context.NAME=VALUE`, or in a record's `context` object for that record.",
        "parameters": [
          {"$ref": "#/components/parameters/title"},
          {"name": "date", "in": "query", "required": true, "schema": {"type": "string", "format": "date"}, "example": "2024-06-01"},
          {"name": "lang", "in": "query", "schema": {"enum": ["vi", "en"], "default": "vi"}},
          {"name": "explain", "in": "query", "schema": {"enum": ["0", "1", "false", "true"], "default": "0"}, "description": "add the reasons and the explanation; another value is 400 bad_explain"},
          {"name": "strict", "in": "query", "schema": {"enum": ["0", "1", "false", "true"], "default": "0"}, "description": "a record giving names the set does not read, or lacking inputs, is an error row (422 alone); another value is 400 bad_strict"}
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]},
              "example": {"id": "f1", "tre_em": [{"tuoi": 9, "di_hoc": true, "mien_tru": false}], "nguoi_lon": [], "hoc_tap_nang_cao_doi_song": true,
                          "context": {"ty_le_nguoi_lon_cdht_toi_thieu": 0.5}}
            },
            "application/x-ndjson": {"schema": {"type": "string"}}
          }
        },
        "responses": {
          "200": {"description": "one result, an array of results, or a stream of result lines",
                  "content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/Result"}, {"type": "array", "items": {"type": "object"}}]}},
                              "application/x-ndjson": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "422": {"description": "strict: the record's names do not match the set's inputs", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Row"}}}},
          "503": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/validate": {
      "post": {
        "summary": "Check a criteria file's text; nothing is stored",
        "description": "The body is the file's text whatever its Content-Type says (curl's --data-binary sends a form type).",
        "parameters": [{"name": "name", "in": "query", "schema": {"type": "string", "default": "request.yaml"}, "description": "the file name diagnostics show"}],
        "requestBody": {"required": true, "content": {"application/yaml": {"schema": {"type": "string"}, "example": "id: x\n"}}},
        "responses": {
          "200": {"description": "every diagnostic", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Validation"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "503": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus text: requests and latency by route and status, evaluations by title and decision",
        "responses": {"200": {"description": "metrics", "content": {"text/plain": {"schema": {"type": "string"}}}},
                      "401": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths"]}}}},
                      "401": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/": {
      "get": {
        "summary": "HTML: the titles in force, each with a link to its form",
        "parameters": [{"$ref": "#/components/parameters/date_optional"}, {"name": "lang", "in": "query", "schema": {"enum": ["vi", "en"], "default": "vi"}}],
        "responses": {"200": {"description": "page", "content": {"text/html": {"schema": {"type": "string"}}}},
                      "400": {"$ref": "#/components/responses/Error"},
                      "401": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/forms/{title}": {
      "get": {
        "summary": "HTML: a form generated from the inputs of the version in force; submitting it shows the result",
        "parameters": [{"$ref": "#/components/parameters/title"}, {"$ref": "#/components/parameters/date_optional"},
                       {"name": "lang", "in": "query", "schema": {"enum": ["vi", "en"], "default": "vi"}}],
        "responses": {"200": {"description": "page", "content": {"text/html": {"schema": {"type": "string"}}}},
                      "400": {"$ref": "#/components/responses/Error"},
                      "401": {"$ref": "#/components/responses/Error"},
                      "404": {"$ref": "#/components/responses/Error"}}
      }
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "parameters": {
      "title": {"name": "title", "in": "path", "required": true, "schema": {"type": "string"}, "example": "gia_dinh_hoc_tap"},
      "date_optional": {"name": "date", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "default: today (UTC)", "example": "2024-06-01"}
    },
    "responses": {
      "Error": {"description": "an error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {"type": "object", "required": ["code", "error", "error_vi"],
                "properties": {"code": {"type": "string", "description": "stable: bad_date, missing_date, bad_lang, bad_explain, bad_strict, bad_context, unknown_context, unknown_title, not_in_force, unknown_set, empty_body, json_syntax, json_not_object, json_too_deep, json_too_many_keys, json_too_many_members, json_too_large, too_many_records, body_too_large, uri_too_long, unsupported_media_type, bad_request, not_found, unauthorized, overloaded, internal"},
                               "error": {"type": "string"}, "error_vi": {"type": "string"}}},
      "Health": {"type": "object", "required": ["status", "sets"], "properties": {"status": {"const": "ok"}, "sets": {"type": "integer"}}},
      "Titles": {"type": "object", "required": ["date", "titles"],
                 "properties": {"date": {"type": "string", "format": "date"},
                                "titles": {"type": "array", "items": {"type": "object", "required": ["title", "name", "entity", "versions", "in_force"]}}}},
      "SetSummary": {"type": "object", "required": ["id", "title", "version", "name", "entity", "valid_from", "valid_to", "supersedes", "sha256"]},
      "Versions": {"type": "object", "required": ["title", "versions"],
                   "properties": {"title": {"type": "string"}, "versions": {"type": "array", "items": {"$ref": "#/components/schemas/SetSummary"}}}},
      "CriteriaSet": {"type": "object",
                      "required": ["id", "title", "version", "name", "entity", "valid_from", "valid_to", "supersedes", "sha256", "legal_basis", "uses_levels", "inputs", "nodes", "grades", "referenced_titles"],
                      "properties": {
                        "inputs": {"type": "array", "items": {"type": "object", "required": ["name", "type", "kind", "label", "local"]}},
                        "nodes": {"type": "array", "items": {"type": "object", "required": ["id", "name", "parent", "depth", "is_indicator", "confidence"]}},
                        "grades": {"type": "array", "items": {"type": "object", "required": ["id", "name", "recognized"]}},
                        "legal_basis": {"type": "object", "required": ["instrument", "issuer", "signed_on", "article", "source", "confidence", "note"]}}},
      "Result": {"type": "object", "required": ["row", "decision", "recognized", "grade", "next_grade", "nodes", "problems", "audit"],
                 "description": "as `hoctap evaluate` writes it (docs/serve.md): points sets add total and max_total (and points_to_next_grade when there is a next grade), levels sets level; a record that gives names the set does not read or lacks inputs adds warnings (code, name, message); sets with local inputs add local_values; explain=1 adds reasons and explanation"},
      "Row": {"type": "object", "required": ["row", "code", "error", "error_vi"]},
      "Validation": {"type": "object", "required": ["valid", "errors", "warnings", "diagnostics"],
                     "properties": {"diagnostics": {"type": "array", "items": {"type": "object", "required": ["file", "line", "column", "severity", "code", "message", "yaml_path"]}}}}
    }
  }
})json";

}  // namespace

const std::string& openapi_document() {
  static const std::string doc = kDocument;
  return doc;
}

}  // namespace hoctap::serve
