#!/usr/bin/env bash
# Tripdesk's benchmark, one command: bash bench/run.sh [leads] [websocket-clients]
# (BENCH_ONLY=ingest,realtime measures only those scenarios, for working on one path; see bench/README.md.)
# Builds the jar, generates an agency of the given size on a fresh embedded PostgreSQL, restarts
# Tripdesk on it (start-up time and idle memory), measures PostgreSQL's own single-row insert rate
# with pgbench as a reference, then runs Bench.java (driving wrk) against it on loopback. Results: bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
LEADS=${1:-1000000}
CLIENTS=${2:-1000}
PORT=${BENCH_PORT:-18080}
DATA=${BENCH_DATA:-/tmp/tripdesk-bench-pg}
SECRET=bench-app-secret
PASSWORD=bench-admin-password
JAR=${BENCH_JAR:-target/tripdesk-0.1.0-SNAPSHOT.jar}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx1g}
PGPORT=${BENCH_PG_PORT:-25432}
ARGS=(--server.port="$PORT" --tripdesk.db.data-dir="$DATA" --tripdesk.db.embedded-port="$PGPORT" --tripdesk.admin.email=bench@tripdesk.local
      --tripdesk.admin.password="$PASSWORD" --tripdesk.whatsapp.app-secret="$SECRET"
      --tripdesk.notifications.notify-admins-of-new-leads=false)

mkdir -p bench/results
for tool in pgbench psql wrk; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install postgresql-client wrk)"; exit 1; }
done
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; }
trap cleanup EXIT

# Waits for /actuator/health (up to $2 tenths of a second, default two minutes) and prints the nanoseconds
# since $1. Health is down until the start-up runners are done, generating the demo agency among them.
healthy() {
  local start=$1 tries=${2:-1200}
  for _ in $(seq 1 "$tries"); do
    curl -sf "localhost:$PORT/actuator/health" >/dev/null && { echo "$(( $(date +%s%N) - start ))"; return; }
    sleep 0.1
  done
  echo "bench: Tripdesk did not become healthy" >&2; exit 1
}

# psql and pgbench (Bench.java's psql too) log in with the password Tripdesk generated for its PostgreSQL.
use_pg_password() { PGPASSWORD=$(cat "$DATA/tripdesk-superuser.password"); export PGPASSWORD; }

if [ ! -f "$DATA/.generated-$LEADS" ]; then
  rm -rf "$DATA"
  echo "bench: generating $LEADS leads (two years) in $DATA"
  java $JAVA_OPTS -jar "$JAR" "${ARGS[@]}" --tripdesk.demo=true --tripdesk.generator.leads="$LEADS" \
       --tripdesk.generator.days=730 --tripdesk.generator.agents=12 > bench/results/generate.log 2>&1 &
  PID=$!
  healthy "$(date +%s%N)" 36000 >/dev/null
  use_pg_password
  # The agency is written in one transaction after start-up (no leads until it commits); then comes
  # what a first start does after a bulk load, not to be measured as load: the analytics rollups are
  # rebuilt from the raw tables and every lead gets its first score.
  for _ in $(seq 1 3600); do
    pending=$(psql -h localhost -p "$PGPORT" -U postgres -tAc "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM lead) THEN -1
             ELSE (SELECT count(*) FROM lead WHERE score IS NULL) + (SELECT count(*) FROM lead)
                  - (SELECT count(*) FROM analytics_lead) END" postgres)
    [ "$pending" = "0" ] && break
    sleep 1
  done
  echo "bench: analytics rebuilt and leads scored (pending: $pending)"
  # As autovacuum would have by now on a database that grew over two years: visibility maps and statistics.
  psql -h localhost -p "$PGPORT" -U postgres -q -c "VACUUM ANALYZE" postgres
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  touch "$DATA/.generated-$LEADS"
fi

# Start-up as the README deploys it: the jar extracted, with a class data sharing archive of the classes
# a start loads, recorded by a training start that exits once the context is refreshed.
CDS=$(mktemp -d /tmp/tripdesk-bench-cds.XXXXXX)
java -Djarmode=tools -jar "$JAR" extract --destination "$CDS/app" > /dev/null
java $JAVA_OPTS -XX:ArchiveClassesAtExit="$CDS/tripdesk.jsa" -Dspring.context.exit=onRefresh -jar "$CDS/app/$(basename "$JAR")" \
     "${ARGS[@]}" > bench/results/cds-training.log 2>&1
echo "bench: starting Tripdesk with its class data sharing archive"
START=$(date +%s%N)
java $JAVA_OPTS -XX:SharedArchiveFile="$CDS/tripdesk.jsa" -jar "$CDS/app/$(basename "$JAR")" "${ARGS[@]}" \
     > bench/results/tripdesk-cds.log 2>&1 &
PID=$!
NANOS=$(healthy "$START")
STARTUP_CDS=$(awk "BEGIN { printf \"%.2f\", $NANOS / 1e9 }")
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
rm -rf "$CDS"
echo "bench: healthy after ${STARTUP_CDS}s with the archive"

echo "bench: starting Tripdesk on the generated data (java -jar)"
START=$(date +%s%N)
java $JAVA_OPTS -jar "$JAR" "${ARGS[@]}" > bench/results/tripdesk.log 2>&1 &
PID=$!
NANOS=$(healthy "$START")
use_pg_password
STARTUP=$(awk "BEGIN { printf \"%.2f\", $NANOS / 1e9 }")
sleep 5
RSS_IDLE=$(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 ))
echo "bench: healthy after ${STARTUP}s, idle RSS ${RSS_IDLE} MB"

psql -h localhost -p "$PGPORT" -U postgres -q -c "DROP TABLE IF EXISTS bench_insert; CREATE TABLE bench_insert (id bigserial PRIMARY KEY, body text, at timestamptz DEFAULT now())" postgres
echo "INSERT INTO bench_insert (body) VALUES (repeat('x', 900));" > /tmp/tripdesk-bench-insert.sql
TPS=$(pgbench -h localhost -p "$PGPORT" -U postgres -n -c 16 -j 2 -T 10 -f /tmp/tripdesk-bench-insert.sql postgres 2>/dev/null \
      | awk '/tps = / {print $3; exit}')
psql -h localhost -p "$PGPORT" -U postgres -q -c "DROP TABLE bench_insert" postgres
echo "bench: PostgreSQL single-row inserts ${TPS} tps"

java -Dbench.only="${BENCH_ONLY:-}" -Dbench.leads="$LEADS" -Dbench.pgport="$PGPORT" -Dbench.startup="$STARTUP" -Dbench.startup.cds="$STARTUP_CDS" -Dbench.rss.idle="$RSS_IDLE" -Dbench.pid="$PID" \
     -Dbench.pgbench.tps="$TPS" -Dbench.results=bench/results \
     bench/Bench.java "http://localhost:$PORT" bench@tripdesk.local "$PASSWORD" "$SECRET" "$CLIENTS"
[ -n "${BENCH_ONLY:-}" ] || cat bench/results/latest.md
