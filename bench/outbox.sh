#!/usr/bin/env bash
# How fast the outbox catches up: starts the hub jar (the README's JVM options, embedded H2) with
# the file sink "archive" on, so every callback gets a delivery, sends live callbacks with wrk for
# SECONDS_OF_LOAD seconds (16 connections), then prints every 5 s how many archive deliveries are
# still open (pending or failed) and how many are done, until none is open.
#
#   bench/outbox.sh          needs wrk (Debian: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install wrk)" >&2; exit 2; }
[ -f target/gensee-hub.jar ] || mvn -B -q package -DskipTests

PORT=${PORT:-18080}
work=$(mktemp -d)
java -Xmx256m -XX:+UseSerialGC -jar target/gensee-hub.jar --server.port=$PORT --hub.api.token=bench \
  --hub.sites.demo.rate-limit.per-second=0 --hub.sinks.archive.enabled=true \
  "--hub.sinks.archive.directory=$work/archive" \
  "--spring.datasource.url=jdbc:h2:file:$work/bench;DB_CLOSE_ON_EXIT=FALSE" > "$work/hub.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://localhost:$PORT/actuator/health" >/dev/null && break; sleep 0.5; done

cat > "$work/live.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  local user = 5000000000 + math.random(1, 100000000)
  local action = (counter % 3 == 0) and "107" or "101"
  return wrk.format("GET", "/gensee/demo/live?ClassNo=O" .. (user % 200) .. "&Operator=" .. user
    .. "&Action=" .. action .. "&Affected=" .. user .. "&totalusernum=" .. (counter % 500))
end
LUA
wrk -t2 -c16 -d"${SECONDS_OF_LOAD:-15}"s -s "$work/live.lua" "http://localhost:$PORT" | grep "requests in"

start=$(date +%s)
while true; do
  read -r open done < <(curl -s -H "Authorization: Bearer bench" "http://localhost:$PORT/api/deliveries/summary" \
    | python3 -c 'import json, sys
rows = [r for r in json.load(sys.stdin) if r["sink"] == "archive"]
print(sum(r.get("pending", 0) + r.get("failed", 0) for r in rows), sum(r.get("done", 0) for r in rows))')
  echo "after the load +$(( $(date +%s) - start )) s: open $open, done $done"
  [ "$open" = 0 ] && break
  sleep 5
done
