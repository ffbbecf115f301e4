#!/usr/bin/env bash
# `hoctap evaluate --input FILE.csv` against golden files: for each case, the exit code,
# stdout and stderr (and the --output file) must equal <case>.expected exactly.
# usage: run.sh HOCTAP_CLI SOURCE_DIR [--update]
set -u
cli=$1 src=$2 update=${3:-}
here=$src/tests/cli_csv
set_file=criteria/cong-dan-hoc-tap/324-2023.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2
failed=0
# Without --lang a run speaks the locale's language: these run in an English one.
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8
# case NAME ARGS...: runs `hoctap evaluate --title cong_dan_hoc_tap --date 2024-06-30 ARGS`.
case_() {
  local name=$1
  shift
  local got=$tmp/$name.got
  (cd "$src" && "$cli" evaluate --title cong_dan_hoc_tap --date 2024-06-30 "$@" >"$tmp/out" 2>"$tmp/err"; echo "exit $?" >"$tmp/rc")
  {
    cat "$tmp/rc"
    echo "--- stdout"
    cat "$tmp/out"
    echo "--- stderr"
    cat "$tmp/err"
    for f in "$tmp"/results.*; do
      [ -f "$f" ] || continue
      echo "--- ${f##*/}"
      cat "$f"
      rm -f "$f"
    done
  } >"$got"
  if [ "$update" = --update ]; then
    cp "$got" "$here/$name.expected"
  elif ! diff -u "$here/$name.expected" "$got"; then
    echo "FAILED: $name"
    failed=1
  fi
}
case_ csv_to_csv --criteria "$set_file" --input tests/cli_csv/citizens.csv
case_ csv_to_jsonl --criteria "$set_file" --input tests/cli_csv/citizens.csv --format jsonl
case_ bad_cells_and_lines --criteria "$set_file" --input tests/cli_csv/bad.csv
# Values the set refuses, every line read: each row's problems, exit 0 (as JSON records).
case_ bad_values_every_line_read --criteria "$set_file" --input tests/cli_csv/bad_values.csv
case_ bad_cells_in_vietnamese --criteria "$set_file" --input tests/cli_csv/bad.csv --lang vi
case_ bad_cells_in_english_to_a_jsonl_file --criteria "$set_file" --input tests/cli_csv/bad.csv --lang en --output "$tmp/results.jsonl"
case_ to_a_csv_file --criteria "$set_file" --input tests/cli_csv/citizens.csv --output "$tmp/results.csv"
case_ missing_and_unknown_columns_warn --criteria "$set_file" --input tests/cli_csv/missing.csv
case_ strict_refuses_missing_and_unknown_columns --criteria "$set_file" --input tests/cli_csv/missing.csv --strict
HOCTAP_CRITERIA_DIR=$src/criteria case_ official_criteria_by_default --input tests/cli_csv/citizens.csv
case_ no_such_file --criteria "$set_file" --input tests/cli_csv/none.csv
case_ output_needs_csv_input --criteria "$set_file" --input examples/data/cong-dan-2023.jsonl --output "$tmp/results.csv"
# Errors in the --lang language: a refused --place, a file that cannot be read, JSON
# records that cannot be read (the CSV reader's unreadable lines: bad_cells_in_vietnamese).
case_ place_refused_in_vietnamese --criteria "$set_file" --input tests/cli_csv/citizens.csv --place "quang_ninh/Ha Long" --lang vi
case_ place_refused_in_english --criteria "$set_file" --input tests/cli_csv/citizens.csv --place "quang_ninh/Ha Long" --lang en
case_ no_such_file_in_vietnamese --criteria "$set_file" --input tests/cli_csv/none.csv --lang vi
case_ json_read_errors_in_vietnamese --criteria "$set_file" --input tests/cli_csv/bad.jsonl --lang vi
case_ explain_needs_json_input --criteria "$set_file" --input tests/cli_csv/citizens.csv --explain
exit $failed
