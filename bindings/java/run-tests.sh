#!/usr/bin/env bash
# The Java binding's tests, as CTest runs them: installs the built hoctap into a temporary
# prefix, builds the jar, runs the JUnit tests and the example against the installed
# library, which finds the installed official criteria by itself.
#   bindings/java/run-tests.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset HOCTAP_CRITERIA_DIR
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
"$source/bindings/java/build.sh" "$tmp/hoctap.jar"
deps=/usr/share/java/jna.jar:/usr/share/java/gson.jar
javac --release 17 -d "$tmp/test-classes" -cp "$tmp/hoctap.jar:$deps:/usr/share/java/junit4.jar" \
  $(find "$source/bindings/java/src/test/java" -name '*.java')
java -Djna.library.path="$tmp/prefix/lib" -Dhoctap.source="$source" \
  -cp "$tmp/test-classes:$tmp/hoctap.jar:$deps:/usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar" \
  org.junit.runner.JUnitCore vn.hoctap.HoctapTest
out=$(cd "$tmp" && java -Djna.library.path="$tmp/prefix/lib" -cp "$tmp/hoctap.jar:$deps" "$source/bindings/java/examples/Example.java")
[[ $out == "recognized 70" ]] || { echo "the Java example printed: $out"; exit 1; }
echo "java: JUnit tests and the example pass against the installed prefix"
