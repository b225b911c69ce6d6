#!/usr/bin/env bash
# The compatibility matrix's image for one release (Debian's Orthanc, its SDK, the test tools),
# made from the debootstrapped base image; cached layers are reused.
# Usage: matrix-image.sh trixie|forky
set -euo pipefail
release=${1:?usage: matrix-image.sh trixie|forky}
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/docker-daemon.sh"
"$root/scripts/base-image.sh" "$release"
image="orthanc-xnat-dqr-test:$release"
mkdir -p "$root/build"
exec 9> "$root/build/docker-build.lock" # one docker build at a time (harness/docker.py too)
flock 9
docker build -q --network host --build-arg DEBIAN_RELEASE="$release" -t "$image" \
  "$root/scripts/matrix" > /dev/null
echo "$image"
