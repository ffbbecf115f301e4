/* Tests of the C API (include/hoctap/hoctap.h), written in C11 as its users write them:
 * loading with diagnostics as data, evaluating JSON records and Arrow batches, every
 * error path, and many threads sharing one set. Run as
 *   capi_test CRITERIA_DIR
 * (the source tree's criteria/). Every object is freed, so ASan's leak check holds. */
#define _POSIX_C_SOURCE 200809L  /* setenv */
#include <hoctap/hoctap.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int failures = 0;
static char criteria[4096];

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                          \
    }                                                                      \
  } while (0)

#define CHECK_STR(actual, expected)                                                            \
  do {                                                                                         \
    const char* a_ = (actual);                                                                 \
    if (a_ == NULL || strcmp(a_, (expected)) != 0) {                                           \
      fprintf(stderr, "%s:%d: `%s` is \"%s\", not \"%s\"\n", __FILE__, __LINE__, #actual,      \
              a_ ? a_ : "(null)", (expected));                                                 \
      ++failures;                                                                              \
    }                                                                                          \
  } while (0)

#define CHECK_CONTAINS(text, part)                                                                     \
  do {                                                                                                 \
    const char* t_ = (text);                                                                           \
    if (t_ == NULL || strstr(t_, (part)) == NULL) {                                                    \
      fprintf(stderr, "%s:%d: `%s` does not contain \"%s\": %s\n", __FILE__, __LINE__, #text, (part),  \
              t_ ? t_ : "(null)");                                                                     \
      ++failures;                                                                                      \
    }                                                                                                  \
  } while (0)

static const char* path_of(const char* relative) {
  static char path[8192];
  snprintf(path, sizeof path, "%s/%s", criteria, relative);
  return path;
}

/* A citizen of an ethnic-minority area with 7 points on each of the ten indicators:
 * 70/100, recognized there (the threshold is 70 instead of 80). */
static const char* const CITIZEN =
    "{\"id\":\"c-1\",\"vung\":\"dan_toc_thieu_so\",\"score\":{\"tc1_1\":7,\"tc1_2\":7,\"tc1_3\":7,\"tc1_4\":7,"
    "\"tc2_1\":7,\"tc2_2\":7,\"tc2_3\":7,\"tc2_4\":7,\"tc3_1\":7,\"tc3_2\":7}}";

/* The refusal of 244-2022 (in force 2022-07-28..2023-10-24) on 1990-01-01. */
#define OUTSIDE_EN                                                                                                       \
  "`cong-dan-hoc-tap/244-2022` is not in force on 1990-01-01 (its validity: 2022-07-28..2023-10-24): evaluate on a day " \
  "within it, or take the version in force that day with hoctap_registry_find"
#define OUTSIDE_VI                                                                                                  \
  "`cong-dan-hoc-tap/244-2022` không có hiệu lực vào ngày 1990-01-01 (thời hạn hiệu lực: 2022-07-28..2023-10-24): " \
  "hãy đánh giá vào một ngày trong thời hạn đó, hoặc lấy phiên bản có hiệu lực vào ngày ấy bằng hoctap_registry_find"

