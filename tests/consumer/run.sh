#!/usr/bin/env bash
# Installs the built hoctap into a temporary prefix, then uses it as integrators do: the
# CLI from the prefix (RUNPATH, the installed official criteria, in a pipe), a C++
# consumer with find_package (built as C++20) and with pkg-config, a C consumer (and a
# Go one through cgo) that opens the installed official registry, the exported symbols;
# then the CLI and the C consumer from the .deb CPack makes, unpacked with dpkg-deb -x
# into a temporary root.
set -euo pipefail
build=$1 source=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset HOCTAP_CRITERIA_DIR LD_LIBRARY_PATH
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

# A citizen of an ethnic-minority area with 7 points on each indicator: recognized (70/100).
citizen='{"id":"c-1","vung":"dan_toc_thieu_so","score":{"tc1_1":7,"tc1_2":7,"tc1_3":7,"tc1_4":7,"tc2_1":7,"tc2_2":7,"tc2_3":7,"tc2_4":7,"tc3_1":7,"tc3_2":7}}'

n_sets=$(find "$source/criteria" -name '*.yaml' ! -name '*.tests.yaml' ! -name targets.yaml | wc -l)

# The CLI runs from wherever the tree lies and reads the installed criteria: a record from
# a pipe, records line by line from a driving process, a CSV file.
check_cli() {  # ROOT (the installed prefix)
  local root=$1 out
  out=$("$root/bin/hoctap" --help | head -1)
  [[ $out == "hoctap: criteria for Vietnam's learning-society titles (version 0.1.0)" ]] || { echo "$root/bin/hoctap --help printed: $out"; exit 1; }
  out=$(printf '%s\n' "$citizen" | "$root/bin/hoctap" evaluate --criteria "$root/share/hoctap/criteria" --title cong_dan_hoc_tap --date 2023-06-30 --input -)
  [[ $out == '{"row":0,"id":"c-1","decision":"recognized","recognized":true,"total":70,'* ]] || { echo "$root/bin/hoctap evaluate printed: $out"; exit 1; }
  # Driven line by line, with no --criteria (the installed official criteria): each answer
  # is read before the next record is written.
  coproc CLI { "$root/bin/hoctap" evaluate --title cong_dan_hoc_tap --date 2023-06-30 --input - 2>&1; }
  local line
  for n in 0 1; do
    printf '%s\n' "$citizen" >&"${CLI[1]}"
    IFS= read -r -t 20 line <&"${CLI[0]}" || { echo "$root/bin/hoctap gave no answer to record $n in a pipe"; exit 1; }
    [[ $line == '{"row":'$n',"id":"c-1","decision":"recognized","recognized":true,"total":70,'* ]] || { echo "in a pipe, record $n: $line"; exit 1; }
  done
  exec {CLI[1]}>&-
  wait "$CLI_PID" || { echo "$root/bin/hoctap in a pipe exited $?"; exit 1; }
  # A CSV file, with no --criteria, results as CSV.
  printf 'id,vung,score.tc1_1,score.tc1_2,score.tc1_3,score.tc1_4,score.tc2_1,score.tc2_2,score.tc2_3,score.tc2_4,score.tc3_1,score.tc3_2\nc-1,dan_toc_thieu_so,7,7,7,7,7,7,7,7,7,7\n' >"$tmp/citizens.csv"
  "$root/bin/hoctap" evaluate --title cong_dan_hoc_tap --date 2023-06-30 --input "$tmp/citizens.csv" --output "$tmp/results.csv"
  out=$(tail -1 "$tmp/results.csv")
  [[ $out == 'c-1,recognized,true,70,'* ]] || { echo "$root/bin/hoctap evaluate on a CSV file wrote: $out"; exit 1; }
  out=$("$root/bin/hoctap" validate "$root/share/hoctap/criteria" 2>&1 | tail -1)
  # The sets and targets.yaml.
  [[ $out == "$((n_sets + 1)) files checked: 0 errors, 0 warnings" ]] || { echo "the installed criteria do not validate: $out"; exit 1; }
}
# The C consumer opens the installed official registry with no path given.
check_c() {  # EXE
  local out
  out=$("$1" cong_dan_hoc_tap 2023-06-30 "$citizen")
  [[ $out == 'cong-dan-hoc-tap/244-2022 {"decision":"recognized","recognized":true,"total":70,'* ]] || { echo "C consumer $1 printed: $out"; exit 1; }
}

readelf -d "$prefix/bin/hoctap" | grep -q 'RUNPATH.*\[\$ORIGIN/\.\./lib' || { echo "bin/hoctap has no RUNPATH \$ORIGIN/../lib"; readelf -d "$prefix/bin/hoctap" | grep -i path; exit 1; }
check_cli "$prefix"
n_official=$(find "$source/criteria" -name '*.yaml' | wc -l)
n_installed=$(find "$prefix/share/hoctap/criteria" -name '*.yaml' | wc -l)
[[ $n_official == "$n_installed" ]] || { echo "installed $n_installed criteria files of $n_official"; exit 1; }

