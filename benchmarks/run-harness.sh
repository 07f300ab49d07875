#!/usr/bin/env bash
# Runs one of the benchmarks module's harnesses (a main class) with the JVM flags Horizon,
# Chronicle and Artio need, building the benchmarks jar first if it is missing. The run-*.sh
# scripts call it; by hand:
#   benchmarks/run-harness.sh io.horizon.bench.latency.LatencyHarness --help
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: benchmarks/run-harness.sh MAIN_CLASS [ARGS...]" >&2
  exit 2
fi
main="$1"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package)
fi
flags=(
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
  -XX:-DontCompileHugeMethods
)
major="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
if [ "${major%%.*}" -ge 23 ] 2>/dev/null; then
  flags+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
cd "$root"
exec java "${flags[@]}" -Xms2g -Xmx2g -cp "$jar" "$main" "$@"
