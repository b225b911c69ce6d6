#!/usr/bin/env bash
# The Debian package for one release, built with that release's Orthanc SDK and libraries:
# this machine's release through `make deb`; another (trixie, forky) in the compatibility
# matrix's container, from the matrix's own build folder (build/matrix-<release>).
# Usage: deb.sh <release> [folder]: writes <folder>/first.deb (this tree's version) and
# <folder>/upgrade.deb (the same, one version higher), and prints the version.
set -euo pipefail
release=${1:?usage: deb.sh <release> [folder]}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${2:-$root/build/deb-$release}")
mkdir -p "$out"
. /etc/os-release

if [ "$release" = "$VERSION_CODENAME" ]; then
  make -C "$root" --no-print-directory deb DEBIAN_RELEASE= > /dev/null
  build=$root/build/release
  first=$(ls "$root"/build/orthanc-xnat-dqr_*.deb | sort | tail -1)
  cp "$first" "$out/first.deb"
  version=$(dpkg-deb -f "$out/first.deb" Version)
  (cd "$build" && cpack -B "$out/cpack" -D "CPACK_PACKAGE_VERSION=$version+1" \
     -D CPACK_DEBIAN_FILE_NAME=upgrade.deb > /dev/null)
  mv "$out/cpack/upgrade.deb" "$out/upgrade.deb"
  rm -rf "$out/cpack"
  echo "$version"
  exit 0
fi

"$root/scripts/matrix-image.sh" "$release" > /dev/null
cache=$root/build/matrix-$release
mkdir -p "$cache"
# The matrix may be building in the same folder: one build at a time (matrix.sh takes it too).
exec 9> "$cache.lock"
flock 9
docker run --rm --network host -v "$root:/src:ro" -v "$cache:/build" -v "$out:/out" \
  "orthanc-xnat-dqr-test:$release" bash -c "
    set -e
    [ -f /build/CMakeCache.txt ] || cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release > /dev/null
    cmake --build /build -j\$(nproc) --target OrthancXnatDqr > /dev/null
    cd /build
    rm -rf /tmp/deb && cpack -B /tmp/deb > /dev/null
    first=\$(ls /tmp/deb/orthanc-xnat-dqr_*.deb)
    version=\$(dpkg-deb -f \$first Version)
    cp \$first /out/first.deb
    cpack -B /tmp/deb -D CPACK_PACKAGE_VERSION=\$version+1 -D CPACK_DEBIAN_FILE_NAME=upgrade.deb > /dev/null
    cp /tmp/deb/upgrade.deb /out/upgrade.deb
    chown $(id -u):$(id -g) /out/first.deb /out/upgrade.deb
    echo \$version"
