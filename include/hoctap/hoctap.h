/* hoctap/hoctap.h: the C API of hoctap (C11; also compiles as C++).
 *
 *   #include <hoctap/hoctap.h>
 *
 *   hoctap_registry* reg = NULL;
 *   hoctap_diagnostics* diags = NULL;
 *   hoctap_error* err = NULL;
 *   if (hoctap_registry_load_official(&reg, &diags, &err) != HOCTAP_OK) {
 *     fprintf(stderr, "%s\n%s", hoctap_error_message(err), hoctap_diagnostics_text(diags));
 *     hoctap_error_free(err);
 *     hoctap_diagnostics_free(diags);
 *     return 3;
 *   }
 *   hoctap_diagnostics_free(diags);                 // warnings, if any
 *   char* result = NULL;
 *   const char* citizen = "{\"vung\":\"binh_thuong\",\"score\":{\"tc1_1\":8}}";
 *   if (hoctap_registry_evaluate_json(reg, "cong_dan_hoc_tap", citizen, strlen(citizen),
 *                                     "2024-06-30", NULL, 0, 0, &result, &err) == HOCTAP_OK) {
 *     puts(result);                                 // {"decision":"not_assessable",…}
 *     hoctap_string_free(result);
 *   } else {
 *     fprintf(stderr, "%s\n", hoctap_error_message(err));
 *     hoctap_error_free(err);
 *   }
 *   hoctap_registry_free(reg);
 *
 * Conventions
 * - Every function that can fail returns a hoctap_status; HOCTAP_OK (0) is success. Its
 *   last parameter `hoctap_error** error` may be NULL; when not NULL and the call fails,
 *   *error receives an error (code and message) that the caller frees with
 *   hoctap_error_free; on success *error is left untouched.
 * - Out-parameters are written only on success, except diagnostics, which are written
 *   (when the pointer is not NULL) whenever a load ran: on success and on
 *   HOCTAP_ERROR_CRITERIA, since the problems are what a failed load is about. Initialise
 *   them to NULL: freeing NULL is harmless.
 * - Ownership: every object or string the library returns through an out-parameter
 *   belongs to the caller and is freed by the matching hoctap_*_free (each accepts NULL).
 *   `const char*` returned by accessors point into the object they were read from and
 *   live as long as it. Input pointers are borrowed for the duration of the call only.
 * - Text is UTF-8. Dates are "YYYY-MM-DD"; NULL means today (UTC).
 * - No C++ exception crosses this boundary: failures inside become error codes
 *   (HOCTAP_ERROR_INTERNAL, HOCTAP_ERROR_OUT_OF_MEMORY at worst).
 *
 * Thread-safety
 * - hoctap_set and hoctap_registry are immutable once loaded: any number of threads may
 *   evaluate with the same handle at once, without locking. Free a handle only when no
 *   other thread uses it. A set obtained from a registry stays valid after the registry
 *   is freed (it shares the compiled set).
 * - hoctap_error, hoctap_diagnostics and returned strings are plain objects: use one
 *   from one thread at a time.
 *
 * ABI: see docs/c-api.md. Before 1.0 the library's SONAME changes with each minor
 * version; within one minor version the functions and structs here do not change.
 */
#ifndef HOCTAP_HOCTAP_H
#define HOCTAP_HOCTAP_H

#include <stddef.h>
#include <stdint.h>

#if defined(HOCTAP_STATIC_DEFINE)
#  define HOCTAP_C_API
#elif defined(_WIN32)
#  if defined(HOCTAP_BUILDING)
#    define HOCTAP_C_API __declspec(dllexport)
#  else
#    define HOCTAP_C_API __declspec(dllimport)
#  endif
#else
#  define HOCTAP_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the Arrow C Data Interface (https://arrow.apache.org/docs/format/CDataInterface.html)
 * Declared exactly as the specification gives them, behind its guard, so this header
 * mixes with Arrow's own headers and with nanoarrow's. */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

/* ---- status and errors ---------------------------------------------------------------- */

typedef enum hoctap_status {
  HOCTAP_OK = 0,
  HOCTAP_ERROR_INVALID_ARGUMENT = 1, /* a NULL where a value is needed, a bad date or flag */
  HOCTAP_ERROR_CRITERIA = 2,         /* a criteria file or folder has errors: see the diagnostics */
  HOCTAP_ERROR_INPUT = 3,            /* the record is not valid JSON or not an object */
  HOCTAP_ERROR_NOT_FOUND = 4,        /* no version of the title is in force on the date, or the
                                        set evaluated is not in force on it */
  HOCTAP_ERROR_BATCH = 5,            /* an Arrow batch the library cannot read (type, shape) */
  HOCTAP_ERROR_OUT_OF_MEMORY = 6,
  HOCTAP_ERROR_INTERNAL = 7          /* a bug in hoctap: please report it */
} hoctap_status;

typedef struct hoctap_error hoctap_error;

