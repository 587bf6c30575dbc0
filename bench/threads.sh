#!/usr/bin/env bash
# Where a callback's CPU goes, per thread group, against the bare endpoint: starts the hub jar (the
# README's JVM options, embedded H2), saturates it with wrk (16 connections) on the live callback
# and on the bare endpoint, and prints each thread group's CPU time per request (from /proc).
#
#   bench/threads.sh          needs wrk (Debian: apt-get install wrk)
#
# Settings (environment): SECONDS_PER_PHASE (15), WARMUP_ROUNDS (3, of 10 s each per target),
# HUB_ARGS (extra hub arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/wrk-common.sh
. bench/wrk-common.sh

SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
work=$(mktemp -d)
# shellcheck disable=SC2086
start_hub "$work" "--camel.main.routes-include-pattern=file:routes/**/*.yaml,file:bench/bare-endpoint.yaml" ${HUB_ARGS:-}
pid=$hub_pid
write_live_lua "$work/live.lua"

# CPU ticks (1/100 s) per thread group: the thread name without its number
threads() {
  for task in /proc/$pid/task/*; do
    echo "$(tr ' ' '_' < "$task/comm") $(awk '{print $14 + $15}' "$task/stat")"
  done | awk '{ name = $1; gsub(/[0-9#]+$/, "", name); ticks[name] += $2 } END { for (n in ticks) print n, ticks[n] }' | sort
}

load() { # target seconds -> requests
  local out
  if [ "$1" = live ]; then
    out=$(wrk -t2 -c16 -d"$2"s -s "$work/live.lua" "http://localhost:$PORT")
  else
    out=$(wrk -t2 -c16 -d"$2"s "http://localhost:$PORT/gensee/demo/bench-bare")
  fi
  echo "$out" | awk '/requests in/ {print $1}'
}

drained() { # waits until every journaled event has been applied
  until curl -sf -H "Authorization: Bearer bench" "http://localhost:$API_PORT/api/status" | grep -q '"pendingDispatch":0'; do
    sleep 0.2
  done
}

for _ in $(seq 1 "${WARMUP_ROUNDS:-3}"); do load live 10 >/dev/null; load bare 10 >/dev/null; done
drained
for target in live bare; do
  threads > "$work/before"
  requests=$(load $target "$SECONDS_PER_PHASE")
  drained # what the dispatch worker does after the phase belongs to it
  threads > "$work/after"
  echo "== $target: $requests requests in ${SECONDS_PER_PHASE} s; CPU ms per request by thread group"
  join "$work/before" "$work/after" | awk -v n="$requests" '{ d = $3 - $2; if (d > 0) printf "  %-24s %.4f\n", $1, d * 10 / n }' \
    | sort -k2 -rn | head -8
done
