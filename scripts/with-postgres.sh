#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server, then stop it.
#   scripts/with-postgres.sh psql -c 'select 1'
# Installs PostgreSQL from Debian's packages when no server is on the machine (needs root or
# sudo). The cluster lives in a temporary folder and listens only on a Unix socket there; the
# command gets PGHOST, PGPORT, PGUSER and PGDATABASE, and the server's bin folder first on PATH.
set -euo pipefail

server_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then dirname "$(command -v pg_ctl)"; return 0; fi
  return 1
}

bin="$(server_bin || true)"
if [ -z "$bin" ]; then
  echo "with-postgres: installing PostgreSQL from Debian's packages" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
  bin="$(server_bin)"
fi

work="$(mktemp -d)"
chmod 755 "$work"
# PostgreSQL refuses to run as root: run the server as the postgres user then.
owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$work"
  owner=(runuser -u postgres --)
fi
stop() {
  "${owner[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

"${owner[@]}" "$bin/initdb" -D "$work/data" -A trust -U roadmap -E UTF8 --locale=C.UTF-8 >/dev/null
"${owner[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-c listen_addresses= -k $work -p 5433 -c fsync=off" start >/dev/null

export PGHOST="$work" PGPORT=5433 PGUSER=roadmap PGDATABASE=postgres PATH="$bin:$PATH"
"$@"
