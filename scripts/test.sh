#!/usr/bin/env bash
# `make test`: install, build, unit tests (plain and ASan+UBSan), integration tests, and one
# closing line "N passed, N failed". Exits non-zero on any failure.
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
  printf '%6s  %s\n' "$SECONDS" "make test, in all"
}
die() { echo "$*" >&2; echo "0 passed, 1 failed"; exit 1; }

step "Debian packages"
scripts/install-deps.sh test || die "Installing Debian packages failed"
step "Build (Release)"
make --no-print-directory build || die "The Release build failed"
step "Build (AddressSanitizer + UndefinedBehaviorSanitizer)"
make --no-print-directory build-asan || die "The sanitizer build failed"

step "Browser test tools (npm ci: playwright-core; the browser is Debian's chromium)"
npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"

status=0
step "Unit tests"
(cd build/release && ctest --output-on-failure --output-junit "$reports/unit.xml") || status=1
step "Unit tests under ASan + UBSan"
(cd build/asan && ctest --output-on-failure --output-junit "$reports/unit-asan.xml") || status=1
step "Fuzzing (libFuzzer, Debian's clang, 30 s per target)"
scripts/fuzz.sh 30 "$reports/fuzz.xml" || status=1
step "Docker daemon and base images (debootstrap, for the container, package and matrix tests)"
{ scripts/docker-daemon.sh && scripts/base-image.sh bookworm && scripts/base-image.sh trixie; } \
  || die "No Docker daemon or base image"
# The matrix runs beside the host's suite (each waits on Orthanc and DCMTK far more than it
# computes); each suite has its own port range, so neither can take a port the other handed out.
step "Compatibility matrix: Orthanc 1.12.7 (Debian 13), started beside the host's integration tests"
XNATDQR_PORTS=26000-31999 scripts/matrix.sh trixie "$reports" > "$reports/matrix.log" 2>&1 &
matrix=$!
step "Integration tests (real Orthanc, DCMTK peers)"
XNATDQR_PORTS=20000-25999 /usr/bin/python3 -m pytest -p no:cacheprovider -q -rfE IntegrationTests \
  --durations=25 --junitxml="$reports/integration.xml" || status=1
step "Compatibility matrix: Orthanc 1.12.7 (Debian 13), unit and integration tests in a container"
wait $matrix || status=1
cat "$reports/matrix.log"

timings | tee "$reports/steps.txt"
echo
/usr/bin/python3 scripts/summarize.py "$reports"/*.xml || status=1
exit $status
