#!/usr/bin/env bash
# Benchmark: how fast the hub acknowledges Gensee's callbacks, against two reference servers run in the
# same way, on the same machine, in the same run (bench/reference):
#   bare       a Spring MVC controller that answers 200 and does nothing
#   insert     the receiver integrators write by hand: a Spring MVC controller + one JDBC insert into
#              an H2 file database
#   hub        the hub jar as the README runs it (embedded H2, or PostgreSQL), /gensee/demo/live
# The three run side by side (each on its own port). Each is warmed, then they are saturated with wrk
# (join/leave callbacks over 50 classes) in turns, ROUNDS times, and each one's median turn is kept:
# a machine whose speed drifts during the run drifts for all three. Then the hub alone is driven by
# wrk at a fixed rate (latency, how far the facts lag) and by the jar's load command with a burst of
# joins, and its peak resident memory is read; the reference servers get the same fixed rate, for the
# latency the machine allows. Figures and ratios are printed; docs/benchmark.md keeps the latest.
#
#   bench/run.sh            the hub on the embedded H2 database (the default)
#   bench/run.sh postgres   the hub on PostgreSQL at 127.0.0.1:5432, database test, schema hub_bench
#
# Needs wrk (Debian: apt-get install wrk). Settings (environment): WARMUP (30 s per server),
# ROUNDS (3), SECONDS_PER_PHASE (10 per turn; the fixed rate runs twice as long), CONNECTIONS (32),
# RATE (1000), BURST (20000), JAVA_OPTS (of every server; default "-Xmx224m -XX:+UseG1GC", the
# README's), HUB_ARGS (extra hub arguments).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${1:-h2}
WARMUP=${WARMUP:-30}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-10}
CONNECTIONS=${CONNECTIONS:-32}
JAVA_OPTS=${JAVA_OPTS--Xmx224m -XX:+UseG1GC}
PORT=${PORT:-18080}
API_PORT=$((PORT + 1))
BARE_PORT=$((PORT + 2))
INSERT_PORT=$((PORT + 3))
MVN=./mvnw
[ -x "$MVN" ] || MVN=mvn

# shellcheck source=bench/wrk-common.sh
. bench/wrk-common.sh
[ -f bench/reference/target/reference-receiver.jar ] || (cd bench/reference && "../../$MVN" -B -q package)

work=$(mktemp -d)
pids=()
# a killed server's exit status is not a failure of the benchmark
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop EXIT

# joins (two in three) and leaves of random users in 50 classes, as in a busy hour
write_live_lua "$work/live.lua" 50

# wait_for URL PID LOG: until it answers (any status)
wait_for() {
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "$1" && return
    kill -0 "$2" 2>/dev/null || break
    sleep 0.5
  done
  echo "server did not start; its log:" >&2; tail -30 "$3" >&2; exit 1
}

# awk program: the percentile q of wrk's latency distribution, in ms
ms_of='$1 == q {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v = v / 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v = v * 1000}; printf "%.2f", v}'

# wrk_at PORT SECONDS [wrk options]: wrk's output, loading the live callback
wrk_at() {
  local port=$1 seconds=$2
  shift 2
  wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" "$@" -s "$work/live.lua" "http://localhost:$port"
}

# turn NAME PORT: one saturated turn; appends "requests/s p99-ms non-2xx" to $work/NAME.turns
turn() {
  local out
  out=$(wrk_at "$2" "$SECONDS_PER_PHASE" --latency)
  echo "$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}') $(echo "$out" | awk -v q="99%" "$ms_of")" \
    "$(echo "$out" | awk '/Non-2xx/ {n = $NF} END {print n + 0}')" >> "$work/$1.turns"
}

# median NAME: "NAME requests/s p99-ms non-2xx" of its turn with the median requests/s
median() {
  echo "$1 $(sort -n "$work/$1.turns" | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }')"
}

reference() { # MODE PORT
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar bench/reference/target/reference-receiver.jar --server.port="$2" --reference.mode="$1" \
    "--spring.datasource.url=jdbc:h2:file:$work/reference-$1" > "$work/$1.log" 2>&1 &
  pids+=($!)
  wait_for "http://localhost:$2/" $! "$work/$1.log"
}

# pending_dispatch: events journaled but not applied yet (the facts' backlog)
pending() {
  curl -s -H "Authorization: Bearer bench" "http://localhost:$API_PORT/api/status" \
    | sed -n 's/.*"pendingDispatch":\([0-9]*\).*/\1/p'
}

# paced PORT: wrk's output at a steady RATE (default 1000/s) for SECONDS_PER_PHASE: 20 connections, each
# waiting 20000/RATE ms minus 2 ms (its own round trip and wrk's timer, so that the rate is reached)
# between callbacks
paced() {
  local rate=${RATE:-1000}
  { cat "$work/live.lua"; echo "delay = function() return $((20000 / rate - 2)) end"; } > "$work/rate-$1.lua"
  wrk -t2 -c20 -d"${SECONDS_PER_PHASE}s" --latency -s "$work/rate-$1.lua" "http://localhost:$1"
}

# reference_at_rate NAME PORT: a reference server's p99 at the same steady rate (what the machine
# allows a server that does nothing, or one insert), appended to $work/load.txt
reference_at_rate() {
  echo "RESULT reference_p99_ms_at_rate_$1=$(paced "$2" | awk -v q="99%" "$ms_of")" >> "$work/load.txt"
}

