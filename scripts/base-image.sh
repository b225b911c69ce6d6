#!/usr/bin/env bash
# Makes the base image debian:<release>-slim when the daemon lacks it: no registry is reachable
# here, so it is debootstrap --variant=minbase from the mirror apt uses, then docker import.
# Usage: base-image.sh bookworm|trixie|forky
set -euo pipefail
release=${1:?usage: base-image.sh bookworm|trixie|forky}
image="debian:${release}-slim"
here=$(cd "$(dirname "$0")" && pwd)

docker image inspect "$image" > /dev/null 2>&1 && exit 0
command -v debootstrap > /dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
mirror=$("$here/debian-mirror.sh")
root=$(mktemp -d /var/tmp/xnat-dqr-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "Making $image with debootstrap from the apt mirror"
# A keyring that knows the newer release: bookworm's debootstrap may lack trixie's keys.
# Debian 12's debootstrap knows no forky (testing): sid's script makes it as well.
script=()
[ -e "/usr/share/debootstrap/scripts/$release" ] || script=(/usr/share/debootstrap/scripts/sid)
debootstrap --variant=minbase "$release" "$root" "$mirror" "${script[@]}" > "$root.log" 2>&1 || {
  tail -20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
if [ "$release" = forky ]; then
  # The mirror's forky Release file is often past its Valid-Until between testing's updates.
  echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99xnat-dqr-testing"
fi
# Like Debian's own slim images: no apt lists, no caches.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
tar -C "$root" -c . | docker import -c 'CMD ["bash"]' - "$image" > /dev/null
