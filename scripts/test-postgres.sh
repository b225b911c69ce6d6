#!/usr/bin/env bash
# A PostgreSQL server for one run of the unit tests (ctest's fixture "postgres"): initdb into
# a temporary folder, listening only on a Unix socket there. Usage: test-postgres.sh start|stop DIR
set -euo pipefail
action=$1
dir=$2
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  as_postgres=(runuser -u postgres --)
fi
case "$action" in
  start)
    rm -rf "$dir"
    mkdir -p "$dir"
    [ ${#as_postgres[@]} -eq 0 ] || chown postgres "$dir"
    # A locale that sorts unlike bytes where the machine has one, as servers often do.
    locale=C.UTF-8
    if locale -a 2>/dev/null | grep -qx en_US.utf8; then locale=en_US.UTF-8; fi
    "${as_postgres[@]}" "$bin/initdb" -A trust -U postgres -E UTF8 --locale="$locale" \
      -D "$dir/data" > "$dir/initdb.log"
    "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
      -o "-k $dir -c listen_addresses='' -c fsync=off" start > /dev/null
    ;;
  stop)
    "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
