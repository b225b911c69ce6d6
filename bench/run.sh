#!/usr/bin/env bash
# `make bench`: the benchmarks of docs/PERFORMANCE.md, in one run, on this machine.
# bench/run.sh [--repeat N]  (default 15; --quick for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."
export TCP_NODELAY=1
quick=()
for argument in "$@"; do [ "$argument" = "--quick" ] && quick=(--quick); done
/usr/bin/python3 bench/bench_cmove.py "$@"
echo
/usr/bin/python3 bench/bench_throttle.py "${quick[@]}"
echo
/usr/bin/python3 bench/bench_xnat_shaped.py "$@"
echo
/usr/bin/python3 bench/bench_scale.py "${quick[@]}"
echo
/usr/bin/python3 bench/bench_fair_share.py
echo
/usr/bin/python3 bench/bench_scale_out.py
echo
/usr/bin/python3 bench/bench_dicomweb.py
echo
cmake --build build/release --target StoreBench > /dev/null
build/release/StoreBench 1000 15