/* Today (UTC) as YYYY-MM-DD. */
static void today(char out[11]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static hoctap_set* load_citizen_set(void) {
  hoctap_set* set = NULL;
  hoctap_diagnostics* diags = NULL;
  hoctap_status st = hoctap_set_load_file(path_of("cong-dan-hoc-tap/244-2022.yaml"), &set, &diags, NULL);
  if (st != HOCTAP_OK) fprintf(stderr, "%s", hoctap_diagnostics_text(diags));
  hoctap_diagnostics_free(diags);
  return set;
}

static void test_version_and_names(void) {
  CHECK_STR(hoctap_version(), "0.1.0");
  CHECK_STR(hoctap_status_name(HOCTAP_ERROR_INPUT), "HOCTAP_ERROR_INPUT");
  CHECK_STR(hoctap_status_name((hoctap_status)99), "HOCTAP_ERROR_UNKNOWN");
  CHECK_STR(hoctap_words("recognized", 0), "được công nhận");
  CHECK_STR(hoctap_words("not_assessable", HOCTAP_LANG_EN), "not assessable");
  CHECK_STR(hoctap_words("not_met", 0), "không đạt");
  CHECK_STR(hoctap_words("not_applicable", HOCTAP_LANG_EN), "not applicable");
  CHECK(hoctap_words("passed", 0) == NULL);
  CHECK(hoctap_words(NULL, 0) == NULL);
  /* NULL is accepted by every free function and accessor. */
  hoctap_error_free(NULL);
  hoctap_diagnostics_free(NULL);
  hoctap_set_free(NULL);
  hoctap_registry_free(NULL);
  hoctap_string_free(NULL);
  CHECK(hoctap_diagnostics_count(NULL) == 0);
  CHECK_STR(hoctap_diagnostics_text(NULL), "");
  CHECK_STR(hoctap_error_message(NULL), "");
}

static void test_load_file(void) {
  hoctap_set* set = load_citizen_set();
  CHECK(set != NULL);
  CHECK_STR(hoctap_set_id(set), "cong-dan-hoc-tap/244-2022");
  CHECK_STR(hoctap_set_title(set), "cong_dan_hoc_tap");
  CHECK(strlen(hoctap_set_sha256(set)) == 64);
  hoctap_set_free(set);
}

static void test_load_errors_are_data(void) {
  /* Broken YAML: an error with its place, code and text (a stray bracket, which the
     slip scanner leaves to the parser's words). */
  const char* text = "id: x\ntitle: [a]]\n";
  hoctap_set* set = NULL;
  hoctap_diagnostics* diags = NULL;
  hoctap_error* err = NULL;
  hoctap_status st = hoctap_set_load_string(text, strlen(text), "broken.yaml", &set, &diags, &err);
  CHECK(st == HOCTAP_ERROR_CRITERIA);
  CHECK(set == NULL);
  CHECK(hoctap_error_code(err) == HOCTAP_ERROR_CRITERIA);
  CHECK_STR(hoctap_error_message(err), "`broken.yaml` has 1 error");
  CHECK_STR(hoctap_error_message_vi(err), "`broken.yaml` có 1 lỗi");
  CHECK(hoctap_diagnostics_count(diags) == 1);
  const hoctap_diagnostic* d = hoctap_diagnostics_at(diags, 0);
  CHECK(d != NULL);
  if (d != NULL) {
    CHECK(d->severity == HOCTAP_SEVERITY_ERROR);
    CHECK_STR(d->code, "H005");
    CHECK_STR(d->file, "broken.yaml");
    CHECK(d->line == 2);
    CHECK(d->column >= 1);
  }
  CHECK(hoctap_diagnostics_at(diags, 1) == NULL);
  CHECK_CONTAINS(hoctap_diagnostics_text(diags), "broken.yaml:2:");
  CHECK_CONTAINS(hoctap_diagnostics_text(diags), "error[H005]");
  hoctap_diagnostics_free(diags);
  hoctap_error_free(err);

  /* A file that is not there: H001, and no error object asked for. */
  diags = NULL;
  st = hoctap_set_load_file("/nonexistent/x.yaml", &set, &diags, NULL);
  CHECK(st == HOCTAP_ERROR_CRITERIA);
  CHECK(hoctap_diagnostics_count(diags) == 1);
  CHECK_STR(hoctap_diagnostics_at(diags, 0)->code, "H001");
  hoctap_diagnostics_free(diags);

  /* NULL arguments are errors, not crashes. */
  err = NULL;
  st = hoctap_set_load_file(NULL, &set, NULL, &err);
  CHECK(st == HOCTAP_ERROR_INVALID_ARGUMENT);
  CHECK_STR(hoctap_error_message(err), "path is NULL");
  hoctap_error_free(err);
  err = NULL;
  CHECK(hoctap_set_load_string("x", 1, "n", NULL, NULL, &err) == HOCTAP_ERROR_INVALID_ARGUMENT);
  CHECK_STR(hoctap_error_message(err), "out is NULL");
  hoctap_error_free(err);
}

static void test_evaluate_json(void) {
  hoctap_set* set = load_citizen_set();
  char* result = NULL;
  hoctap_error* err = NULL;
  hoctap_status st = hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), "2023-06-30", NULL, 0, 0, &result, &err);
  CHECK(st == HOCTAP_OK);
  CHECK_CONTAINS(result, "\"decision\":\"recognized\"");
  CHECK_CONTAINS(result, "\"total\":70");
  CHECK_CONTAINS(result, "\"criteria_id\":\"cong-dan-hoc-tap/244-2022\"");
  hoctap_string_free(result);

  /* Explained in English; the record is the same, the reasons come with it. */
  result = NULL;
  st = hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), "2023-06-30", NULL, 0, HOCTAP_EXPLAIN | HOCTAP_LANG_EN,
                                &result, &err);
  CHECK(st == HOCTAP_OK);
  CHECK_CONTAINS(result, "\"reasons\"");
  hoctap_string_free(result);

  /* A record that is not JSON, or not an object: HOCTAP_ERROR_INPUT with the reader's code. */
  result = NULL;
  st = hoctap_set_evaluate_json(set, "{\"vung\":", 8, "2023-06-30", NULL, 0, 0, &result, &err);
  CHECK(st == HOCTAP_ERROR_INPUT);
  CHECK(result == NULL);
  CHECK_STR(hoctap_error_message(err), "the record: the input is not valid JSON: expected a value, found the end of the input (line 1, character 9) [json_syntax]");
  CHECK_STR(hoctap_error_message_vi(err), "bản ghi: dữ liệu vào không phải JSON hợp lệ: cần một giá trị, nhưng gặp cuối dữ liệu vào (dòng 1, ký tự 9) [json_syntax]");
  hoctap_error_free(err);
  /* Each message wholly in its language: the context's, a NULL record's. */
  err = NULL;
  st = hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), "2023-06-30", "[1]", 3, 0, &result, &err);
  CHECK(st == HOCTAP_ERROR_INPUT);
  CHECK_STR(hoctap_error_message(err), "the context: a record must be a JSON object [json_not_object]");
  CHECK_STR(hoctap_error_message_vi(err), "ngữ cảnh: mỗi bản ghi phải là một đối tượng JSON [json_not_object]");
  hoctap_error_free(err);
  err = NULL;
  st = hoctap_set_evaluate_json(set, NULL, 5, "2023-06-30", NULL, 0, 0, &result, &err);
  CHECK(st == HOCTAP_ERROR_INVALID_ARGUMENT);
  CHECK_STR(hoctap_error_message(err), "the record is NULL");
  CHECK_STR(hoctap_error_message_vi(err), "bản ghi là NULL");
  hoctap_error_free(err);
  err = NULL;
  st = hoctap_set_evaluate_json(set, "[1,2]", 5, NULL, NULL, 0, 0, &result, &err);
  CHECK(st == HOCTAP_ERROR_INPUT);
  CHECK_CONTAINS(hoctap_error_message(err), "[json_not_object]");
  hoctap_error_free(err);

  /* Bad dates and flags. */
  err = NULL;
  st = hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), "2023-02-29", NULL, 0, 0, &result, &err);
  CHECK(st == HOCTAP_ERROR_INVALID_ARGUMENT);
  CHECK_STR(hoctap_error_message(err), "the date `2023-02-29` is not a day written YYYY-MM-DD");
  CHECK_STR(hoctap_error_message_vi(err), "ngày `2023-02-29` không phải một ngày viết dạng YYYY-MM-DD");
  hoctap_error_free(err);
  err = NULL;
  st = hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), NULL, NULL, 0, 64, &result, &err);
  CHECK(st == HOCTAP_ERROR_INVALID_ARGUMENT);
  CHECK_STR(hoctap_error_message(err), "unknown flags 64 (expected HOCTAP_EXPLAIN, HOCTAP_LANG_EN and HOCTAP_EACH_PROBLEM)");
  CHECK_STR(hoctap_error_message_vi(err), "cờ lạ 64 (cần HOCTAP_EXPLAIN, HOCTAP_LANG_EN và HOCTAP_EACH_PROBLEM)");
  hoctap_error_free(err);
  /* A day outside the set's validity: not found, with what to do instead. */
  err = NULL;
  st = hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), "1990-01-01", NULL, 0, 0, &result, &err);
  CHECK(st == HOCTAP_ERROR_NOT_FOUND);
  CHECK(result == NULL);
  CHECK_STR(hoctap_error_message(err), OUTSIDE_EN);
  CHECK_STR(hoctap_error_message_vi(err), OUTSIDE_VI);
  hoctap_error_free(err);
  CHECK(hoctap_set_evaluate_json(NULL, CITIZEN, strlen(CITIZEN), NULL, NULL, 0, 0, &result, NULL) == HOCTAP_ERROR_INVALID_ARGUMENT);
  CHECK(hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), NULL, NULL, 0, 0, NULL, NULL) == HOCTAP_ERROR_INVALID_ARGUMENT);

  /* Missing data is a result (not assessable), not an error. */
  result = NULL;
  st = hoctap_set_evaluate_json(set, "{}", 2, "2023-06-30", NULL, 0, 0, &result, NULL);
  CHECK(st == HOCTAP_OK);
  CHECK_CONTAINS(result, "\"decision\":\"not_assessable\"");
  hoctap_string_free(result);

  /* The context supplies inputs the record lacks: the area decides the threshold. */
  const char* no_area = strstr(CITIZEN, "\"score\"");
  char record[1024];
  snprintf(record, sizeof record, "{%s", no_area);
  const char* context = "{\"vung\":\"dan_toc_thieu_so\"}";
  result = NULL;
  st = hoctap_set_evaluate_json(set, record, strlen(record), "2023-06-30", context, strlen(context), 0, &result, NULL);
  CHECK(st == HOCTAP_OK);
  CHECK_CONTAINS(result, "\"decision\":\"recognized\"");
  hoctap_string_free(result);
  /* A context key the set does not read would be ignored: refused, with the nearest input. */
  const char* typo = "{\"vungg\":\"dan_toc_thieu_so\"}";
  err = NULL;
  result = NULL;
  st = hoctap_set_evaluate_json(set, record, strlen(record), "2023-06-30", typo, strlen(typo), 0, &result, &err);
  CHECK(st == HOCTAP_ERROR_INPUT);
  CHECK(result == NULL);
  CHECK_STR(hoctap_error_message(err), "context key `vungg` is not an input of `cong-dan-hoc-tap/244-2022`: it would be ignored; did you mean `vung`?");
  CHECK_STR(hoctap_error_message_vi(err),
            "khóa ngữ cảnh `vungg` không phải đầu vào của bộ `cong-dan-hoc-tap/244-2022`: giá trị này sẽ bị bỏ qua; có phải `vung`?");
  hoctap_error_free(err);
  hoctap_set_free(set);
}

