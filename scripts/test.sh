#!/usr/bin/env bash
# `make test`: install, build, unit tests (plain and ASan+UBSan), fuzzing, integration tests on
# this host and in Debian 13 and forky containers, and one closing line "N passed, N failed".
# Exits non-zero on any failure.
#
# What only computes runs beside what mostly waits: once the Release build and its unit tests
# pass, the host's integration suite (which waits on Orthanc and DCMTK far more than it computes)
# runs in the foreground, and three lanes run beside it: the Debian 13 matrix, the forky matrix,
# and, at a lower CPU priority, the test images, the ASan+UBSan build and its unit tests, then
# fuzzing. Each suite
# has its own port range, so neither can take a port the other handed out.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
reports="$root/build/reports"
rm -rf "$reports"
mkdir -p "$reports"
export TCP_NODELAY=1

# Each step's wall time, printed as a table at the end (docs/ARCHITECTURE.md keeps one).
steps=()
mark=$SECONDS
step() {
  [ -n "${current:-}" ] && steps+=("$((SECONDS - mark))|$current")
  current="$*"; mark=$SECONDS
  echo; echo "=== $*"
}
timings() {
  [ -n "${current:-}" ] && steps+=("$((SECONDS - mark))|$current")
  echo; echo "Step times (s):"
  for entry in "${steps[@]}"; do printf '%6s  %s\n' "${entry%%|*}" "${entry#*|}"; done
  cat "$reports"/lane-*.times 2>/dev/null
  printf '%6s  %s\n' "$SECONDS" "make test, in all"
}
die() { echo "$*" >&2; echo "0 passed, 1 failed"; exit 1; }

# The lower-priority lane: each of its steps timed into lane-background.times.
background_lane() {
  local status=0 start
  lane_step() {
    local name=$1; shift
    start=$SECONDS
    echo "=== $name"
    "$@" || status=1
    printf '%6s  %s\n' "$((SECONDS - start))" "beside: $name" >> "$reports/lane-background.times"
  }
  export XNATDQR_BUILD_SHARES=256 # the images' compilers yield to the foreground's
  # The matrices are the longest lanes: this one compiles only once their builds are done
  # (each writes matrix-<release>.built, also when its build fails).
  local waited=$SECONDS
  until [ -f "$reports/matrix-trixie.built" ] && [ -f "$reports/matrix-forky.built" ]; do
    [ $((SECONDS - waited)) -lt 1800 ] || { echo "the matrices' builds did not end"; return 1; }
    sleep 1
  done
  printf '%6s  %s\n' "$((SECONDS - waited))" "beside: waiting for the matrices' builds" \
    >> "$reports/lane-background.times"
  lane_step "Test images (container and package tests)" \
    bash -c "cd IntegrationTests && /usr/bin/python3 -m harness.prebuild"
  lane_step "Build (AddressSanitizer + UndefinedBehaviorSanitizer)" make --no-print-directory build-asan
  lane_step "Unit tests under ASan + UBSan" \
    bash -c "cd build/asan && ctest --output-on-failure --output-junit '$reports/unit-asan.xml'"
  lane_step "Fuzzing (libFuzzer, Debian's clang, 30 s per target)" \
    scripts/fuzz.sh 30 "$reports/fuzz.xml"
  return $status
}

status=0
step "Debian packages"
scripts/install-deps.sh test || die "Installing Debian packages failed"
step "Docker daemon and base images (debootstrap, for the container, package and matrix tests)"
{ scripts/docker-daemon.sh && scripts/base-image.sh bookworm && scripts/base-image.sh trixie \
    && scripts/base-image.sh forky; } \
  || die "No Docker daemon or base image"

step "Started beside everything that follows: the Debian 13 and forky matrices"
# A matrix lane: matrix.sh for one release, its time into lane-<release>.times.
matrix_lane() {
  local release=$1 ports=$2 name=$3 start=$SECONDS code
  XNATDQR_PORTS=$ports scripts/matrix.sh "$release" "$reports"
  code=$?
  printf '%6s  %s\n' "$((SECONDS - start))" \
    "beside: $name: build, unit and integration tests" > "$reports/lane-$release.times"
  return $code
}
matrix_lane trixie 22000-27199 "Compatibility matrix, Orthanc 1.12.7 (Debian 13)" \
  > "$reports/matrix-trixie.log" 2>&1 &
trixie=$!
matrix_lane forky 27200-32399 "Compatibility matrix, Orthanc 1.13.0 (Debian forky)" \
  > "$reports/matrix-forky.log" 2>&1 &
forky=$!
step "Build (Release)"
make --no-print-directory build || die "The Release build failed"
step "Browser test tools (npm ci: playwright-core; the browser is Debian's chromium)"
npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"

step "Unit tests"
(cd build/release && ctest --output-on-failure --output-junit "$reports/unit.xml") || status=1
step "Started beside the integration tests: images, ASan+UBSan, fuzzing (after the matrices' builds)"
nice -n 10 bash -c "$(declare -f background_lane); reports='$reports'; background_lane" \
  > "$reports/background.log" 2>&1 &
background=$!

step "Integration tests (real Orthanc, DCMTK peers)"
XNATDQR_PORTS=14000-21999 /usr/bin/python3 -m pytest -p no:cacheprovider -q -rfE IntegrationTests \
  --durations=25 --junitxml="$reports/integration.xml" || status=1
step "Waiting for the images, ASan+UBSan and fuzzing lane"
wait $background || status=1
cat "$reports/background.log"
step "Waiting for the Debian 13 matrix"
wait $trixie || status=1
cat "$reports/matrix-trixie.log"
step "Waiting for the forky matrix"
wait $forky || status=1
cat "$reports/matrix-forky.log"

timings | tee "$reports/steps.txt"
echo
/usr/bin/python3 scripts/summarize.py "$reports"/*.xml || status=1
exit $status
