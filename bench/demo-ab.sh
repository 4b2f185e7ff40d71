#!/usr/bin/env bash
# Interleaved A/B runs of the command line's demo resharding: checkout A and checkout B take turns, each
# on a fresh demo workspace, and each run prints how long every phase took (from the run's JSON).
#   bench/demo-ab.sh A_CHECKOUT B_CHECKOUT PAIRS [ROWS]
# e.g. git worktree add /tmp/before HEAD~1 && bench/demo-ab.sh /tmp/before . 3
set -euo pipefail
checkout_a="$(cd "$1" && pwd)" checkout_b="$(cd "$2" && pwd)" pairs="$3" rows="${4:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for pair in $(seq 1 "$pairs"); do
  for side in a b; do
    checkout="$checkout_a"
    [[ "$side" == b ]] && checkout="$checkout_b"
    dir="$work/$side$pair"
    "$checkout/reshard" demo init --dir "$dir" --rows "$rows" >/dev/null
    "$checkout/reshard" run --from "$dir/old.json" --to "$dir/new.json" --state "$dir/state.db" \
      --approve-cutover --retention 0s --json >"$dir/run.json"
    tail -n 1 "$dir/run.json" | python3 -c '
import json, sys
history = json.load(sys.stdin)["phaseHistory"]
print(sys.argv[1], " ".join("%s=%dms" % (p["phase"], p["durationMs"]) for p in history if p["phase"] != "Completed"))' "$side$pair"
    rm -rf "$dir"
  done
done
