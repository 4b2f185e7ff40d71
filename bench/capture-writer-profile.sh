#!/usr/bin/env bash
# Profiles the benchmark writer's PostgreSQL backend with perf in each CaptureBench window (no operation, trigger
# capture, logical capture), to see where its CPU goes; needs perf and root. Runs one repetition, then prints, for
# each window, the share of the writer's samples in kill() (the signal that wakes a WAL sender after each commit;
# logical capture reads its slot without one since runs 18-22, so it should be 0 there too).
# e.g. bench/capture-writer-profile.sh   (after bench/run.sh has built the classes)
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench-perf
rm -rf "$out" && mkdir -p "$out"
sql() { psql -h 127.0.0.1 -U postgres -Atc "$1" "${@:2}" 2>/dev/null || true; }
bench/java.sh -Dbench.captureTargetsElsewhere=true -Dbench.captureLocalControl=false -Dbench.captureThroughputOnly=true \
  org.reshard.bench.CaptureBench --reps 1 > "$out/bench.log" 2>&1 &
bench=$!
while kill -0 "$bench" 2>/dev/null; do
  pid=$(sql "select pid from pg_stat_activity where datname = 'bench_cap_src' and state <> 'idle' and (query like 'INSERT INTO orders VALUES%' or query like 'UPDATE orders SET total%') order by backend_start desc limit 1")
  if [[ -n "$pid" && ! -e "$out/seen-$pid" ]]; then
    touch "$out/seen-$pid"
    sleep 2
    mode=none
    [[ "$(sql "select count(*) from pg_replication_slots where database = 'bench_cap_src' and slot_name like 'reshard%'")" != 0 ]] && mode=logical
    [[ "$(sql "select count(*) from pg_trigger where not tgisinternal and tgname like 'reshard%'" -d bench_cap_src)" =~ ^[1-9] ]] && mode=triggers
    perf record -F 2000 -g -p "$pid" -o "$out/$mode.data" -- sleep 5 > /dev/null 2>&1 || true
  fi
  sleep 0.3
done
grep -E '^  (no operation|trigger|logical)' "$out/bench.log" | cut -c1-200
for data in "$out"/*.data; do
  share=$(perf report -i "$data" --children --sort symbol --stdio 2>/dev/null | awk '/\] (__GI___kill|kill) / {print $1; exit}' || true)
  echo "$(basename "$data" .data): writer backend's samples in kill(): ${share:-0%}"
done
