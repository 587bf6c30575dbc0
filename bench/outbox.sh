#!/usr/bin/env bash
# How fast the outbox catches up: starts the hub jar (the README's JVM options, embedded H2) with
# the file sink "archive" on, so every callback gets a delivery, sends live callbacks with wrk for
# SECONDS_OF_LOAD seconds (16 connections), then prints every 5 s how many archive deliveries are
# still open (pending or failed) and how many are done, until none is open.
#
#   bench/outbox.sh          needs wrk (Debian: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/wrk-common.sh
. bench/wrk-common.sh

work=$(mktemp -d)
start_hub "$work" --hub.sinks.archive.enabled=true "--hub.sinks.archive.directory=$work/archive"
write_live_lua "$work/live.lua"
wrk -t2 -c16 -d"${SECONDS_OF_LOAD:-15}"s -s "$work/live.lua" "http://localhost:$PORT" | grep "requests in"

start=$(date +%s)
while true; do
  read -r open done < <(curl -s -H "Authorization: Bearer bench" "http://localhost:$API_PORT/api/deliveries/summary" \
    | python3 -c 'import json, sys
rows = [r for r in json.load(sys.stdin) if r["sink"] == "archive"]
print(sum(r.get("pending", 0) + r.get("failed", 0) for r in rows), sum(r.get("done", 0) for r in rows))')
  echo "after the load +$(( $(date +%s) - start )) s: open $open, done $done"
  [ "$open" = 0 ] && break
  sleep 5
done
