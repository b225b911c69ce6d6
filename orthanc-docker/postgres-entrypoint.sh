#!/bin/sh
# Initializes the cluster on first start (database and user "orthanc", password from
# XNATDQR_DB_PASSWORD), then runs PostgreSQL in the foreground.
set -eu
[ -n "${XNATDQR_DB_PASSWORD:-}" ] || { echo "postgres: refusing to start: XNATDQR_DB_PASSWORD not set" >&2; exit 64; }
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
data=/var/lib/postgresql/data
if [ ! -s "$data/PG_VERSION" ]; then
  password=$(mktemp)
  printf '%s' "$XNATDQR_DB_PASSWORD" > "$password"
  "$bin/initdb" -D "$data" -U orthanc -E UTF8 --locale=C.UTF-8 -A scram-sha-256 --pwfile="$password" > /dev/null
  rm -f "$password"
  # initdb makes only "postgres"; the database Orthanc and the plugin share:
  echo "CREATE DATABASE orthanc;" | "$bin/postgres" --single -D "$data" postgres > /dev/null
fi
exec "$bin/postgres" -D "$data" -c listen_addresses=127.0.0.1 -p "${PGPORT:-5432}" -k /run/postgresql
