#!/usr/bin/env bash
# Builds the Java binding into a jar with javac and jar alone (no Maven, no network):
#   bindings/java/build.sh OUT.jar
# Compiles against Debian's JNA and Gson (libjna-java, libgoogle-gson-java).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac --release 17 -Xlint:all -Werror -d "$classes" -cp /usr/share/java/jna.jar:/usr/share/java/gson.jar \
  $(find "$here/src/main/java" -name '*.java')
jar --create --file "$out" -C "$classes" .
