#!/usr/bin/env bash
# Runs a command against a local PostgreSQL 15 (Debian's cluster), then cleans up:
# starts the cluster if it is stopped, creates a throw-away role, exports DATABASE_URL,
# runs the command, drops the role and its databases, and stops the cluster if it started it.
# One run at a time (a lock file in $TMPDIR).
set -euo pipefail
# Two runs at once would drop each other's role and databases: the second waits for the first.
exec 9>"${TMPDIR:-/tmp}/maillage-with-postgres.lock"
flock 9
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
if ! pg_lsclusters -h | grep -q "^$version *main"; then
  as_root pg_createcluster "$version" main >/dev/null
fi
started=""
if ! pg_lsclusters -h | grep -q "^$version *main.*online"; then
  as_root pg_ctlcluster "$version" main start
  started=yes
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
role=maillage_test
password=maillage_test
cleanup() {
  as_postgres psql -q -p "$port" -c "DROP DATABASE IF EXISTS test_maillage_test WITH (FORCE);" 2>/dev/null || true
  as_postgres psql -q -p "$port" -c "DROP DATABASE IF EXISTS maillage_test WITH (FORCE);" 2>/dev/null || true
  as_postgres psql -q -p "$port" -c "DROP ROLE IF EXISTS $role;" || true
  if [ -n "$started" ]; then as_root pg_ctlcluster "$version" main stop || true; fi
}
trap cleanup EXIT
as_postgres psql -q -p "$port" -c "DROP ROLE IF EXISTS $role;" >/dev/null 2>&1 || true
as_postgres psql -q -p "$port" -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';"
as_postgres psql -q -p "$port" -c "CREATE DATABASE maillage_test OWNER $role;"
export DATABASE_URL="postgres://$role:$password@127.0.0.1:$port/maillage_test"
"$@"