static void test_registry(void) {
  hoctap_registry* reg = NULL;
  hoctap_diagnostics* diags = NULL;
  hoctap_error* err = NULL;
  hoctap_status st = hoctap_registry_load_directory(criteria, &reg, &diags, &err);
  CHECK(st == HOCTAP_OK);
  if (st != HOCTAP_OK) {
    fprintf(stderr, "%s\n%s", hoctap_error_message(err), hoctap_diagnostics_text(diags));
    hoctap_error_free(err);
    hoctap_diagnostics_free(diags);
    return;
  }
  hoctap_diagnostics_free(diags);
  CHECK(hoctap_registry_title_count(reg) >= 8);
  CHECK_STR(hoctap_registry_title(reg, 0), "cong_dan_hoc_tap");
  CHECK(hoctap_registry_title(reg, 1000) == NULL);

  hoctap_set* set = NULL;
  CHECK(hoctap_registry_find(reg, "cong_dan_hoc_tap", "2023-06-30", &set, NULL) == HOCTAP_OK);
  CHECK_STR(hoctap_set_id(set), "cong-dan-hoc-tap/244-2022");
  hoctap_registry_free(reg);  /* the set outlives its registry */
  CHECK_STR(hoctap_set_title(set), "cong_dan_hoc_tap");
  hoctap_set_free(set);

  /* The build tree has no installed criteria beside its library: without the variable
   * the official registry is not found, and the diagnostic says where it looked. */
  unsetenv("HOCTAP_CRITERIA_DIR");
  CHECK(hoctap_official_directory() == NULL);
  diags = NULL;
  err = NULL;
  st = hoctap_registry_load_official(&reg, &diags, &err);
  CHECK(st == HOCTAP_ERROR_CRITERIA);
  CHECK_STR(hoctap_error_message(err), "the official criteria folder has 1 error");
  CHECK_STR(hoctap_error_message_vi(err), "thư mục bộ tiêu chí chính thức có 1 lỗi");
  CHECK(hoctap_diagnostics_count(diags) == 1);
  CHECK_STR(hoctap_diagnostics_at(diags, 0)->code, "H001");
  CHECK_CONTAINS(hoctap_diagnostics_at(diags, 0)->message, "/share/hoctap/criteria`; set HOCTAP_CRITERIA_DIR to the criteria folder");
  hoctap_diagnostics_free(diags);
  hoctap_error_free(err);

  /* The official registry, found through HOCTAP_CRITERIA_DIR (tests/consumer checks the
   * installed lookup). */
  setenv("HOCTAP_CRITERIA_DIR", criteria, 1);
  reg = NULL;
  err = NULL;
  st = hoctap_registry_load_official(&reg, NULL, &err);
  CHECK(st == HOCTAP_OK);
  char* dir = hoctap_official_directory();
  CHECK_STR(dir, criteria);
  hoctap_string_free(dir);

  char* result = NULL;
  st = hoctap_registry_evaluate_json(reg, "cong_dan_hoc_tap", CITIZEN, strlen(CITIZEN), "2023-06-30", NULL, 0, 0,
                                     &result, &err);
  CHECK(st == HOCTAP_OK);
  CHECK_CONTAINS(result, "\"decision\":\"recognized\"");
  hoctap_string_free(result);
  /* Through the registry a family's context may give its adults' inputs, not a misspelt one. */
  const char* family = "{\"id\":\"f1\",\"hoc_tap_nang_cao_doi_song\":true}";
  const char* adults_area = "{\"vung\":\"binh_thuong\",\"ty_le_nguoi_lon_cdht_toi_thieu\":0.5}";
  result = NULL;
  st = hoctap_registry_evaluate_json(reg, "gia_dinh_hoc_tap", family, strlen(family), "2024-06-30", adults_area, strlen(adults_area), 0,
                                     &result, NULL);
  CHECK(st == HOCTAP_OK);
  hoctap_string_free(result);
  const char* misspelt = "{\"ty_le_nguoi_lon_cdht_toi_thieuu\":0.5}";
  err = NULL;
  result = NULL;
  st = hoctap_registry_evaluate_json(reg, "gia_dinh_hoc_tap", family, strlen(family), "2024-06-30", misspelt, strlen(misspelt), 0,
                                     &result, &err);
  CHECK(st == HOCTAP_ERROR_INPUT);
  CHECK_STR(hoctap_error_message(err),
            "context key `ty_le_nguoi_lon_cdht_toi_thieuu` is not an input of `gia-dinh-hoc-tap/2022` or of the sets judging its members: "
            "it would be ignored; did you mean `ty_le_nguoi_lon_cdht_toi_thieu`?");
  hoctap_error_free(err);

  err = NULL;
  st = hoctap_registry_evaluate_json(reg, "khong_co", "{}", 2, "2023-06-30", NULL, 0, 0, &result, &err);
  CHECK(st == HOCTAP_ERROR_NOT_FOUND);
  CHECK_STR(hoctap_error_message(err), "the registry has no title `khong_co`");
  hoctap_error_free(err);
  err = NULL;
  st = hoctap_registry_find(reg, "cong_dan_hoc_tap", "1990-01-01", &set, &err);
  CHECK(st == HOCTAP_ERROR_NOT_FOUND);
  CHECK_STR(hoctap_error_message(err), "no version of `cong_dan_hoc_tap` is in force on 1990-01-01");
  hoctap_error_free(err);
  hoctap_registry_free(reg);

  /* A NULL date is today (UTC), for a set as for the registry: the version in force today
   * judges on today. */
  reg = NULL;
  CHECK(hoctap_registry_load_directory(criteria, &reg, NULL, NULL) == HOCTAP_OK);
  set = NULL;
  CHECK(hoctap_registry_find(reg, "cong_dan_hoc_tap", NULL, &set, NULL) == HOCTAP_OK);
  char day[11], expected[64];
  today(day);
  snprintf(expected, sizeof expected, "\"assessment_date\":\"%s\"", day);
  result = NULL;
  err = NULL;
  st = hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), NULL, NULL, 0, 0, &result, &err);
  CHECK(st == HOCTAP_OK);
  if (st != HOCTAP_OK) fprintf(stderr, "%s\n", hoctap_error_message(err));
  hoctap_error_free(err);
  CHECK_CONTAINS(result, expected);
  hoctap_string_free(result);
  result = NULL;
  CHECK(hoctap_registry_evaluate_json(reg, "cong_dan_hoc_tap", CITIZEN, strlen(CITIZEN), NULL, NULL, 0, 0, &result, NULL) == HOCTAP_OK);
  CHECK_CONTAINS(result, expected);
  hoctap_string_free(result);
  hoctap_set_free(set);
  hoctap_registry_free(reg);

  /* A folder without a criteria file is an error that says so, not an empty registry. */
  char empty[] = "/tmp/hoctap-capi-empty-XXXXXX";
  CHECK(mkdtemp(empty) != NULL);
  reg = NULL;
  diags = NULL;
  err = NULL;
  st = hoctap_registry_load_directory(empty, &reg, &diags, &err);
  CHECK(st == HOCTAP_ERROR_CRITERIA);
  CHECK(reg == NULL);
  char message[512];
  snprintf(message, sizeof message, "`%s` has 1 error", empty);
  CHECK_STR(hoctap_error_message(err), message);
  CHECK(hoctap_diagnostics_count(diags) == 1);
  if (hoctap_diagnostics_count(diags) == 1) {
    CHECK_STR(hoctap_diagnostics_at(diags, 0)->code, "H001");
    snprintf(message, sizeof message, "`%s` holds no criteria file (a `.yaml` file other than `*.tests.yaml` and `targets.yaml`)", empty);
    CHECK_STR(hoctap_diagnostics_at(diags, 0)->message, message);
  }
  hoctap_diagnostics_free(diags);
  hoctap_error_free(err);

  /* A folder or a FIFO given as a criteria file: H001 naming what it is, at once (a FIFO
   * with no writer would block an open; the alarm fails the test instead of hanging). */
  char fifo[600];
  snprintf(fifo, sizeof fifo, "%s/set.yaml", empty);
  CHECK(mkfifo(fifo, 0600) == 0);
  const char* const paths[2] = {empty, fifo};
  const char* const kinds[2] = {"a folder", "a FIFO (named pipe)"};
  alarm(20);
  for (int i = 0; i < 2; ++i) {
    hoctap_set* none = NULL;
    diags = NULL;
    st = hoctap_set_load_file(paths[i], &none, &diags, NULL);
    CHECK(st == HOCTAP_ERROR_CRITERIA);
    CHECK(none == NULL);
    CHECK(hoctap_diagnostics_count(diags) == 1);
    if (hoctap_diagnostics_count(diags) == 1) {
      CHECK_STR(hoctap_diagnostics_at(diags, 0)->code, "H001");
      snprintf(message, sizeof message, "`%s` is %s, not a regular file: a criteria file is a file", paths[i], kinds[i]);
      CHECK_STR(hoctap_diagnostics_at(diags, 0)->message, message);
    }
    hoctap_diagnostics_free(diags);
  }
  alarm(0);
  unlink(fifo);
  rmdir(empty);

  /* A folder with a broken file: the registry is refused, with the file's diagnostics. */
  reg = NULL;
  diags = NULL;
  err = NULL;
  st = hoctap_registry_load_directory("/nonexistent-folder", &reg, &diags, &err);
  CHECK(st == HOCTAP_ERROR_CRITERIA);
  CHECK(reg == NULL);
  CHECK(hoctap_diagnostics_count(diags) >= 1);
  CHECK_STR(hoctap_diagnostics_at(diags, 0)->code, "H001");
  hoctap_diagnostics_free(diags);
  hoctap_error_free(err);
}

