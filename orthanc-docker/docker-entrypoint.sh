#!/bin/sh
# Starts Orthanc with the plugin on /etc/orthanc/. Refuses to start without the administrator's
# credentials: REST authentication is always on in this image.
set -eu
missing=""
[ -n "${XNATDQR_USER:-}" ] || missing="XNATDQR_USER"
[ -n "${XNATDQR_PASSWORD:-}" ] || missing="${missing:+$missing and }XNATDQR_PASSWORD"
if [ -n "$missing" ]; then
  echo "orthanc-xnat-dqr: refusing to start: $missing not set. REST authentication is always on;" >&2
  echo "  run with -e XNATDQR_USER=<name> -e XNATDQR_PASSWORD=<password>." >&2
  exit 64
fi
case "$XNATDQR_USER$XNATDQR_PASSWORD" in
  *'"'*|*'\'*)
    echo "orthanc-xnat-dqr: refusing to start: XNATDQR_USER and XNATDQR_PASSWORD may not hold \" or \\" >&2
    exit 64 ;;
esac
case "$XNATDQR_USER" in
  *:*) echo "orthanc-xnat-dqr: refusing to start: XNATDQR_USER may not hold ':' (HTTP Basic)" >&2
       exit 64 ;;
esac
# Orthanc's usual ports; with host networking two containers on one host need others.
export XNATDQR_HTTP_PORT="${XNATDQR_HTTP_PORT:-8042}"
export XNATDQR_DICOM_PORT="${XNATDQR_DICOM_PORT:-4242}"
export XNATDQR_NAME="${XNATDQR_NAME:-orthanc-xnat-dqr}"
export XNATDQR_DICOM_AET="${XNATDQR_DICOM_AET:-ORTHANC}"
export TCP_NODELAY=1
exec /usr/sbin/Orthanc "$@"
