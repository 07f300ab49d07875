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
exec "$(dirname "${BASH_SOURCE[0]}")/run-harness.sh" io.horizon.bench.latency.LatencyHarness "$@"
