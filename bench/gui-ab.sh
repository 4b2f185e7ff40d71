#!/usr/bin/env bash
# Interleaved A/B runs of GuiBench: JVM options A and B take turns, so drift of the machine (another
# process, a warm page cache) falls on both alike. Each run's table rows and G1 log go to OUT.
#   bench/gui-ab.sh OUT PAIRS "A options" "B options"
# e.g. bench/gui-ab.sh /tmp/ab 5 "" "-Xms512m"
set -euo pipefail
cd "$(dirname "$0")/.."
out="$1" pairs="$2" options_a="$3" options_b="$4"
mkdir -p "$out"
for pair in $(seq 1 "$pairs"); do
  for side in a b; do
    options="$options_a"
    [[ "$side" == b ]] && options="$options_b"
    log="$out/$side$pair"
    JAVA_TOOL_OPTIONS="$options -Xlog:gc*:file=$log.gc:uptime" bench/gui.sh "$log.tsv" >"$log.out" 2>&1 \
      || echo "run $side$pair failed: see $log.out" >&2
    # First frame, steady, Start-to-gate and whole-run gaps, then how many young GCs the run had.
    echo "$side$pair [$options] $(cut -f2 "$log.tsv" | tr '\n' ' ')young GCs $(grep -c 'Pause Young.*ms$' "$log.gc")"
  done
done
