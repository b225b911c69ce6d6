#!/usr/bin/env bash
# `make fuzz` (FUZZ_SECONDS=60 by default) and make test (30 s): builds the libFuzzer targets
# with Debian's clang, runs each for the given time from its seed corpus in Fuzz/corpus/, and
# prints executions per second. Exits non-zero when a target finds a crash (kept in
# build/fuzz/crashes/).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-60}
junit=${2:-}  # optional: a JUnit report, one test case per target, for make test's summary
cases=""
build=build/fuzz
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXNATDQR_FUZZ=ON -DXNATDQR_BUILD_PLUGIN=OFF \
  -DXNATDQR_BUILD_TESTS=OFF > /dev/null || exit 1
if ! cmake --build "$build" -j"${JOBS:-2}" > "$build.log" 2>&1; then
  tail -40 "$build.log"
  # The closing line counts it: a fuzzer that does not build is a failed test.
  [ -n "$junit" ] && echo '<testsuite name="fuzz"><testcase classname="fuzz" name="build"><failure message="the fuzz targets do not build"/></testcase></testsuite>' > "$junit"
  exit 1
fi
mkdir -p "$build/crashes" "$build/corpus"
status=0
for pair in FuzzReceiver:receiver FuzzSchedule:schedule FuzzMoveKeys:move_keys \
            FuzzRestInput:rest_input FuzzDicomWeb:dicomweb FuzzRoutes:routes; do
  target=${pair%%:*}
  seeds=Fuzz/corpus/${pair#*:}
  work="$build/corpus/${pair#*:}"  # grows from the seeds; the seeds in git stay small
  mkdir -p "$work"
  log="$build/$target.log"
  "$build/$target" -max_total_time="$seconds" -print_final_stats=1 -max_len=4096 \
    -artifact_prefix="$build/crashes/$target-" "$work" "$seeds" > "$log" 2>&1
  code=$?
  runs=$(grep -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "$log" | tail -1)
  rate=$(( ${runs:-0} / seconds ))
  if [ $code -eq 0 ]; then
    echo "$target: ${runs:-0} executions in ${seconds} s (${rate}/s), no finding"
    cases+="<testcase classname=\"fuzz\" name=\"$target\"/>"
  else
    echo "$target: FINDING (exit $code), see $log and $build/crashes/"
    grep -m5 -E "ERROR|SUMMARY|abort" "$log"
    cases+="<testcase classname=\"fuzz\" name=\"$target\"><failure message=\"finding\"/></testcase>"
    status=1
  fi
done
if [ -n "$junit" ]; then
  echo "<testsuite name=\"fuzz\">$cases</testsuite>" > "$junit"
fi
exit $status
