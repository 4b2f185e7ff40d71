#!/usr/bin/env bash
# Runs one benchmark main on the JDK the build uses (21 or newer) with the test classpath that
# bench/run.sh wrote; e.g. bench/java.sh org.reshard.bench.CopyBench --quick
set -euo pipefail
cd "$(dirname "$0")/.."
java=""
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [[ -x "$candidate/bin/java" ]] && "$candidate/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
    java="$candidate/bin/java"
    break
  fi
done
[[ -n "$java" ]] || { echo "no JDK 21 or newer found (set JAVA_HOME)" >&2; exit 2; }
[[ -f target/test-classpath.txt ]] || { echo "build first: bench/run.sh builds the classes and the classpath" >&2; exit 2; }
jvm_options=()
while [[ $# -gt 0 && "$1" == -* ]]; do
  jvm_options+=("$1")
  shift
done
exec "$java" --enable-native-access=ALL-UNNAMED -Dreshard.home=target/bench-home "${jvm_options[@]}" \
  -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" "$@"
