#!/usr/bin/env bash
# Issue 16's speed goal, measured fairly: the engine's live rate against a recorded file at
# `--pace max`, with the SAME daemon configuration (`bin/horizon run`, the same preset, the audit,
# DLQ and alert flushers a daemon runs, `--journal-sync batch`, shared threading), reported both as
# wall events/s and as CPU microseconds of the engine thread per event (from /proc, so it survives
# a busy box).
#
#   benchmarks/run-live-vs-file.sh [WORK_DIR]          # default WORK_DIR /tmp/hz-live-vs-file
#
# Environment (all optional):
#   ROWS=10000002              rows of each generated file (recorded-day.py; >= 10 M for the goal)
#   LIVE_RATES="..."           synthetic feed rates to try, events/s (default 300000 400000 450000 500000)
#   LIVE_SECONDS=60            how long each live run lasts
#   WARMUP_SECONDS=15          drops counted after this many seconds of a live run are the
#                              steady-state drops (the JIT warms up in the first ~10 s)
#   FILES="moving still"       which recorded files to replay, "" for none (moving: the market maker
#                              amends on 86 % of rows; still: nothing to amend, like the synthetic feed)
#   HZ_OPTS="..."              extra `horizon run` options for every run (e.g. "--preset my.hz.toml")
#
# "Highest sustainable live rate" is the highest rate whose run dropped no market data on a full
# ring after the warm-up (the run summary's `ring drops (market data)` less the count that
# `horizon stat` read WARMUP_SECONDS into the run); the summary's total, warm-up included, is shown
# as well. The synthetic feed drops instead of waiting.
# A file at --pace max never drops: it runs as fast as the engine takes it.
# Linux only (/proc). Wall figures are only meaningful on a quiet box; say so when it was busy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=${1:-/tmp/hz-live-vs-file}
rows=${ROWS:-10000002}
rates=${LIVE_RATES:-300000 400000 450000 500000}
live_seconds=${LIVE_SECONDS:-60}
warmup_seconds=${WARMUP_SECONDS:-15}
files=${FILES-moving still}
read -r -a extra <<< "${HZ_OPTS:-}"
mkdir -p "$work"
hz=$(getconf CLK_TCK)

# Build once, up front, so no run pays for it.
"$root/bin/horizon" version >/dev/null
export HORIZON_NO_BUILD=1