/* ---- Arrow: a producer's arrays, built by hand as pyarrow would lay them out ---------- */

typedef struct Column {
  struct ArrowSchema schema;
  struct ArrowArray array;
  const void* buffers[3];
} Column;

static void no_release_schema(struct ArrowSchema* s) { s->release = NULL; }
static void no_release_array(struct ArrowArray* a) { a->release = NULL; }

static void make_column(Column* c, const char* name, const char* format, int64_t length, const void* validity,
                        int64_t null_count, const void* b1, const void* b2) {
  memset(c, 0, sizeof *c);
  c->buffers[0] = validity;
  c->buffers[1] = b1;
  c->buffers[2] = b2;
  c->schema.format = format;
  c->schema.name = name;
  c->schema.flags = ARROW_FLAG_NULLABLE;
  c->schema.release = no_release_schema;
  c->array.length = length;
  c->array.null_count = null_count;
  c->array.n_buffers = b2 != NULL ? 3 : 2;
  c->array.buffers = c->buffers;
  c->array.release = no_release_array;
}

enum { ROWS = 3, NCOLS = 11 };

typedef struct Batch {
  Column cols[NCOLS];
  struct ArrowSchema* schema_children[NCOLS];
  struct ArrowArray* array_children[NCOLS];
  struct ArrowSchema schema;
  struct ArrowArray array;
  const void* buffers[1];
} Batch;