cmake -S "$source/tests/consumer" -B "$tmp/cmake" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
criteria_dir=$(realpath "$prefix/share/hoctap/criteria")
[[ $(realpath "$(cat "$tmp/cmake/criteria_dir.txt")") == "$criteria_dir" ]] || { echo "hoctap_CRITERIA_DIR is $(cat "$tmp/cmake/criteria_dir.txt")"; exit 1; }
check_cpp() {  # EXE, what built it
  local out expected
  out=$("$1" "$source/criteria/don-vi-hoc-tap/tt22-2020.yaml")
  expected="don-vi-hoc-tap-huyen-tinh/tt22-2020 not_assessable 0.1.0
official $(find "$source/criteria" -name '*.yaml' ! -name '*.tests.yaml' ! -name targets.yaml -exec grep -h '^title:' {} + | sort -u | wc -l) titles in $criteria_dir
c++ 202002"
  [[ $out == "$expected" ]] || { echo "$2 consumer printed:"; echo "$out"; echo "expected:"; echo "$expected"; exit 1; }
}
check_cpp "$tmp/cmake/consumer" "find_package"
check_c "$tmp/cmake/c-consumer"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig"
[[ $(pkg-config --cflags hoctap) != *-std=* ]] || { echo "hoctap.pc imposes a standard: $(pkg-config --cflags hoctap)"; exit 1; }
[[ $(realpath "$(pkg-config --variable=criteriadir hoctap)") == "$criteria_dir" ]] || { echo "hoctap.pc criteriadir is $(pkg-config --variable=criteriadir hoctap)"; exit 1; }
g++ -std=c++20 "$source/tests/consumer/main.cpp" -o "$tmp/pc-consumer" $(pkg-config --cflags --libs hoctap) -Wl,-rpath,"$(pkg-config --variable=libdir hoctap)"
check_cpp "$tmp/pc-consumer" "pkg-config"
gcc -std=c11 -Wall -Wextra -Wpedantic -Werror "$source/tests/consumer/main.c" -o "$tmp/pc-c-consumer" $(pkg-config --cflags --libs hoctap) -Wl,-rpath,"$(pkg-config --variable=libdir hoctap)"
check_c "$tmp/pc-c-consumer"
# Go through cgo on the same header (golang-go; scripts/setup installs it).
if command -v go >/dev/null; then
  (cd "$source/tests/consumer/go" && GOCACHE="$tmp/gocache" GOPATH="$tmp/gopath" \
    go build -ldflags "-r $(pkg-config --variable=libdir hoctap)" -o "$tmp/go-consumer" main.go)
  check_c "$tmp/go-consumer"
  go_checked=", Go through cgo"
fi
unset PKG_CONFIG_PATH

# Only the API is exported: the C++ API in hoctap::v0 and the C API's hoctap_* functions,
# no internal or third-party symbol.
lib=$(find "$prefix" -name "libhoctap.so.*.*.*" | head -1)
leaks=$(nm -DC --defined-only "$lib" | grep -E ' (T|W|D|B|V) ' | grep -v 'hoctap::v0::' | grep -vE ' T hoctap_[a-z0-9_]+$' | grep -vE 'typeinfo|vtable|std::|__gnu_cxx' || true)
[[ -z $leaks ]] || { echo "symbols outside hoctap::v0 and the C API are exported:"; echo "$leaks" | head; exit 1; }
internal=$(nm -DC --defined-only "$lib" | grep 'hoctap::v0::internal::' | grep -v 'typeinfo\|vtable' || true)
[[ -z $internal ]] || { echo "internal symbols are exported:"; echo "$internal" | head; exit 1; }
# Every function hoctap.h declares is exported, and nothing else in C.
declared=$(grep -oE '\bhoctap_[a-z0-9_]+\(' "$prefix/include/hoctap/hoctap.h" | tr -d '(' | sort -u)
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" && $3 ~ /^hoctap_/ {print $3}' | sort -u)
[[ $declared == "$exported" ]] || { echo "C API: declared and exported functions differ:"; diff <(echo "$declared") <(echo "$exported"); exit 1; }
soname=$(readelf -d "$lib" | grep SONAME | grep -o "\[.*\]")
[[ $soname == *"libhoctap.so.0.1"* ]] || { echo "unexpected SONAME: $soname"; exit 1; }

# The Debian package: made by CPack, unpacked (not installed) into a temporary root.
(cd "$tmp" && cpack -G DEB -B "$tmp/deb" --config "$build/CPackConfig.cmake" >/dev/null)
deb=$(find "$tmp/deb" -maxdepth 1 -name 'hoctap_*.deb' | head -1)
[[ -n $deb ]] || { echo "cpack made no .deb"; exit 1; }
depends=$(dpkg-deb -f "$deb" Depends)
[[ $depends == *libyaml-cpp* ]] || { echo "the .deb does not depend on yaml-cpp: $depends"; exit 1; }
dpkg-deb -x "$deb" "$tmp/root"
check_cli "$tmp/root/usr"
gcc -std=c11 "$source/tests/consumer/main.c" -o "$tmp/deb-c-consumer" -I"$tmp/root/usr/include" -L"$tmp/root/usr/lib" -lhoctap -Wl,-rpath,"$tmp/root/usr/lib"
check_c "$tmp/deb-c-consumer"
[[ $(ldd "$tmp/deb-c-consumer" | grep libhoctap) == *"$tmp/root/usr/lib/"* ]] || { echo "the .deb consumer did not use the unpacked library"; exit 1; }

echo "consumer: CLI, find_package (C++20, C), pkg-config (C++20, C)${go_checked:-} and the unpacked .deb ($(basename "$deb")) work; exported: hoctap::v0 and $(echo "$exported" | wc -l) C functions; $soname"
