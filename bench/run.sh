#!/usr/bin/env bash
# Builds once, runs every benchmark of docs/PERFORMANCE.md against its baseline, and prints one table.
#   bench/run.sh            the issue's sizes (about 12 minutes on 2 cores, 3–4 more with the switch back)
#   bench/run.sh --quick    a tenth of the sizes, a smoke run whose figures are not to be quoted
#   bench/run.sh --only capture        capture costs (triggers vs logical decoding) and the copy phase, about 10 minutes
#   bench/run.sh --only capture-elsewhere   the writer's throughput part of it with the targets on a second PostgreSQL
#                                      cluster started for the run (same settings), and a control window with them local
#   bench/run.sh --only copy,cutover   some of: copy sqlite-copy verify capture cutover switchback scatter ownership memory gui jmh
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres); benchmarks create and drop bench_* databases.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
only="copy,sqlite-copy,verify,capture,cutover,switchback,scatter,ownership,memory,gui,jmh"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=(--quick); shift ;;
    --only) only="$2"; shift 2 ;;
    *) echo "usage: bench/run.sh [--quick] [--only a,b]" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

mvn -q -B -ntp -DskipTests package test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt

results="target/bench-results.tsv"
mkdir -p target
: > "$results"
echo "load before: $(uptime)"
run() { bench/java.sh "-Dbench.results=$results" "$@"; }

wants copy && run org.reshard.bench.CopyBench "${quick[@]}"
wants sqlite-copy && run org.reshard.bench.SqliteCopyBench "${quick[@]}"
wants verify && run org.reshard.bench.VerifyBench "${quick[@]}"
if wants capture; then
  # Triggers against logical decoding: writer throughput (interleaved), apply rate and lag; then the copy phase
  # (default capture, logical here) against the psql pipe in the same run, unless "copy" ran above already.
  run org.reshard.bench.CaptureBench "${quick[@]}"
  wants copy || run org.reshard.bench.CopyBench "${quick[@]}"
fi
if wants capture-elsewhere; then
  # The two targets on a second cluster of their own (own WAL and fsyncs), as on other servers; not in the default list.
  run -Dbench.captureTargetsElsewhere=true -Dbench.captureThroughputOnly=true -Dbench.captureWaits=true \
    org.reshard.bench.CaptureBench "${quick[@]}" --reps 9
fi
wants cutover && run org.reshard.bench.CutoverBench "${quick[@]}"
wants switchback && run org.reshard.bench.SwitchBackBench "${quick[@]}"
if wants scatter; then
  run -Xmx256m org.reshard.bench.ScatterGatherBench "${quick[@]}"
  # Again with every shard on a server of its own, held to its own CPU quota, as shards on their own hosts.
  if bench/shard-hosts.sh start; then
    trap 'bench/shard-hosts.sh stop' EXIT
    run -Xmx256m "-Dbench.shardHosts=$(bench/shard-hosts.sh ports)" "-Dbench.shardHostsNote=$(bench/shard-hosts.sh note)" \
      org.reshard.bench.ScatterGatherBench "${quick[@]}"
    bench/shard-hosts.sh stop
    trap - EXIT
  else
    echo "skipped scatter-gather on servers of their own: bench/shard-hosts.sh could not start them (it needs root and cgroups)"
  fi
fi
wants ownership && run org.reshard.bench.OwnershipFilterBench "${quick[@]}"
wants memory && run -Xmx256m org.reshard.bench.MemoryBench "${quick[@]}"
if wants gui; then
  bench/gui.sh "$results" "${quick[@]}"
fi
if wants jmh; then
  run org.reshard.bench.JmhRunner "${quick[@]}"
fi

echo "load after: $(uptime)"
echo
{
  printf 'benchmark\tours\tbaseline\tratio\ttarget\tmet?\tnotes\n'
  cat "$results"
} | column -t -s $'\t'
