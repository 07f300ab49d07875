#!/bin/bash
# Where a PostgreSQL server spends its CPU on the audit flush's COPY, part by part (issue 17).
#
# Starts a throwaway PostgreSQL 18 (the zonky binaries the tests unpack under /tmp/embedded-pg, or
# $HORIZON_PG_BIN), writes 200,000 rows shaped like AuditFlushBenchmark's fill reports (~680
# bytes), and COPYs them in 200 transactions of 1,000 rows (COPY + the flush-position upsert +
# COMMIT, synchronous_commit = on, fsync on), into a fresh audit_events per variant:
#
#   bare           the table alone (heap + WAL)            pk_uniq_ts  + the timestamp index
#   bare_unlogged  the same without WAL (diagnosis only)   keys_c      pk_uniq_ts, its text keys COLLATE "C"
#   bare_binary    bare, the same rows as binary COPY      step3       + schema step 3's guard
#   bare_narrow    bare without the payload column         step5       + step 4's recorded_at + step 5's guard
#                  (half the bytes per row: what width costs)          (the full schema before step 6)
#   bare_recorded  bare + step 4's recorded_at default     step6       step5 with step 6's recorded_at
#   pk             + primary key (writer_id, sequence)                 (the full schema now)
#   pk_uniq        + UNIQUE (event_id)
#
# Prints the server's CPU time per row (every server process, from /proc: steadier than wall
# time on a shared machine) and the WAL written per row, the lowest of ROUNDS rounds, variants
# interleaved; ONLY="bare step5" runs those variants alone. The DDL mirrors
# PostgresAuditSchema (steps 1, 3, 5) for audit_events only; the client is psql, so this JVM-free
# figure is the server's share alone. Needs python3 and psql. About 3 minutes on a quiet box.
#
#   benchmarks/audit-copy-breakdown.sh            # ROUNDS=3
set -euo pipefail
ROUNDS=${ROUNDS:-3}
BIN=${HORIZON_PG_BIN:-$(find /tmp/embedded-pg -maxdepth 2 -name bin -type d 2>/dev/null | head -1)}
[ -x "$BIN/postgres" ] || { echo "no PostgreSQL binaries: run a PostgreSQL test once (zonky unpacks them) or set HORIZON_PG_BIN" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql is needed (apt-get install postgresql-client)" >&2; exit 2; }
DIR=$(mktemp -d /tmp/horizon-copy-breakdown.XXXXXX)
PORT=$((40000 + RANDOM % 20000))
AS=""; [ "$(id -u)" = 0 ] && AS="unshare -U"   # initdb and postgres refuse to run as root
cleanup() { [ -f "$DIR/data/postmaster.pid" ] && kill "$(head -1 "$DIR/data/postmaster.pid")" 2>/dev/null; sleep 1; rm -rf "$DIR"; }
trap cleanup EXIT
$AS "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --no-locale >"$DIR/initdb.log"
$AS "$BIN/postgres" -D "$DIR/data" -p "$PORT" -k "$DIR" -c listen_addresses=127.0.0.1 -c synchronous_commit=on \
    >"$DIR/server.log" 2>&1 &
for _ in $(seq 50); do psql -qAt -h 127.0.0.1 -p "$PORT" -U postgres -c 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
PM=$(head -1 "$DIR/data/postmaster.pid")

python3 - "$DIR" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]; os.mkdir(d + '/rows'); prev = '0' * 64; out = None
for i in range(1, 200001):
    if i % 1000 == 1:
        out and out.close(); out = open('%s/rows/%04d' % (d, i // 1000), 'w')
    eid = '01JDX%021d' % i
    ts = '2025-11-29T07:%02d:%02d.%09dZ' % ((i // 60000) % 60, (i // 1000) % 60, i % 1000 * 1000)
    payload = json.dumps({"exec_type": "fill", "order_state": "filled", "side": "buy", "order_type": "limit",
        "price": "190.01", "quantity": "100", "cum_quantity": "100", "leaves_quantity": "0", "last_price": "190.01",
        "last_quantity": "100", "dlq_id": None, "error": None, "strategy": "market-maker",
        "journal": {"output": i, "cause_sequence": i, "cause_type": "venue_fill"}}, separators=(',', ':'))
    h = hashlib.sha256((prev + eid).encode()).hexdigest()
    out.write('\t'.join(['bench', eid, str(i), ts, 'order.filled', 'INFO', 'venue:paper', 'paper', '\\N', 'paper',
        'journal:%d' % i, 'AAPL', str(i), 'hzn_%016x' % i, 'filled 100 AAPL @ 190.01 (BUY, 100 of 100 filled, 0 left)',
        payload, prev, h]) + '\n')
    prev = h
out.close()
PY
mkdir "$DIR/narrow" "$DIR/binary"
for f in "$DIR"/rows/*; do cut -f1-15,17-18 "$f" >"$DIR/narrow/${f##*/}"; done

GUARD3="DECLARE r record; last_sequence bigint; base bigint; later boolean; BEGIN FOR r IN SELECT writer_id, min(sequence) AS lo, max(sequence) AS hi, count(*) AS n FROM new_rows GROUP BY writer_id LOOP SELECT chain_base_sequence INTO base FROM audit_chains WHERE writer_id = r.writer_id AND role = 'live'; SELECT max(sequence) INTO last_sequence FROM audit_events WHERE writer_id = r.writer_id AND sequence < r.lo; later := EXISTS (SELECT 1 FROM audit_events WHERE writer_id = r.writer_id AND sequence > r.hi); IF r.hi - r.lo + 1 <> r.n OR later OR r.lo <> 1 + greatest(coalesce(last_sequence, 0), base) THEN RAISE EXCEPTION 'next sequence'; END IF; END LOOP; RETURN NULL; END"
GUARD5="DECLARE r record; last_sequence bigint; top bigint; base bigint; BEGIN FOR r IN SELECT writer_id, min(sequence) AS lo, max(sequence) AS hi, count(*) AS n FROM new_rows GROUP BY writer_id LOOP SELECT chain_base_sequence INTO base FROM audit_chains WHERE writer_id = r.writer_id AND role = 'live'; SELECT max(sequence) INTO last_sequence FROM audit_events WHERE writer_id = r.writer_id AND sequence < r.lo; SELECT max(sequence) INTO top FROM audit_events WHERE writer_id = r.writer_id; IF r.hi - r.lo + 1 <> r.n OR top IS DISTINCT FROM r.hi OR r.lo <> 1 + greatest(coalesce(last_sequence, 0), base) THEN RAISE EXCEPTION 'next sequence'; END IF; END LOOP; RETURN NULL; END"
PK="ALTER TABLE audit_events ADD PRIMARY KEY (writer_id, sequence);"
UNIQ="ALTER TABLE audit_events ADD UNIQUE (event_id);"
TS="CREATE INDEX ON audit_events (writer_id, timestamp);"
trigger() { echo "CREATE FUNCTION guard() RETURNS trigger LANGUAGE plpgsql AS \$g\$ $1 \$g\$; CREATE TRIGGER guard AFTER INSERT ON audit_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION guard();"; }
COLUMNS="writer_id text NOT NULL, event_id text NOT NULL, sequence bigint NOT NULL, timestamp text NOT NULL, category text NOT NULL, severity text NOT NULL, actor text NOT NULL, account_id text, client_id text, venue_name text, correlation_id text, market_id text, order_id text, client_order_id text, message text NOT NULL, payload text, prev_hash text NOT NULL, hash text NOT NULL"
C_KEYS="ALTER TABLE audit_events ALTER writer_id TYPE text COLLATE \"C\", ALTER event_id TYPE text COLLATE \"C\", ALTER timestamp TYPE text COLLATE \"C\";"
NARROW="ALTER TABLE audit_events DROP COLUMN payload;"
RA="to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"000Z\"')"
STEP4="ALTER TABLE audit_events ADD COLUMN recorded_at text DEFAULT $RA;"
STEP6="$STEP4 CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS \$s\$ BEGIN PERFORM set_config('horizon.audit_recorded_at', $RA, true); RETURN NULL; END \$s\$; CREATE TRIGGER stamp BEFORE INSERT ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION stamp(); ALTER TABLE audit_events ALTER recorded_at SET DEFAULT coalesce(nullif(current_setting('horizon.audit_recorded_at', true), ''), $RA);"
declare -A DDL=([bare_binary]="" [bare_narrow]="$NARROW" [bare_recorded]="$STEP4" [keys_c]="$C_KEYS $PK $UNIQ $TS"
    [step6]="$PK $UNIQ $TS $(trigger "$GUARD5") $STEP6" [bare]="" [bare_unlogged]="ALTER TABLE audit_events SET UNLOGGED;" [pk]="$PK" [pk_uniq]="$PK $UNIQ"
    [pk_uniq_ts]="$PK $UNIQ $TS" [step3]="$PK $UNIQ $TS $(trigger "$GUARD3")" [step5]="$PK $UNIQ $TS $(trigger "$GUARD5") $STEP4")
ORDER=${ONLY:-bare bare_unlogged bare_binary bare_narrow bare_recorded pk pk_uniq pk_uniq_ts keys_c step3 step5 step6}
NAMES="writer_id, event_id, sequence, timestamp, category, severity, actor, account_id, client_id, venue_name, correlation_id, market_id, order_id, client_order_id, message, payload, prev_hash, hash"
cpu_ms() { python3 - "$PM" <<'PY'
import os, sys
pm = int(sys.argv[1]); total = 0
for p in filter(str.isdigit, os.listdir('/proc')):
    try: s = open('/proc/%s/stat' % p).read()
    except OSError: continue
    f = s[s.rindex(')') + 2:].split()
    if int(p) == pm or int(f[1]) == pm: total += sum(int(x) for x in f[11:15])
print(total * 1000 // os.sysconf('SC_CLK_TCK'))
PY
}
declare -A BEST WAL
P="psql -qX -h 127.0.0.1 -p $PORT -U postgres -v ON_ERROR_STOP=1"
# The binary variant's rows: the same rows, written out by the server in COPY's binary format.
$P -d postgres -c "CREATE TABLE scratch ($COLUMNS)" >/dev/null
for f in "$DIR"/rows/*; do
  $P -d postgres -c "TRUNCATE scratch" -c "\\copy scratch from '$f'" -c "\\copy scratch to '$DIR/binary/${f##*/}' with (format binary)" >/dev/null
done
$P -d postgres -c "DROP TABLE scratch" >/dev/null
for round in $(seq "$ROUNDS"); do
  for v in $ORDER; do
    $P -d postgres -c "DROP DATABASE IF EXISTS b" -c "CREATE DATABASE b" >/dev/null 2>&1
    $P -d b -c "CREATE TABLE audit_chains (writer_id text, role text, chain_base_sequence bigint, PRIMARY KEY (writer_id, role)); INSERT INTO audit_chains VALUES ('bench', 'live', 0); CREATE TABLE audit_flush_position (writer_id text, name text, inbound_next bigint, outbound_next bigint, committed_at text, PRIMARY KEY (writer_id, name)); CREATE TABLE audit_events ($COLUMNS); ${DDL[$v]} CHECKPOINT;" >/dev/null
    : >"$DIR/script.sql"; n=0; rows=rows; opt=""; names=$NAMES
    case $v in bare_binary) rows=binary; opt="with (format binary)";; bare_narrow) rows=narrow; names=${NAMES/payload, /};; esac
    for f in "$DIR/$rows"/*; do
      n=$((n + 1))
      printf 'BEGIN;\n\\copy audit_events (%s) from %s %s\nINSERT INTO audit_flush_position VALUES (%s, %s, %d, %d, %s) ON CONFLICT (writer_id, name) DO UPDATE SET inbound_next = excluded.inbound_next, outbound_next = excluded.outbound_next, committed_at = excluded.committed_at;\nCOMMIT;\n' \
          "$names" "'$f'" "$opt" "'bench'" "'audit'" "$n" "$n" "'x'" >>"$DIR/script.sql"
    done
    l0=$($P -d b -Atc "SELECT pg_current_wal_lsn()")
    c0=$(cpu_ms); $P -d b -f "$DIR/script.sql"; sleep 0.5; c1=$(cpu_ms)
    WAL[$v]=$($P -d b -Atc "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$l0')::bigint / 200000")
    us=$(( (c1 - c0) / 20 ))   # ms per 200,000 rows -> tenths of a microsecond per row
    [ -z "${BEST[$v]:-}" ] || [ "$us" -lt "${BEST[$v]}" ] && BEST[$v]=$us
    printf 'round %d %-14s %3d.%d us server CPU per row, %d bytes of WAL per row\n' "$round" "$v" $((us / 10)) $((us % 10)) "${WAL[$v]}"
  done
done
echo "lowest of $ROUNDS rounds (load average now: $(cut -d' ' -f1-3 /proc/loadavg)):"
for v in $ORDER; do printf '  %-14s %3d.%d us per row  %4d B WAL per row\n' "$v" $((BEST[$v] / 10)) $((BEST[$v] % 10)) "${WAL[$v]}"; done
