#!/usr/bin/env bash
# Replays a market data file through `bin/horizon run` and prints what the replay cost: the feed's
# start and end lines (wall time), the CPU seconds each busy thread used (from /proc, so it is
# meaningful on a busy box too), the load average and the run summary's event counts.
#   benchmarks/recorded-day.py 10000002 /tmp/day10m.csv
#   benchmarks/run-file-replay.sh /tmp/day10m.csv /tmp/replay-state                 # staged (pace max)
#   benchmarks/run-file-replay.sh /tmp/day10m.csv /tmp/replay-state --pace 1000000x # lock-step
# The state directory is deleted first. Linux only (/proc).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 FILE.csv STATE_DIR [horizon run options...]" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csv=$1
state=$2
shift 2
rm -rf "$state"
log="$state.log"
"$root/bin/horizon" run --feed-csv "$csv" --state "$state" --metrics-port 0 --duration 86400s "$@" > "$log" 2>&1 &
pid=$!
hz=$(getconf CLK_TCK)
declare -A cpu kernel
loads=""
i=0
while kill -0 "$pid" 2>/dev/null; do
  for task in /proc/"$pid"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    # Fields after the ")" that ends the thread name: utime and stime are the 12th and 13th.
    read -r -a fields <<< "${stat##*) }"
    cpu[$name]=$(( fields[11] + fields[12] ))
    kernel[$name]=${fields[12]}
  done
  if (( i % 20 == 0 )); then
    loads="$loads $(cut -d' ' -f1 /proc/loadavg)"
  fi
  i=$((i + 1))
  if grep -q "market data file replayed\|FEED FAILED" "$log"; then
    break
  fi
  sleep 0.5
done
echo "load average (1 min, every ~10 s):$loads"
for name in "${!cpu[@]}"; do
  if (( cpu[$name] > hz / 5 )); then
    printf 'cpu %-18s %8.2f s (kernel %.2f s)\n' "$name" "$(bc <<< "scale=2; ${cpu[$name]} / $hz")" "$(bc <<< "scale=2; ${kernel[$name]} / $hz")"
  fi
done
grep -E "replaying market data|market data file replayed" "$log" || true
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" || true
grep -E "events in|events journaled|quotes|amends requested" "$log" || true
# The audit log is copied from the journal behind the engine (about two rows per amend:
# order.amend_requested and order.amended); how far it got by the stop shows its lag.
if command -v sqlite3 >/dev/null 2>&1 && [ -f "$state/audit.db" ]; then
  echo "audit rows written by the stop: $(sqlite3 "file:$state/audit.db?mode=ro" 'SELECT count(*) FROM audit_events' 2>/dev/null || echo '?')"
fi
