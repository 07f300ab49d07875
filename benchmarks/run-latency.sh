#!/usr/bin/env bash
# Builds the benchmarks jar if needed and runs the end-to-end latency harness with the JVM flags
# Horizon needs. Arguments go to the harness, e.g.:
#   benchmarks/run-latency.sh --smoke
#   benchmarks/run-latency.sh --rates 10000,100000,500000,1000000 --seconds 5      # both threading modes
#   benchmarks/run-latency.sh --threading shared --low-rate 2000 --low-rate-idle backoff,yielding,busy-spin
#   benchmarks/run-latency.sh --threading dedicated --wait-strategy busy-spin --pin blp,journal,gateway
#   benchmarks/run-latency.sh --rates 10000,100000 --seconds 10 --warmup 5 --no-search --low-rate 0 --journal-sync batch
# The header says what a journal sync is in the run (policy, Chronicle sync mode); the
# chronicle-append+sync rows are the floor the disk's syncs set, beside ring-hop and blocking-queue.
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
exec java "${flags[@]}" -Xms2g -Xmx2g -cp "$jar" io.horizon.bench.latency.LatencyHarness "$@"
