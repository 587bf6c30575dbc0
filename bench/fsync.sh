#!/usr/bin/env bash
# What forcing each journal write to the device costs, with group commit: the hub jar saturated with
# live callbacks (wrk, CONNECTIONS connections: concurrent callbacks share one write) and driven by a
# single connection (no sharing: every callback waits for its own write), each way:
#   h2        the embedded database: hub.journal.fsync=false, then true (the journal spool forced)
#   postgres  PostgreSQL at 127.0.0.1:5432 (database $PGDATABASE, default test, schema hub_bench_fsync):
#             synchronous_commit=off, then on (the server's default: the commit waits for its WAL flush)
# Rounds alternate the two settings so that other load on the machine hits both alike. Prints
# callbacks/s and p99 per run, then each setting's mean and the ratio on/off (docs/durability.md).
#
#   bench/fsync.sh [h2|postgres|both]      needs wrk (Debian: apt-get install wrk)
#
# Settings (environment): ROUNDS (2), WARMUP (15 s), SECONDS_PER_PHASE (15), CONNECTIONS (32).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/wrk-common.sh
. bench/wrk-common.sh

WHICH=${1:-both}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-15}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
CONNECTIONS=${CONNECTIONS:-32}
PGDATABASE=${PGDATABASE:-test}
work=$(mktemp -d)
write_live_lua "$work/live.lua"
results="$work/results"

# load CONNECTIONS SECONDS -> "requests/s p99-ms non-2xx"
load() {
  local out
  out=$(wrk -t"$(( $1 < 2 ? 1 : 2 ))" -c"$1" -d"$2"s --latency -s "$work/live.lua" "http://localhost:$PORT")
  echo "$out" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) }
                  else if (v ~ /s$/) { sub(/s/, "", v); v = v * 1000 }; p99 = v }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.2f %d\n", rps, p99, bad }'
}

# measure DB SETTING [hub arguments...]: one fresh hub, warmed, then both phases
measure() {
  local db=$1 setting=$2
  shift 2
  local run="$work/$db-$setting-$RANDOM"
  mkdir -p "$run"
  start_hub "$run" "$@"
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$work/live.lua" "http://localhost:$PORT" >/dev/null
  echo "$db $setting c$CONNECTIONS $(load "$CONNECTIONS" "$SECONDS_PER_PHASE")" | tee -a "$results"
  echo "$db $setting c1 $(load 1 "$SECONDS_PER_PHASE")" | tee -a "$results"
  kill "$hub_pid"
  wait "$hub_pid" 2>/dev/null || true
}

h2() {
  BENCH_DB_URL= measure h2 "fsync-$1" "--hub.journal.fsync=$1"
}

postgres() {
  local schema=hub_bench_fsync
  PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres -d "$PGDATABASE" \
    -c "drop schema if exists $schema cascade" >/dev/null
  BENCH_DB_URL="jdbc:postgresql://127.0.0.1:5432/$PGDATABASE?currentSchema=$schema&options=-c%20synchronous_commit%3D$1" \
    measure postgres "synchronous_commit-$1" --spring.profiles.active=postgres --spring.flyway.schemas=$schema \
    --spring.datasource.username=postgres --spring.datasource.password=
}

echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p'), $(df -h . | awk 'NR == 2 {print $1}')"
echo "database setting connections callbacks/s p99-ms non-2xx"
for _ in $(seq 1 "$ROUNDS"); do
  if [ "$WHICH" != postgres ]; then h2 false; h2 true; fi
  if [ "$WHICH" != h2 ]; then postgres off; postgres on; fi
done

echo "== mean per setting, and on / off"
awk '
  { key = $1 " " $3; n[$1 " " $2 " " $3]++; rps[$1 " " $2 " " $3] += $4; p99[$1 " " $2 " " $3] += $5; seen[key] = 1 }
  END {
    for (k in n) printf "%-40s %8.0f callbacks/s  p99 %7.2f ms\n", k, rps[k] / n[k], p99[k] / n[k]
    for (key in seen) {
      split(key, part, " ")
      off = part[1] " " (part[1] == "h2" ? "fsync-false" : "synchronous_commit-off") " " part[2]
      on = part[1] " " (part[1] == "h2" ? "fsync-true" : "synchronous_commit-on") " " part[2]
      if (n[off] && n[on])
        printf "%-12s %-4s on/off: callbacks/s x%.2f, p99 x%.2f\n", part[1], part[2],
          (rps[on] / n[on]) / (rps[off] / n[off]), (p99[on] / n[on]) / (p99[off] / n[off])
    }
  }' "$results" | sort