/* Row 0: 7 on every indicator in an ethnic-minority area (recognized, 70);
 * row 1: the same in an area the set does not know (a data problem: not assessable);
 * row 2: as row 0 with tc3_2 null (not assessable: 63 without it, 73 with full points). */
static const int64_t scores[ROWS] = {7, 7, 7};
static const int32_t tc3_2[ROWS] = {7, 7, 0};
static const uint8_t tc3_2_valid = 0x3; /* rows 0 and 1 */
static const int32_t area_offsets[ROWS + 1] = {0, 16, 24, 40};
static const char area_chars[] = "dan_toc_thieu_sokhong_rodan_toc_thieu_so";
static const char* const score_names[NCOLS - 2] = {"score.tc1_1", "score.tc1_2", "score.tc1_3", "score.tc1_4", "score.tc2_1",
                                                   "score.tc2_2", "score.tc2_3", "score.tc2_4", "score.tc3_1"};

static void make_batch(Batch* b) {
  memset(b, 0, sizeof *b);
  for (int i = 0; i < NCOLS - 2; ++i) make_column(&b->cols[i], score_names[i], "l", ROWS, NULL, 0, scores, NULL);
  make_column(&b->cols[NCOLS - 2], "score.tc3_2", "i", ROWS, &tc3_2_valid, 1, tc3_2, NULL);
  make_column(&b->cols[NCOLS - 1], "vung", "u", ROWS, NULL, 0, area_offsets, area_chars);
  for (int i = 0; i < NCOLS; ++i) {
    b->schema_children[i] = &b->cols[i].schema;
    b->array_children[i] = &b->cols[i].array;
  }
  b->schema.format = "+s";
  b->schema.name = "";
  b->schema.n_children = NCOLS;
  b->schema.children = b->schema_children;
  b->schema.release = no_release_schema;
  b->array.length = ROWS;
  b->array.n_buffers = 1;
  b->array.buffers = b->buffers;
  b->array.n_children = NCOLS;
  b->array.children = b->array_children;
  b->array.release = no_release_array;
}

