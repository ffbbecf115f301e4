/* A C program using an installed hoctap: opens the installed official registry (no path
 * given: the library finds share/hoctap/criteria under its own prefix), evaluates a
 * citizen given as JSON on the command line, prints the title's set id and the result. */
#include <hoctap/hoctap.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: c-consumer TITLE DATE RECORD_JSON\n");
    return 2;
  }
  hoctap_registry* reg = NULL;
  hoctap_diagnostics* diags = NULL;
  hoctap_error* err = NULL;
  if (hoctap_registry_load_official(&reg, &diags, &err) != HOCTAP_OK) {
    fprintf(stderr, "%s\n%s", hoctap_error_message(err), hoctap_diagnostics_text(diags));
    hoctap_error_free(err);
    hoctap_diagnostics_free(diags);
    return 3;
  }
  hoctap_diagnostics_free(diags);
  hoctap_set* set = NULL;
  char* result = NULL;
  int rc = 0;
  if (hoctap_registry_find(reg, argv[1], argv[2], &set, &err) != HOCTAP_OK ||
      hoctap_registry_evaluate_json(reg, argv[1], argv[3], strlen(argv[3]), argv[2], NULL, 0, 0, &result, &err) != HOCTAP_OK) {
    fprintf(stderr, "%s: %s\n", hoctap_status_name(hoctap_error_code(err)), hoctap_error_message(err));
    hoctap_error_free(err);
    rc = 1;
  } else {
    printf("%s %s\n", hoctap_set_id(set), result);
  }
  hoctap_string_free(result);
  hoctap_set_free(set);
  hoctap_registry_free(reg);
  return rc;
}
