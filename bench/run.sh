#!/usr/bin/env bash
# `make bench`: the benchmarks of docs/PERFORMANCE.md, in one run, on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export TCP_NODELAY=1
/usr/bin/python3 bench/bench_cmove.py "$@"