HOCTAP_C_API hoctap_status hoctap_error_code(const hoctap_error* error);
/* English, lower case, no final period. */
HOCTAP_C_API const char* hoctap_error_message(const hoctap_error* error);
/* The same in Vietnamese (UTF-8 NFC). "" for NULL. */
HOCTAP_C_API const char* hoctap_error_message_vi(const hoctap_error* error);
HOCTAP_C_API void hoctap_error_free(hoctap_error* error);

/* The name of a status, e.g. "HOCTAP_ERROR_INPUT". Static storage. */
HOCTAP_C_API const char* hoctap_status_name(hoctap_status status);
/* A decision's or a node's status, given by its id as results carry it ("recognized",
 * "not_met", ...), in words as hoctap's explanations say it: Vietnamese ("được công
 * nhận", "không đạt"), or English with HOCTAP_LANG_EN ("recognized", "not met").
 * Static storage (UTF-8 NFC); NULL for any other id or a NULL id. */
HOCTAP_C_API const char* hoctap_words(const char* id, unsigned flags);
/* The engine's version, e.g. "0.1.0". Static storage. */
HOCTAP_C_API const char* hoctap_version(void);
/* Frees a string the library returned (results as JSON, paths). */
HOCTAP_C_API void hoctap_string_free(char* text);

/* ---- diagnostics: problems in criteria files, as data --------------------------------- */

typedef enum hoctap_severity { HOCTAP_SEVERITY_ERROR = 0, HOCTAP_SEVERITY_WARNING = 1 } hoctap_severity;

typedef struct hoctap_diagnostic {
  hoctap_severity severity;
  const char* code;      /* stable, e.g. "H201" (docs/diagnostics.md) */
  const char* message;
  const char* file;
  int line;              /* 1-based; 0 when the problem concerns the whole file */
  int column;            /* 1-based */
  const char* yaml_path; /* "" for the whole file */
} hoctap_diagnostic;

typedef struct hoctap_diagnostics hoctap_diagnostics;

HOCTAP_C_API size_t hoctap_diagnostics_count(const hoctap_diagnostics* diagnostics);
/* The i-th diagnostic (in file order), or NULL when i is out of range. */
HOCTAP_C_API const hoctap_diagnostic* hoctap_diagnostics_at(const hoctap_diagnostics* diagnostics, size_t i);
/* All of them in the house form `file:line:col: error[CODE]: message` with the source line
 * and a caret; "" when there are none. */
HOCTAP_C_API const char* hoctap_diagnostics_text(const hoctap_diagnostics* diagnostics);
HOCTAP_C_API void hoctap_diagnostics_free(hoctap_diagnostics* diagnostics);

/* ---- criteria sets --------------------------------------------------------------------- */

typedef struct hoctap_set hoctap_set;

/* Loads and validates a criteria file. On HOCTAP_ERROR_CRITERIA the diagnostics say why
 * (a path that is a folder, a FIFO or a device is H001, refused without reading it);
 * warnings come with a successful load too. */
HOCTAP_C_API hoctap_status hoctap_set_load_file(const char* path, hoctap_set** out,
                                                hoctap_diagnostics** diagnostics, hoctap_error** error);
/* Same from text (`length` bytes, need not be NUL-terminated); `name` stands for the file
 * name in diagnostics. */
HOCTAP_C_API hoctap_status hoctap_set_load_string(const char* text, size_t length, const char* name,
                                                  hoctap_set** out, hoctap_diagnostics** diagnostics,
                                                  hoctap_error** error);
HOCTAP_C_API void hoctap_set_free(hoctap_set* set);

HOCTAP_C_API const char* hoctap_set_id(const hoctap_set* set);       /* "don-vi-hoc-tap/tt22-2020" */
HOCTAP_C_API const char* hoctap_set_title(const hoctap_set* set);    /* "don_vi_hoc_tap" */
HOCTAP_C_API const char* hoctap_set_version(const hoctap_set* set);
HOCTAP_C_API const char* hoctap_set_sha256(const hoctap_set* set);

/* Flags of the evaluate functions. */
#define HOCTAP_EXPLAIN 1u /* add the reasons and the explanation to the result */
#define HOCTAP_LANG_EN 2u /* explanations and data-problem texts in English (default Vietnamese) */
#define HOCTAP_EACH_PROBLEM 4u /* Arrow batches: also each data problem apart (hoctap.problems) */

/* Evaluates one record given as a JSON object (`length` bytes): nested objects are dotted
 * names (`{"score":{"tc1_1":8}}` is `score.tc1_1`), arrays of objects are member lists.
 * `context_json` (may be NULL) holds values for inputs the record does not carry, such as
 * a locality's decisions; a key no set judging the record reads (not an input of the set,
 * nor, through a registry, of the sets judging its members) is HOCTAP_ERROR_INPUT, since
 * it would be ignored. On success *result_json is one JSON object (the same as the
 * C++ Result::to_json), freed with hoctap_string_free. Data problems in the record are
 * part of the result, not errors; HOCTAP_ERROR_INPUT is for text that is not a JSON
 * object. `date` (NULL: today, UTC) must lie within the set's validity, else
 * HOCTAP_ERROR_NOT_FOUND: hoctap_registry_find gives the version in force that day. */
