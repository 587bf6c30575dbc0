#!/usr/bin/env bash
# The README's second command: starts what the tests need, installs what they use when it is
# missing, then runs the whole build with every test (./mvnw -B verify).
#
#   ./test.sh                          everything
#   ./test.sh -Dtest=DispatchRoutesTest -DskipITs     extra arguments go to Maven
#   ./test.sh --dry-run                prints the set-up steps it would take and the Maven command,
#                                      runs none of them
#
# Needs: a JDK, Debian (or Ubuntu) with PostgreSQL and MariaDB installed as on the CI machine,
# root or sudo for the package installs. HUB_TEST_PGDATABASE names the PostgreSQL database the
# tests use (default: test).
set -euo pipefail
cd "$(dirname "$0")"

dry_run=false
if [ "${1:-}" = "--dry-run" ]; then
  dry_run=true
  shift
fi

# Runs a set-up step, or only says which one it would run.
step() {
  if $dry_run; then
    echo "would run: $*"
  else
    "$@"
  fi
}

# Waits up to 30 s until the command succeeds.
await() {
  local what=$1
  shift
  $dry_run && return 0
  for _ in $(seq 1 30); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "test.sh: $what does not answer after 30 s" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    step "$@"
  else
    step sudo "$@"
  fi
}

# PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth): the postgres tests.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  await "PostgreSQL at 127.0.0.1:5432" pg_isready -q -h 127.0.0.1 -p 5432
fi
await "PostgreSQL database ${HUB_TEST_PGDATABASE:-test}" \
  psql -h 127.0.0.1 -U postgres -d "${HUB_TEST_PGDATABASE:-test}" -c 'select 1'

# MariaDB at 127.0.0.1:3306 (root, empty password, database test): the database sink tests.
mariadb_answers() { mariadb -h 127.0.0.1 -P 3306 -u root -e 'select 1' test; }
if ! mariadb_answers >/dev/null 2>&1; then
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  await "MariaDB at 127.0.0.1:3306" mariadb_answers
fi

# Debian's chromium and chromedriver for the dashboard's browser test (Selenium is given
# /usr/bin/chromedriver: no browser is downloaded at test time), and a CJK font so that the
# Chinese labels render in its screenshot.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || [ -z "$(fc-list :lang=zh 2>/dev/null || true)" ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei
fi

step ./mvnw -B verify "$@"