# Samples the engine thread's CPU ticks (user + kernel) of PID into the global engine_ticks until
# the process exits or the file LOG shows the line PATTERN.
sample_engine() {
  local pid=$1 log=$2 pattern=$3 task name stat
  engine_ticks=0
  while kill -0 "$pid" 2>/dev/null; do
    for task in /proc/"$pid"/task/*; do
      name=$(cat "$task/comm" 2>/dev/null) || continue
      [ "$name" = "horizon-engine" ] || continue
      stat=$(cat "$task/stat" 2>/dev/null) || continue
      read -r -a fields <<< "${stat##*) }"
      engine_ticks=$(( fields[11] + fields[12] ))
    done
    if [ -n "$pattern" ] && grep -q "$pattern" "$log"; then
      break
    fi
    sleep 0.5
  done
}

ring_drops_now() { # STATE -> the running daemon's market-data ring drops so far (STATE/counters.dat)
  "$root/bin/horizon" stat --once --all --state "$1" 2>/dev/null \
    | awk '/^horizon_ring_drops_total\{kind="market_data"\}/ {print $2}'
}

summary_value() { # LOG LABEL -> the number after the label in the run summary
  grep -E "^$2 " "$1" | tail -1 | awk '{print $NF}'
}

results=()
row() { results+=("$(printf '%-52s %12s %12s %10s %10s %10s %8s' "$@")"); }
row "run" "events" "wall s" "events/s" "engine s" "us/event" "amends"
echo "(live rows: 'drops' is the run summary's ring drops, warm-up included; 'after warm-up' leaves" >&2
echo " out those counted in the first ${warmup_seconds}s)" >&2

for rate in $rates; do
  state="$work/live-$rate"
  log="$state.log"
  rm -rf "$state"
  echo "live: synthetic feed at $rate events/s for ${live_seconds}s (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  "$root/bin/horizon" run --feed-rate "$rate" --duration "${live_seconds}s" --state "$state" --metrics-port 0 \
    --journal-sync batch "${extra[@]}" > "$log" 2>&1 &
  pid=$!
  ( sleep "$warmup_seconds"; ring_drops_now "$state" > "$state.warm-drops" ) &
  warm_reader=$!
  sample_engine "$pid" "$log" ""
  wait "$pid" || true
  wait "$warm_reader" || true
  events=$(summary_value "$log" "events in \(this run\)")
  drops=$(summary_value "$log" "ring drops \(market data\)")
  amends=$(summary_value "$log" "amends requested")
  cpu=$(printf '%.2f' "$(bc <<< "scale=2; $engine_ticks / $hz")")
  per=$( [ "${events:-0}" -gt 0 ] && printf '%.3f' "$(bc <<< "scale=3; $engine_ticks * 1000000 / $hz / $events")" || echo "-")
  eps=$(bc <<< "scale=0; ${events:-0} / $live_seconds")
  warm=$(cat "$state.warm-drops" 2>/dev/null || true)
  steady=$( [ -n "$warm" ] && [ -n "${drops:-}" ] && echo $(( drops - warm )) || echo "?")
  row "live $rate/s (drops $drops, after warm-up $steady)" "$events" "$live_seconds" "$eps" "$cpu" "$per" "$amends"
  if [ "${steady:-1}" = "0" ]; then
    sustained=$rate
  fi
done

for kind in $files; do
  case "$kind" in moving|still) ;; *) echo "FILES: '$kind' is not a recorded file kind; use moving, still or both (FILES=\"\" for none)" >&2; exit 2 ;; esac
  csv="$work/$kind-$rows.csv"
  if [ ! -f "$csv" ]; then
    echo "writing $csv" >&2
    python3 "$root/benchmarks/recorded-day.py" "$rows" "$csv" "$kind"
  fi
  state="$work/file-$kind"
  log="$state.log"
  rm -rf "$state"
  echo "file: $csv at --pace max (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  "$root/bin/horizon" run --feed-csv "$csv" --state "$state" --metrics-port 0 --duration 86400s \
    --journal-sync batch "${extra[@]}" > "$log" 2>&1 &
  pid=$!
  sample_engine "$pid" "$log" "market data file replayed\|FEED FAILED"
  # The wall time of the replay: from the feed's start line to its end line.
  start=$(grep -m1 "replaying market data" "$log" | cut -d' ' -f1)
  end=$(grep -m1 "market data file replayed" "$log" | cut -d' ' -f1)
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
  events=$(summary_value "$log" "events in \(this run\)")
  amends=$(summary_value "$log" "amends requested")
  wall=$(python3 -c "import datetime as d,sys; p=lambda s: d.datetime.fromisoformat(s.replace('Z','+00:00')); print('%.1f' % (p(sys.argv[2]) - p(sys.argv[1])).total_seconds())" "$start" "$end" 2>/dev/null || echo "?")
  cpu=$(printf '%.2f' "$(bc <<< "scale=2; $engine_ticks / $hz")")
  per=$( [ "${events:-0}" -gt 0 ] && printf '%.3f' "$(bc <<< "scale=3; $engine_ticks * 1000000 / $hz / $events")" || echo "-")
  eps=$( [ "$wall" != "?" ] && bc <<< "scale=0; ${events:-0} / $wall" || echo "?")
  row "file $kind, pace max" "$events" "$wall" "$eps" "$cpu" "$per" "$amends"
done

echo
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "highest live rate without ring drops after the ${warmup_seconds}s warm-up: ${sustained:-none of the rates tried}"
printf '%s\n' "${results[@]}"
echo "(events: the run summary's 'events in (this run)', heartbeats and venue answers included;"
echo " wall for a file: its start line to its end line; engine s: CPU of the horizon-engine thread,"
echo " kernel included; us/event: engine CPU per event. Logs and states are under $work.)"
