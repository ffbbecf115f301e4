#!/usr/bin/env bash
# Installs the built hoctap into a temporary prefix, then builds and runs the consumer
# with find_package and, separately, with pkg-config.
set -euo pipefail
build=$1 source=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$source/tests/consumer" -B "$tmp/cmake" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
expected="don-vi-hoc-tap-huyen-tinh/tt22-2020 not_assessable"
out=$("$tmp/cmake/consumer" "$source/criteria/don-vi-hoc-tap/tt22-2020.yaml")
[[ $out == "$expected "* ]] || { echo "find_package consumer printed: $out"; exit 1; }
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig:$tmp/prefix/lib/x86_64-linux-gnu/pkgconfig"
g++ "$source/tests/consumer/main.cpp" -o "$tmp/pc-consumer" $(pkg-config --cflags --libs hoctap) -Wl,-rpath,"$(pkg-config --variable=libdir hoctap)"
out=$("$tmp/pc-consumer" "$source/criteria/don-vi-hoc-tap/tt22-2020.yaml")
[[ $out == "$expected "* ]] || { echo "pkg-config consumer printed: $out"; exit 1; }
# Only the API is exported: no internal or third-party symbol leaks from the library.
lib=$(find "$tmp/prefix" -name "libhoctap.so.*.*.*" | head -1)
leaks=$(nm -DC --defined-only "$lib" | grep -E ' (T|W|D|B|V) ' | grep -v 'hoctap::v0::' | grep -vE 'typeinfo|vtable|std::|__gnu_cxx' || true)
[[ -z $leaks ]] || { echo "symbols outside hoctap::v0 are exported:"; echo "$leaks" | head; exit 1; }
internal=$(nm -DC --defined-only "$lib" | grep 'hoctap::v0::internal::' | grep -v 'typeinfo\|vtable' || true)
[[ -z $internal ]] || { echo "internal symbols are exported:"; echo "$internal" | head; exit 1; }
soname=$(readelf -d "$lib" | grep SONAME)
[[ $soname == *"libhoctap.so.0.1"* ]] || { echo "unexpected SONAME: $soname"; exit 1; }
echo "consumer: find_package and pkg-config builds work; only hoctap::v0 symbols exported; $soname"
