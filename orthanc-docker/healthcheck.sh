#!/bin/sh
# Healthy when the plugin answers its status route with the administrator's credentials.
exec curl -fsS -o /dev/null --max-time 5 -u "$XNATDQR_USER:$XNATDQR_PASSWORD" \
  "http://127.0.0.1:${XNATDQR_HTTP_PORT:-8042}/xnat-dqr/status"