static int child_index(const struct ArrowSchema* s, const char* name) {
  for (int64_t i = 0; i < s->n_children; ++i)
    if (strcmp(s->children[i]->name, name) == 0) return (int)i;
  return -1;
}

/* Row `row` of a utf8 result column, copied into `out` ("(null)" for null). */
static const char* text_at(const struct ArrowArray* a, int64_t row, char* out, size_t size) {
  const uint8_t* valid = (const uint8_t*)a->buffers[0];
  if (valid != NULL && !((valid[row >> 3] >> (row & 7)) & 1)) return "(null)";
  const int32_t* offsets = (const int32_t*)a->buffers[1];
  const char* chars = (const char*)a->buffers[2];
  size_t n = (size_t)(offsets[row + 1] - offsets[row]);
  if (n >= size) n = size - 1;
  memcpy(out, chars + offsets[row], n);
  out[n] = '\0';
  return out;
}

/* In check_arrow, which many threads run: counts and reports a failed condition (written
 * as the condition that is wrong when it holds). */
#define EXPECT(wrong)                                                            \
  do {                                                                           \
    if (wrong) {                                                                 \
      fprintf(stderr, "%s:%d: arrow check failed: %s\n", __FILE__, __LINE__, #wrong); \
      ++bad;                                                                     \
    }                                                                            \
  } while (0)

/* Evaluates the batch and checks each row's decision, total and error; 0 when all hold. */
static int check_arrow(const hoctap_set* set, unsigned threads) {
  Batch b;
  make_batch(&b);
  struct ArrowSchema out_schema;
  struct ArrowArray out_array;
  hoctap_error* err = NULL;
  hoctap_status st = hoctap_set_evaluate_arrow(set, &b.schema, &b.array, "2023-06-30", threads, HOCTAP_LANG_EN,
                                               &out_schema, &out_array, &err);
  if (st != HOCTAP_OK) {
    fprintf(stderr, "evaluate_arrow: %s\n", hoctap_error_message(err));
    hoctap_error_free(err);
    return 1;
  }
  int bad = 0;
  char buf[512];
  EXPECT(strcmp(out_schema.format, "+s") != 0);
  EXPECT(out_array.length != ROWS);
  int decision = child_index(&out_schema, "decision");
  int total = child_index(&out_schema, "total");
  int recognized = child_index(&out_schema, "recognized");
  int error = child_index(&out_schema, "error");
  int status = child_index(&out_schema, "tc3.status");
  EXPECT(decision < 0 || total < 0 || recognized < 0 || error < 0 || status < 0);
  if (bad == 0) {
    const struct ArrowArray* d = out_array.children[decision];
    EXPECT(strcmp(text_at(d, 0, buf, sizeof buf), "recognized") != 0);
    EXPECT(strcmp(text_at(d, 1, buf, sizeof buf), "not_assessable") != 0);
    EXPECT(strcmp(text_at(d, 2, buf, sizeof buf), "not_assessable") != 0);
    const double* totals = (const double*)out_array.children[total]->buffers[1];
    EXPECT(totals[0] != 70.0 || totals[1] != 70.0);
    const uint8_t* rec = (const uint8_t*)out_array.children[recognized]->buffers[1];
    EXPECT((rec[0] & 7) != 1);
    const struct ArrowArray* e = out_array.children[error];
    EXPECT(e->null_count != 2);
    EXPECT(strcmp(text_at(e, 0, buf, sizeof buf), "(null)") != 0);
    EXPECT(strcmp(text_at(e, 1, buf, sizeof buf), "`vung` = 'khong_ro' is not on scale `vung` (binh_thuong, vung_sau_vung_xa, dan_toc_thieu_so)") != 0);
    EXPECT(strcmp(text_at(e, 2, buf, sizeof buf), "(null)") != 0);
    /* tc3 is not met either way: tc3_1 already misses full points (7 of 10). */
    EXPECT(strcmp(text_at(out_array.children[status], 2, buf, sizeof buf), "not_met") != 0);
    EXPECT(strcmp(out_schema.children[error]->format, "u") != 0);
  }
  /* A consumer may move a child out and release it on its own, then the parent. */
  struct ArrowArray moved = *out_array.children[0];
  out_array.children[0]->release = NULL;
  moved.release(&moved);
  out_array.release(&out_array);
  out_schema.release(&out_schema);
  EXPECT(out_array.release != NULL || out_schema.release != NULL);
  return bad;
}

/* The value of `key` in a schema's metadata (Arrow's encoding: an int32 count, then each
 * key and value as an int32 length and its bytes), or NULL. */
static const char* metadata_of(const struct ArrowSchema* s, const char* key) {
  static char value[4096];
  const char* p = s->metadata;
  if (p == NULL) return NULL;
  int32_t pairs, n;
  memcpy(&pairs, p, 4);
  p += 4;
  for (int32_t i = 0; i < pairs; ++i) {
    memcpy(&n, p, 4);
    int is_key = n == (int32_t)strlen(key) && memcmp(p + 4, key, (size_t)n) == 0;
    p += 4 + n;
    memcpy(&n, p, 4);
    if (is_key && n < (int32_t)sizeof value) {
      memcpy(value, p + 4, (size_t)n);
      value[n] = '\0';
      return value;
    }
    p += 4 + n;
  }
  return NULL;
}

static void test_arrow(void) {
  hoctap_set* set = load_citizen_set();
  CHECK(check_arrow(set, 1) == 0);
  CHECK(check_arrow(set, 0) == 0);

  /* Malformed batches: HOCTAP_ERROR_BATCH with the reason, the caller's arrays untouched. */
  Batch b;
  struct ArrowSchema out_schema;
  struct ArrowArray out_array;
  hoctap_error* err = NULL;
  hoctap_status st;
  make_batch(&b);
  b.schema.format = "+l";
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, NULL, 1, 0, &out_schema, &out_array, &err) == HOCTAP_ERROR_BATCH);
  CHECK_STR(hoctap_error_message(err), "the batch is not a struct array (format `+s`)");
  CHECK_STR(hoctap_error_message_vi(err), "lô dữ liệu không phải mảng struct (định dạng `+s`)");
  hoctap_error_free(err);

  make_batch(&b);
  b.cols[0].schema.format = "tsu:";
  err = NULL;
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, NULL, 1, 0, &out_schema, &out_array, &err) == HOCTAP_ERROR_BATCH);
  CHECK_STR(hoctap_error_message(err), "column `score.tc1_1` has Arrow type `tsu:`, which hoctap does not read");
  CHECK_STR(hoctap_error_message_vi(err), "cột `score.tc1_1` có kiểu Arrow `tsu:`, hoctap không đọc được kiểu này");
  hoctap_error_free(err);

  make_batch(&b);
  b.cols[3].array.length = 2;
  err = NULL;
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, NULL, 1, 0, &out_schema, &out_array, &err) == HOCTAP_ERROR_BATCH);
  CHECK_STR(hoctap_error_message(err), "column `score.tc1_4` is shorter than the batch");
  CHECK_STR(hoctap_error_message_vi(err), "cột `score.tc1_4` ngắn hơn lô dữ liệu");
  hoctap_error_free(err);

  make_batch(&b);
  b.cols[1].buffers[1] = NULL;
  err = NULL;
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, NULL, 1, 0, &out_schema, &out_array, &err) == HOCTAP_ERROR_BATCH);
  CHECK_STR(hoctap_error_message(err), "column `score.tc1_2` has no data buffer");
  CHECK_STR(hoctap_error_message_vi(err), "cột `score.tc1_2` không có bộ đệm dữ liệu");
  hoctap_error_free(err);

  make_batch(&b);
  b.schema.n_children = 3;
  err = NULL;
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, NULL, 1, 0, &out_schema, &out_array, &err) == HOCTAP_ERROR_BATCH);
  CHECK_STR(hoctap_error_message(err), "the batch's schema has 3 columns and its array 11");
  CHECK_STR(hoctap_error_message_vi(err), "lược đồ (schema) của lô dữ liệu có 3 cột còn mảng của nó có 11");
  hoctap_error_free(err);

  make_batch(&b);
  b.cols[2].schema.name = NULL;
  err = NULL;
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, NULL, 1, 0, &out_schema, &out_array, &err) == HOCTAP_ERROR_BATCH);
  CHECK_STR(hoctap_error_message(err), "a column has no name");
  CHECK_STR(hoctap_error_message_vi(err), "một cột không có tên");
  hoctap_error_free(err);

  make_batch(&b);
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, NULL, 1, 0, NULL, &out_array, NULL) == HOCTAP_ERROR_INVALID_ARGUMENT);

  /* A day outside the set's validity: not found, as for JSON. */
  make_batch(&b);
  err = NULL;
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, "1990-01-01", 1, 0, &out_schema, &out_array, &err) == HOCTAP_ERROR_NOT_FOUND);
  CHECK_STR(hoctap_error_message(err), OUTSIDE_EN);
  CHECK_STR(hoctap_error_message_vi(err), OUTSIDE_VI);
  hoctap_error_free(err);

  /* HOCTAP_EXPLAIN has nothing to add to Arrow results: refused, not ignored. */
  make_batch(&b);
  err = NULL;
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, "2023-06-30", 1, HOCTAP_EXPLAIN, &out_schema, &out_array, &err) ==
        HOCTAP_ERROR_INVALID_ARGUMENT);
  CHECK_STR(hoctap_error_message(err),
            "HOCTAP_EXPLAIN does not apply to Arrow batches (their results carry no reasons): explain rows with hoctap_set_evaluate_json");
  CHECK_STR(hoctap_error_message_vi(err),
            "HOCTAP_EXPLAIN không áp dụng cho lô Arrow (kết quả của lô không kèm lý do): hãy giải thích từng dòng bằng hoctap_set_evaluate_json");
  hoctap_error_free(err);

  /* HOCTAP_EACH_PROBLEM: each data problem apart, with its row, in the result's metadata;
   * without it the key is absent. A record's JSON lists its problems already: refused there. */
  make_batch(&b);
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, "2023-06-30", 1, HOCTAP_EACH_PROBLEM, &out_schema, &out_array, NULL) ==
        HOCTAP_OK);
  CHECK_STR(metadata_of(&out_schema, "hoctap.problems"),
            "[{\"row\":1,\"input\":\"vung\",\"code\":\"unknown_category\","
            "\"message\":\"`vung` = 'khong_ro' is not on scale `vung` (binh_thuong, vung_sau_vung_xa, dan_toc_thieu_so)\","
            "\"message_vi\":\"`vung` = 'khong_ro' không thuộc thang `vung` (binh_thuong, vung_sau_vung_xa, dan_toc_thieu_so)\"}]");
  CHECK_STR(metadata_of(&out_schema, "hoctap.warnings"), "[]");
  out_array.release(&out_array);
  out_schema.release(&out_schema);
  make_batch(&b);
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, "2023-06-30", 1, 0, &out_schema, &out_array, NULL) == HOCTAP_OK);
  CHECK(metadata_of(&out_schema, "hoctap.problems") == NULL);
  out_array.release(&out_array);
  out_schema.release(&out_schema);
  {
    char* json = NULL;
    const char* record = "{\"vung\":\"binh_thuong\"}";
    err = NULL;
    CHECK(hoctap_set_evaluate_json(set, record, strlen(record), "2023-06-30", NULL, 0, HOCTAP_EACH_PROBLEM, &json, &err) ==
          HOCTAP_ERROR_INVALID_ARGUMENT);
    CHECK_STR(hoctap_error_message(err),
              "HOCTAP_EACH_PROBLEM applies to Arrow batches: a record's JSON result lists each of its data problems already (`problems`)");
    CHECK_STR(hoctap_error_message_vi(err),
              "HOCTAP_EACH_PROBLEM chỉ áp dụng cho lô Arrow: kết quả JSON của một bản ghi đã liệt kê từng vấn đề dữ liệu của nó (`problems`)");
    hoctap_error_free(err);
    CHECK(json == NULL);
  }

  /* A column the set does not read: the batch's warnings, in the result's metadata. */
  make_batch(&b);
  b.cols[3].schema.name = "score.tc1_4x";
  CHECK(hoctap_set_evaluate_arrow(set, &b.schema, &b.array, "2023-06-30", 1, 0, &out_schema, &out_array, NULL) == HOCTAP_OK);
  CHECK_STR(metadata_of(&out_schema, "hoctap.warnings"),
            "[{\"code\":\"unknown_input\",\"name\":\"score.tc1_4x\",\"suggestion\":\"score.tc1_4\","
            "\"message\":\"`score.tc1_4x` is not an input of `cong-dan-hoc-tap/244-2022`; did you mean `score.tc1_4`?\","
            "\"message_vi\":\"`score.tc1_4x` không phải đầu vào của bộ `cong-dan-hoc-tap/244-2022`; có phải `score.tc1_4`?\"},"
            "{\"code\":\"missing_input\",\"name\":\"score.tc1_4\",\"suggestion\":null,"
            "\"message\":\"no value is given for input `score.tc1_4` of `cong-dan-hoc-tap/244-2022`\","
            "\"message_vi\":\"không có giá trị cho đầu vào `score.tc1_4` của bộ `cong-dan-hoc-tap/244-2022`\"}]");
  out_array.release(&out_array);
  out_schema.release(&out_schema);

  /* An empty batch (pyarrow and Polars make them) is evaluated to no rows, whatever its
   * columns' types: converted ones (int32, utf8) and one whose data buffer is null. */
  make_batch(&b);
  b.array.length = 0;
  for (int i = 0; i < NCOLS; ++i) b.cols[i].array.length = 0;
  b.cols[0].buffers[1] = NULL;
  err = NULL;
  st = hoctap_set_evaluate_arrow(set, &b.schema, &b.array, "2023-06-30", 1, 0, &out_schema, &out_array, &err);
  CHECK(st == HOCTAP_OK);
  if (st == HOCTAP_OK) {
    CHECK(out_array.length == 0);
    CHECK(child_index(&out_schema, "decision") == 0 && child_index(&out_schema, "error") == out_schema.n_children - 1);
    CHECK_STR(metadata_of(&out_schema, "hoctap.warnings"), "[]");
    out_array.release(&out_array);
    out_schema.release(&out_schema);
  } else {
    fprintf(stderr, "empty batch: %s\n", hoctap_error_message(err));
  }
  hoctap_error_free(err);
  hoctap_set_free(set);
}