HOCTAP_C_API hoctap_status hoctap_set_evaluate_json(const hoctap_set* set, const char* record_json, size_t length,
                                                    const char* date, const char* context_json, size_t context_length,
                                                    unsigned flags, char** result_json, hoctap_error** error);

/* Evaluates a batch of rows given as Arrow columns: `schema` and `array` describe a struct
 * (format "+s") whose children are the inputs, named as the set names them. The caller
 * keeps ownership of both (hoctap does not call their release callbacks) and they must
 * stay valid during the call. Children of type int64 ("l"), float64 ("g") and date32
 * ("tdD") are read in place; int8/16/32 ("c", "s", "i"), uint8/16/32 ("C", "S", "I"),
 * float32 ("f", each value as the shortest decimal that reads back to it: 0.1f is 0.1),
 * date64 ("tdm", the day of each instant, UTC), boolean ("b"), utf8 ("u", "U") and
 * dictionary-encoded utf8 (indices of any integer type) are converted. Nulls are missing
 * values. List inputs (members) are not read from Arrow in this version.
 *
 * A batch of zero rows is evaluated too (to zero result rows).
 *
 * On success *out_schema and *out_array receive a struct of one row per input row, which
 * the caller releases through their release callbacks as the specification says:
 *   decision (utf8), recognized (bool), total (float64), grade (utf8, null when none),
 *   level (int32), then for each top-level criterion `<id>.points` (float64) and
 *   `<id>.status` (utf8), and error (utf8: the row's data problems, null when none).
 * The struct's schema metadata holds the key `hoctap.warnings`: a JSON array, one object
 * {code, name, suggestion, message, message_vi} per column the set does not read
 * (`unknown_input`, with the nearest input as suggestion) or input no column gives
 * (`missing_input`); `[]` when the columns match the set.
 * With HOCTAP_EACH_PROBLEM the metadata also holds `hoctap.problems`: a JSON array, one
 * object {row, input, code, message, message_vi} per data problem, in row order and in
 * each row in the order its `error` text joins them. Without it the key is absent.
 * `date` is as for hoctap_set_evaluate_json. HOCTAP_EXPLAIN is refused
 * (HOCTAP_ERROR_INVALID_ARGUMENT): the results have no reasons; explain a row with
 * hoctap_set_evaluate_json. HOCTAP_LANG_EN sets the language of the `error` column.
 * `threads` splits the rows across threads (0: one per core, 1: the calling thread). */
HOCTAP_C_API hoctap_status hoctap_set_evaluate_arrow(const hoctap_set* set, const struct ArrowSchema* schema,
                                                     const struct ArrowArray* array, const char* date,
                                                     unsigned threads, unsigned flags,
                                                     struct ArrowSchema* out_schema, struct ArrowArray* out_array,
                                                     hoctap_error** error);

/* ---- registries: a folder of sets, the version in force on a date ----------------------- */

typedef struct hoctap_registry hoctap_registry;

/* Loads every criteria file under `directory` (and its targets.yaml). A folder holding no
 * criteria file is HOCTAP_ERROR_CRITERIA, with one H001 diagnostic saying so. */
HOCTAP_C_API hoctap_status hoctap_registry_load_directory(const char* directory, hoctap_registry** out,
                                                          hoctap_diagnostics** diagnostics, hoctap_error** error);
/* Loads the official criteria installed with the library (share/hoctap/criteria under its
 * prefix), or the folder named by the environment variable HOCTAP_CRITERIA_DIR. */
HOCTAP_C_API hoctap_status hoctap_registry_load_official(hoctap_registry** out, hoctap_diagnostics** diagnostics,
                                                         hoctap_error** error);
/* The folder hoctap_registry_load_official reads, or NULL when there is none; free it with
 * hoctap_string_free. */
HOCTAP_C_API char* hoctap_official_directory(void);
HOCTAP_C_API void hoctap_registry_free(hoctap_registry* registry);

/* Number of titles, and the i-th title id (sorted), or NULL when out of range. */
HOCTAP_C_API size_t hoctap_registry_title_count(const hoctap_registry* registry);
HOCTAP_C_API const char* hoctap_registry_title(const hoctap_registry* registry, size_t i);
/* The version of `title` in force on `date`; HOCTAP_ERROR_NOT_FOUND when there is none. */
HOCTAP_C_API hoctap_status hoctap_registry_find(const hoctap_registry* registry, const char* title, const char* date,
                                                hoctap_set** out, hoctap_error** error);
/* As hoctap_set_evaluate_json with the version of `title` in force on `date`, evaluating
 * the members of titled member lists first with their own title's version. */
HOCTAP_C_API hoctap_status hoctap_registry_evaluate_json(const hoctap_registry* registry, const char* title,
                                                         const char* record_json, size_t length, const char* date,
                                                         const char* context_json, size_t context_length,
                                                         unsigned flags, char** result_json, hoctap_error** error);

#ifdef __cplusplus
}
#endif

#endif /* HOCTAP_HOCTAP_H */
