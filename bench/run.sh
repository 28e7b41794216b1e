#!/usr/bin/env bash
# Benchmarks ketcd against Debian's etcdctl 3.5 on a local etcd holding
# 100,000 keys with 1-4 KB values (about 250 MB), in the same run:
#   get --prefix / -w json, get --prefix / --keys-only, get --prefix / --count-only -w fields.
# Each command runs ROUNDS times per tool, alternating; the table shows the
# median wall time and the maximum peak RSS (/usr/bin/time -v).
#
#   bash bench/run.sh [KEYS] [ROUNDS]
#
# Needs: swift, python3, /usr/bin/time (apt-get install time), and
# scripts/install-deps.sh for etcd. Not part of the test suite.
set -euo pipefail

keys=${1:-100000}
rounds=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin="$root/.deps/trixie/usr/bin"

bash scripts/install-deps.sh
# The Swift runtime and Foundation are linked in statically: the binary then
# runs on a node without Swift (it still needs Debian's libgrpc29, libssl3,
# libyaml-0-2 and libsodium23) and starts with about 6 MB less memory.
swift build -c release --product ketcd --static-swift-stdlib >&2
ketcd_bin="$root/.build/release/ketcd"

work=$(mktemp -d -t ketcd-bench-XXXXXX)
etcd_pid=""
cleanup() {
  if [ -n "$etcd_pid" ]; then
    kill "$etcd_pid" 2>/dev/null || true
    wait "$etcd_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if port_is_free "$port"; then echo "$port"; return; fi
  done
}
client_port=$(free_port)
peer_port=$(free_port)
endpoint="http://127.0.0.1:$client_port"
"$bin/etcd" --name bench --data-dir "$work/etcd" \
  --listen-client-urls "$endpoint" --advertise-client-urls "$endpoint" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "bench=http://127.0.0.1:$peer_port" --quota-backend-bytes=8589934592 \
  > "$work/etcd.log" 2>&1 &
etcd_pid=$!
for _ in $(seq 1 100); do
  if "$bin/etcdctl" --endpoints "$endpoint" endpoint health >/dev/null 2>&1; then break; fi
  sleep 0.1
done

echo "bench: loading $keys keys into $endpoint" >&2
python3 bench/make-txns.py "$keys" "$work/txns"
for file in "$work"/txns/txn-*; do
  "$bin/etcdctl" --endpoints "$endpoint" txn < "$file" > /dev/null
done
count=$("$bin/etcdctl" --endpoints "$endpoint" get --prefix / --count-only -w fields | sed -n 's/^"Count" : //p')
echo "bench: etcd holds $count keys" >&2

# measure <tool binary> <args...>: prints "seconds max_rss_kb". Both tools get a
# 300 s --command-timeout: etcdctl exceeded the 5 s default on -w json over
# 250 MB on a 2-core machine.
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
  cat "$work/time"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

cases=("get --prefix / -w json" "get --prefix / --keys-only" "get --prefix / --count-only -w fields")
printf '\n%-42s %10s %10s %8s %12s %12s %8s\n' "command ($count keys)" "etcdctl s" "ketcd s" "ratio" "etcdctl MB" "ketcd MB" "ratio"
for case in "${cases[@]}"; do
  read -r -a arguments <<< "$case"
  : > "$work/etcdctl.times"; : > "$work/ketcd.times"
  etcdctl_rss=0; ketcd_rss=0
  for _ in $(seq 1 "$rounds"); do
    read -r seconds rss < <(measure "$bin/etcdctl" --endpoints "$endpoint" --command-timeout=300s "${arguments[@]}")
    echo "$seconds" >> "$work/etcdctl.times"
    if [ "$rss" -gt "$etcdctl_rss" ]; then etcdctl_rss=$rss; fi
    read -r seconds rss < <(measure "$ketcd_bin" --endpoints "$endpoint" --command-timeout=300s "${arguments[@]}")
    echo "$seconds" >> "$work/ketcd.times"
    if [ "$rss" -gt "$ketcd_rss" ]; then ketcd_rss=$rss; fi
  done
  etcdctl_seconds=$(median < "$work/etcdctl.times")
  ketcd_seconds=$(median < "$work/ketcd.times")
  awk -v name="$case" -v es="$etcdctl_seconds" -v ks="$ketcd_seconds" -v em="$etcdctl_rss" -v km="$ketcd_rss" 'BEGIN {
    time_ratio = (es > 0) ? sprintf("%.2f", ks / es) : "n/a"
    printf "%-42s %10.2f %10.2f %8s %12.1f %12.1f %8.2f\n", name, es, ks, time_ratio, em / 1024, km / 1024, km / em
  }'
done
echo
echo "ratio = ketcd / etcdctl (below 1: ketcd is faster or smaller); times are medians of $rounds runs." 
