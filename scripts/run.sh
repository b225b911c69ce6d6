#!/usr/bin/env bash
# Starts Orthanc with the plugin on Configuration/orthanc.json. Called by `make run`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export HTTP_PORT=${HTTP_PORT:-8042}
export DICOM_PORT=${DICOM_PORT:-4242}
export XNATDQR_PLUGIN=${XNATDQR_PLUGIN:-$root/build/release/libOrthancXnatDqr.so}
export XNATDQR_VAR=${XNATDQR_VAR:-$root/var}
# Debian's DCMTK is ~100x slower on loopback without it (the plugin sets it too).
export TCP_NODELAY=1

for spec in "HTTP_PORT:$HTTP_PORT" "DICOM_PORT:$DICOM_PORT"; do
  name=${spec%%:*}
  port=${spec#*:}
  if ! /usr/bin/python3 "$root/scripts/port-free.py" "$port"; then
    echo "Port $port is already in use (is Debian's orthanc service running? 'systemctl stop orthanc')." >&2
    echo "Choose another one: make run $name=<port>" >&2
    exit 1
  fi
done

mkdir -p "$XNATDQR_VAR"
echo "Orthanc Explorer:  http://localhost:$HTTP_PORT/app/explorer.html"
echo "Plugin status:     http://localhost:$HTTP_PORT/xnat-dqr/status"
echo "DICOM:             AE Title ORTHANC, port $DICOM_PORT"
echo "Storage:           $XNATDQR_VAR (Ctrl-C stops Orthanc)"
exec /usr/sbin/Orthanc "$root/Configuration/orthanc.json"