/* ---- many threads on one set -------------------------------------------------------------- */

enum { THREADS = 8, ROUNDS = 200 };

typedef struct Work {
  const hoctap_set* set;
  const char* expected;
  int failures;
} Work;

static void* evaluate_many(void* arg) {
  Work* w = (Work*)arg;
  for (int i = 0; i < ROUNDS; ++i) {
    char* result = NULL;
    hoctap_error* err = NULL;
    if (hoctap_set_evaluate_json(w->set, CITIZEN, strlen(CITIZEN), "2023-06-30", NULL, 0, 0, &result, &err) != HOCTAP_OK ||
        strcmp(result, w->expected) != 0)
      ++w->failures;
    hoctap_string_free(result);
    /* An error path on every round too: errors are per call, not shared state. */
    if (hoctap_set_evaluate_json(w->set, "{", 1, NULL, NULL, 0, 0, &result, &err) != HOCTAP_ERROR_INPUT) ++w->failures;
    hoctap_error_free(err);
    if (i % 20 == 0) w->failures += check_arrow(w->set, 1);
  }
  return NULL;
}

static void test_threads(void) {
  hoctap_set* set = load_citizen_set();
  char* expected = NULL;
  CHECK(hoctap_set_evaluate_json(set, CITIZEN, strlen(CITIZEN), "2023-06-30", NULL, 0, 0, &expected, NULL) == HOCTAP_OK);
  pthread_t threads[THREADS];
  Work work[THREADS];
  for (int t = 0; t < THREADS; ++t) {
    work[t].set = set;
    work[t].expected = expected;
    work[t].failures = 0;
    CHECK(pthread_create(&threads[t], NULL, evaluate_many, &work[t]) == 0);
  }
  for (int t = 0; t < THREADS; ++t) {
    pthread_join(threads[t], NULL);
    CHECK(work[t].failures == 0);
  }
  hoctap_string_free(expected);
  hoctap_set_free(set);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: capi_test CRITERIA_DIR\n");
    return 2;
  }
  snprintf(criteria, sizeof criteria, "%s", argv[1]);
  setenv("HOCTAP_CRITERIA_DIR", criteria, 1);
  test_version_and_names();
  test_load_file();
  test_load_errors_are_data();
  test_evaluate_json();
  test_registry();
  test_arrow();
  test_threads();
  if (failures != 0) {
    fprintf(stderr, "capi_test: %d checks failed\n", failures);
    return 1;
  }
  printf("capi_test: all checks passed\n");
  return 0;
}
