#!/usr/bin/env bash
# The compatibility matrix: builds the plugin and runs the unit tests and the integration suite
# against another Debian release's Orthanc, inside a container of that release with host
# networking. Left out: the browser tests (no chromium in the image), and the container and
# package tests, which drive Docker from the host and cover the releases there, and the
# read-only disk test (a container gets no loop device; it checks our SQLite store only).
# Usage: matrix.sh trixie|forky [junit-folder]; PYTEST_ARGS="-k name" narrows the suite.
set -euo pipefail
release=${1:?usage: matrix.sh trixie|forky [junit-folder]}
root=$(cd "$(dirname "$0")/.." && pwd)
reports=${2:-$root/build/reports}
cache=$root/build/matrix-$release # the build folder, kept between runs
mkdir -p "$reports" "$cache"

image=$("$root/scripts/matrix-image.sh" "$release")
echo "Test image $image (cached layers are reused)"
run() {
  docker run --rm --network host --cap-add SYS_ADMIN \
    -v "$root:/src:ro" -v "$cache:/build" -v "$reports:/reports" \
    -e PYTEST_ARGS="${PYTEST_ARGS:-}" -e XNATDQR_PORTS="${XNATDQR_PORTS:-22000-27199}" \
    -e XNATDQR_PLUGIN=/build/libOrthancXnatDqr.so -e PYTHONDONTWRITEBYTECODE=1 -e TCP_NODELAY=1 \
    "$image" bash -c "$1"
}

# make test's other lane compiles once this build has ended, well or not (matrix-<release>.built).
trap 'touch "$reports/matrix-$release.built"' EXIT
# The build, with the folder locked: scripts/deb.sh packages from the same folder.
# SYS_ADMIN: test_database_faults mounts a tmpfs (--privileged is refused on this kind of
# machine). The sources are read-only; the build and the reports go to folders of their own.
(
  flock 9
  run "
    set -e
    echo \"Orthanc \$(dpkg-query -W -f='\${Version}' orthanc), DCMTK \$(dpkg-query -W -f='\${Version}' libdcmtk-dev)\"
    [ -f /build/CMakeCache.txt ] || cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release > /dev/null
    cmake --build /build -j\$(nproc) 2>&1 | grep -Ev '^\[ *[0-9]+%\]' || true
    test -f /build/libOrthancXnatDqr.so"
) 9> "$cache.lock"
touch "$reports/matrix-$release.built"

run "
  status=0
  (cd /build && ctest --output-junit /reports/unit-$release.xml > /build/ctest.log) \
    || { tail -40 /build/ctest.log; status=1; }
  tail -3 /build/ctest.log
  cd /src
  python3 -m pytest -p no:cacheprovider -q -rfE IntegrationTests \
    --ignore=IntegrationTests/test_browser.py --ignore=IntegrationTests/test_container.py \
    --ignore=IntegrationTests/test_debian_package.py --ignore=IntegrationTests/test_read_only_disk.py \
    -o junit_suite_name=integration-$release --junitxml=/reports/integration-$release.xml \
    \${PYTEST_ARGS:-} || status=1
  exit \$status"
