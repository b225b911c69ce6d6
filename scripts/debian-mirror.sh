#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt already uses (deb822 or one-line sources).
set -euo pipefail
mirror=$({ cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list || true; } \
  2>/dev/null | grep -E '^(URIs:|deb )' | grep -v -- '-security' \
  | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' \
  | awk '{print $1}' | grep -E '/debian/?$' | head -1)
if [ -z "$mirror" ]; then
  echo "No Debian mirror found in /etc/apt/sources*" >&2
  exit 1
fi
echo "${mirror%/}"
