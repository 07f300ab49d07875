#!/usr/bin/env bash
# Builds the benchmarks jar if needed and runs the FIX round-trip harness (Horizon's FIX venue and a
# plain QuickFIX/J initiator against the in-process FIX exchange simulator) with the JVM flags
# Horizon and Artio need. Arguments go to the harness (--help says what each does), e.g.:
#   benchmarks/run-fix-roundtrip.sh --smoke
#   benchmarks/run-fix-roundtrip.sh --rates 1000,10000 --seconds 10 --warmup 5
#   benchmarks/run-fix-roundtrip.sh --rates 1000 --journal-sync none --wait-strategy yielding
set -euo pipefail
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
)
major="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
if [ "${major%%.*}" -ge 23 ] 2>/dev/null; then
  flags+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
cd "$root"
exec java "${flags[@]}" -Xms2g -Xmx2g -cp "$jar" io.horizon.bench.fix.FixRoundTripHarness "$@"