# at_rate: the hub at a steady RATE (default 1000/s; the rate reached is printed): 20 connections
# pacing themselves with wrk's delay(), so latency is the hub's own; meanwhile the facts' backlog is
# sampled once a second (enough to see a lag of a second; a curl started more often, on the same two
# cores, shows up in the latency it measures). Writes RESULT lines to $work/load.txt.
at_rate() {
  local out achieved p99 p50 max=0 n
  # the backlog the saturation left is applied first, so that it does not count against this phase
  until [ "$(pending)" = 0 ]; do sleep 1; done
  paced "$PORT" > "$work/rate.txt" &
  local wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    n=$(pending); [ -n "$n" ] && [ "$n" -gt "$max" ] && max=$n
    sleep 1
  done
  wait "$wrk_pid" || true
  out=$(cat "$work/rate.txt")
  achieved=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  p50=$(echo "$out" | awk -v q="50%" "$ms_of")
  p99=$(echo "$out" | awk -v q="99%" "$ms_of")
  {
    echo "RESULT latency_at_rate=$achieved"
    echo "RESULT latency_p50_ms=$p50"
    echo "RESULT latency_p99_ms=$p99"
    awk -v m="$max" -v r="$achieved" 'BEGIN { printf "RESULT facts_lag_at_rate_s=%.2f\n", m / r }'
  } > "$work/load.txt"
}

hub() {
  local args=(--hub.ingress.port="$PORT" --server.port="$API_PORT" --hub.api.token=bench
              # all load comes from one address here, far over the per-address limit meant for Gensee's
              # few senders: the limit is off so that the hub, not the limiter, is measured
              --hub.sites.demo.rate-limit.per-second=0)
  if [ "$DB" = postgres ]; then
    PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres -d test \
      -c 'drop schema if exists hub_bench cascade' >/dev/null
    args+=(--spring.profiles.active=postgres
           "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=hub_bench"
           --spring.flyway.schemas=hub_bench)
  else
    args+=("--spring.datasource.url=jdbc:h2:file:$work/hub;DB_CLOSE_ON_EXIT=FALSE")
  fi
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar target/gensee-hub.jar "${args[@]}" ${HUB_ARGS:-} > "$work/hub.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_for "http://localhost:$PORT/gensee/" "$pid" "$work/hub.log"
  wait_for "http://localhost:$API_PORT/actuator/health" "$pid" "$work/hub.log"
}

reference bare "$BARE_PORT"
reference insert "$INSERT_PORT"
hub
for port in "$BARE_PORT" "$INSERT_PORT" "$PORT"; do
  wrk_at "$port" "$WARMUP" >/dev/null
done
for _ in $(seq 1 "$ROUNDS"); do
  # the facts' backlog is applied before each turn, so that it slows no server's turn
  until [ "$(pending)" = 0 ]; do sleep 1; done
  turn bare "$BARE_PORT"
  turn insert "$INSERT_PORT"
  turn hub "$PORT"
done
bare=$(median bare); insert=$(median insert); hubrun=$(median hub)
SECONDS_PER_PHASE=$((SECONDS_PER_PHASE * 2)) at_rate
SECONDS_PER_PHASE=$((SECONDS_PER_PHASE * 2)) reference_at_rate bare "$BARE_PORT"
SECONDS_PER_PHASE=$((SECONDS_PER_PHASE * 2)) reference_at_rate hand_written "$INSERT_PORT"
# the burst (and the peak memory): the load command of the jar
java -jar target/gensee-hub.jar load --ingress "http://localhost:$PORT" --api "http://localhost:$API_PORT" \
  --token bench --pid "$pid" --rate 0 --burst "${BURST:-20000}" --clients "$CONNECTIONS" >> "$work/load.txt"
stop

echo "== saturation: wrk, 2 threads, $CONNECTIONS connections, the median of $ROUNDS turns of ${SECONDS_PER_PHASE} s taken in turn"
echo "   with the other servers, after ${WARMUP} s warm-up each (hub on $DB)"
printf '%-44s %12s %10s %8s\n' server requests/s "p99 ms" non-2xx
for line in "$bare" "$insert" "$hubrun"; do
  set -- $line
  case $1 in
    bare) name="bare Spring MVC endpoint" ;;
    insert) name="hand-written receiver (MVC + H2 insert)" ;;
    hub) name="the hub, /gensee/demo/live" ;;
  esac
  printf '%-44s %12s %10s %8s\n' "$name" "$2" "$3" "$4"
done
for name in bare insert hub; do
  echo "  turns of $name (requests/s): $(awk '{print $1}' "$work/$name.turns" | paste -sd ' ')"
done
set -- $bare; bare_rps=$2
set -- $insert; insert_rps=$2
set -- $hubrun; hub_rps=$2
awk -v h="$hub_rps" -v i="$insert_rps" -v b="$bare_rps" 'BEGIN {
  printf "RESULT ratio_to_hand_written=%.2f (target >= 1.0)\n", h / i
  printf "RESULT ratio_to_bare=%.2f (target >= 0.6)\n", h / b }'
grep RESULT "$work/load.txt"
echo "(logs: $work)"
