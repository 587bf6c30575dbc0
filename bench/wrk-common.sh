# Shared by bench/run.sh, bench/threads.sh, bench/outbox.sh and bench/fsync.sh (sourced, not run): start the hub jar as the
# README runs it, on a fresh embedded H2 database (or BENCH_DB_URL), and write wrk's live-callback script.
# $PORT is the ingress (what wrk loads), $API_PORT the internal port.

command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install wrk)" >&2; exit 2; }
[ -f target/gensee-hub.jar ] || { [ -x ./mvnw ] && ./mvnw -B -q package -DskipTests || mvn -B -q package -DskipTests; }
PORT=${PORT:-18080}
API_PORT=$((PORT + 1))

# start_hub WORK_DIR [hub arguments...]: sets $hub_pid; the hub is stopped when the script exits
start_hub() {
  local work=$1
  shift
  java -Xmx224m -XX:+UseG1GC -jar target/gensee-hub.jar --hub.ingress.port="$PORT" --server.port="$API_PORT" \
    --hub.api.token=bench \
    --hub.sites.demo.rate-limit.per-second=0 \
    "--spring.datasource.url=${BENCH_DB_URL:-jdbc:h2:file:$work/bench;DB_CLOSE_ON_EXIT=FALSE}" "$@" > "$work/hub.log" 2>&1 &
  hub_pid=$!
  trap 'kill $hub_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$API_PORT/actuator/health" >/dev/null && curl -s -o /dev/null "http://localhost:$PORT/gensee/" && return
    sleep 0.5
  done
  echo "hub did not start; its log:" >&2; tail -30 "$work/hub.log" >&2; exit 1
}

# write_live_lua FILE [CLASSES]: joins (two in three) and leaves of random users in CLASSES (200) classes
write_live_lua() {
  cat > "$1" <<LUA
counter = 0
request = function()
  counter = counter + 1
  local user = 5000000000 + math.random(1, 100000000)
  local action = (counter % 3 == 0) and "107" or "101"
  return wrk.format("GET", "/gensee/demo/live?ClassNo=W" .. (user % ${2:-200}) .. "&Operator=" .. user
    .. "&Action=" .. action .. "&Affected=" .. user .. "&totalusernum=" .. (counter % 500))
end
LUA
}
