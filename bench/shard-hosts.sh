#!/usr/bin/env bash
# Stands in for shards on their own hardware: N PostgreSQL servers on this machine, each in its own CPU
# cgroup with a fixed quota, so a query on one shard cannot borrow another shard's CPU.
#   bench/shard-hosts.sh start [N] [CPUS]   N servers (default 4) on ports 5541…, CPUS cores each (default 0.4)
#   bench/shard-hosts.sh stop               stops them and removes their data and cgroups
#   bench/shard-hosts.sh ports              the ports of the running servers, comma-separated
#   bench/shard-hosts.sh note               what is running, in words, for the results table
# Needs root (cgroups, and runuser to start the servers as postgres) and PostgreSQL's server binaries.
set -euo pipefail
base="${RESHARD_SHARD_HOSTS:-/tmp/reshard-shard-hosts}"
first_port=5541
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

cgroup_dir() {
  if [[ -d /sys/fs/cgroup/cpu && -w /sys/fs/cgroup/cpu ]]; then
    echo "/sys/fs/cgroup/cpu/reshard-shard-$1"           # cgroup v1, cpu controller
  elif [[ -f /sys/fs/cgroup/cgroup.controllers ]] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
    echo "/sys/fs/cgroup/reshard-shard-$1"               # cgroup v2
  else
    echo "no writable CPU cgroup controller: cannot give each shard server its own CPU" >&2
    return 1
  fi
}

# A 10 ms period: once a server spends its quota it waits for the next period, and a long period would
# add that wait (up to 60 ms of 100) to every round trip that follows a busy query, which no real host does.
set_quota() {
  local dir="$1" cpus="$2" period=10000
  local quota
  quota=$(awk -v c="$cpus" -v p="$period" 'BEGIN { printf "%d", c * p }')
  mkdir -p "$dir"
  if [[ -f "$dir/cpu.cfs_quota_us" ]]; then
    echo "$period" > "$dir/cpu.cfs_period_us"
    echo "$quota" > "$dir/cpu.cfs_quota_us"
  else
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo "+cpu" > /sys/fs/cgroup/cgroup.subtree_control
    echo "$quota $period" > "$dir/cpu.max"
  fi
}

start() {
  local n="${1:-4}" cpus="${2:-0.4}"
  [[ -x "$bin/initdb" ]] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 2; }
  stop >/dev/null 2>&1 || true
  mkdir -p "$base"
  chown postgres "$base"
  for ((i = 0; i < n; i++)); do
    local data="$base/h$i" port=$((first_port + i)) group
    group="$(cgroup_dir "$i")"
    set_quota "$group" "$cpus"
    runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
    # PostgreSQL cannot see the quota: parallel workers would split less than one core and be throttled.
    echo "max_parallel_workers_per_gather = 0" >> "$data/postgresql.conf"
    # The server and every backend it forks inherit the cgroup of the shell that starts it.
    (echo "$BASHPID" > "$group/cgroup.procs"
     exec runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
       -o "-p $port -k $base -c listen_addresses=127.0.0.1" start >/dev/null)
    echo "$port" >> "$base/ports"
  done
  echo "$n servers of 1 database each, $cpus CPU each (cgroup quota)" > "$base/note"
  echo "started $n PostgreSQL servers (ports $(ports)), $cpus CPU each"
}

stop() {
  for data in "$base"/h*; do
    [[ -d "$data" ]] && runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  done
  for group in /sys/fs/cgroup/cpu/reshard-shard-* /sys/fs/cgroup/reshard-shard-*; do
    [[ -d "$group" ]] && rmdir "$group" 2>/dev/null || true
  done
  rm -rf "$base"
}

ports() {
  paste -sd, "$base/ports"
}

case "${1:-}" in
  note) cat "$base/note" ;;
  start) shift; start "$@" ;;
  stop) stop ;;
  ports) ports ;;
  *) echo "usage: bench/shard-hosts.sh start [N] [CPUS] | stop | ports" >&2; exit 2 ;;
esac
