#!/usr/bin/env bash
# Runs GuiBench on a virtual display (Xvfb :78, started here and stopped afterwards); arguments:
# the results file for bench/run.sh's table, then --quick if wanted.
set -euo pipefail
cd "$(dirname "$0")/.."
results="$1"
shift
display=":78"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1
# The JVM options every console launcher uses (README, "Priorities"), so the bench measures what users get.
DISPLAY="$display" bench/java.sh "-Dbench.results=$results" -Dprism.order=sw -XX:ThreadPriorityPolicy=1 \
  -XX:JavaPriority1_To_OSPriority=10 org.reshard.bench.GuiBench "$@"
