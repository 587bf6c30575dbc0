#!/usr/bin/env bash
# Benchmark: starts the hub jar as a user would (embedded H2, then PostgreSQL), drives it over
# real HTTP with simulator traffic, and prints throughput (against a bare endpoint on the same
# stack), latency at a fixed rate, a 20,000-join burst, and peak RSS.
#
#   bench/run.sh            both databases
#   bench/run.sh h2         embedded H2 only
#   bench/run.sh postgres   PostgreSQL at 127.0.0.1:5432, database test, schema hub_bench
#
# Settings (environment): SECONDS_PER_PHASE (15), CLIENTS (16), RATE (1000), BURST (20000),
# HUB_JAVA_OPTS (JVM options of the hub; default "-Xmx256m -XX:+UseSerialGC", as in the README's
# command; empty for the JVM's own defaults), HUB_ARGS (extra hub arguments, e.g.
# --hub.journal.max-requests-per-commit=1 to measure without group commit).
set -euo pipefail
cd "$(dirname "$0")/.."

DBS=${1:-all}
PORT=${PORT:-18080}
[ -f target/gensee-hub.jar ] || mvn -B -q package -DskipTests

run_one() {
  local db=$1 work
  work=$(mktemp -d)
  # All load comes from one address here, far over the per-address rate limit meant for Gensee's
  # few senders: the limit is off so that the hub, not the limiter, is measured.
  local args=(--server.port=$PORT --hub.api.token=bench --hub.sites.demo.rate-limit.per-second=0
              "--camel.main.routes-include-pattern=file:routes/**/*.yaml,file:bench/bare-endpoint.yaml")
  if [ "$db" = h2 ]; then
    # the shipped H2 settings (application.yaml), on a fresh file
    args+=("--spring.datasource.url=jdbc:h2:file:$work/bench;DB_CLOSE_ON_EXIT=FALSE")
  else
    PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres -d test -c 'drop schema if exists hub_bench cascade' >/dev/null
    args+=(--spring.profiles.active=postgres
           "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=hub_bench"
           --spring.flyway.schemas=hub_bench)
  fi
  # shellcheck disable=SC2086
  java ${HUB_JAVA_OPTS--Xmx256m -XX:+UseSerialGC} -jar target/gensee-hub.jar "${args[@]}" ${HUB_ARGS:-} > "$work/hub.log" 2>&1 &
  local pid=$!
  local up=no
  for _ in $(seq 1 120); do
    if curl -sf "http://localhost:$PORT/actuator/health" >/dev/null; then up=yes; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ "$up" != yes ]; then
    echo "hub did not start; its log:" >&2; tail -30 "$work/hub.log" >&2; kill "$pid" 2>/dev/null || true; exit 1
  fi
  echo "== $db (hub pid $pid, log $work/hub.log)"
  java -jar target/gensee-hub.jar load --hub "http://localhost:$PORT" --token bench --pid "$pid" \
    --seconds "${SECONDS_PER_PHASE:-15}" --clients "${CLIENTS:-16}" --rate "${RATE:-1000}" \
    --burst "${BURST:-20000}" | tee "$work/load.txt" | grep RESULT | sed "s/^RESULT /$db /"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

case "$DBS" in
  h2) run_one h2 ;;
  postgres) run_one postgres ;;
  all) run_one h2; run_one postgres ;;
  *) echo "usage: $0 [h2|postgres|all]" >&2; exit 2 ;;
esac
