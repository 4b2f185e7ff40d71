#!/usr/bin/env bash
# Runs GuiBench on a virtual display (Xvfb :78, started here and stopped afterwards); arguments:
# the results file for bench/run.sh's table, then --quick if wanted.
set -euo pipefail
cd "$(dirname "$0")/.."
results="$1"
shift
display=":78"
socket="/tmp/.X11-unix/X${display#:}"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
# Stop the display and wait for it to go, so the next run can take the same display number.
trap 'kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [[ -S "$socket" ]] && break
  kill -0 "$xvfb" 2>/dev/null || { echo "gui.sh: Xvfb $display did not start (is another X server on it?)" >&2; exit 2; }
  sleep 0.1
done
[[ -S "$socket" ]] || { echo "gui.sh: Xvfb $display did not come up within 10 s" >&2; exit 2; }
# The JVM options every console launcher uses (README, "Priorities"), so the bench measures what users get.
DISPLAY="$display" bench/java.sh "-Dbench.results=$results" -Dprism.order=sw -XX:ThreadPriorityPolicy=1 \
  -XX:JavaPriority1_To_OSPriority=10 -XX:CompilerThreadPriority=5 org.reshard.bench.GuiBench "$@"
