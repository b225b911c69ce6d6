#!/usr/bin/env bash
# Makes sure a Docker daemon answers. When none does, starts Debian's dockerd as this machine
# allows it: no iptables, no bridge (containers use host networking), data in a folder of ours.
# Prints nothing on success; the daemon keeps running for later runs, which reuse its cache.
set -euo pipefail
data_root=${XNATDQR_DOCKER_ROOT:-/var/tmp/xnat-dqr-docker}

docker info > /dev/null 2>&1 && exit 0
if ! command -v dockerd > /dev/null; then
  echo "dockerd is missing: install Debian's docker.io (scripts/install-deps.sh test does)" >&2
  exit 1
fi
mkdir -p "$data_root"
nohup dockerd --iptables=false --ip-masq=false --bridge=none --data-root "$data_root/data" \
  --exec-root "$data_root/exec" --pidfile "$data_root/dockerd.pid" \
  > "$data_root/dockerd.log" 2>&1 &
for _ in $(seq 1 120); do
  docker info > /dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "dockerd did not answer within 60 s; its log: $data_root/dockerd.log" >&2
tail -20 "$data_root/dockerd.log" >&2
exit 1
