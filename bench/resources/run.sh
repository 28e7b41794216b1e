#!/usr/bin/env bash
# Benchmarks ketcd's Kubernetes reads against Debian's etcdctl 3.5 on a local
# etcd holding N Kubernetes objects (default 100,000; see load.py), in the
# same run:
#   etcdctl get --prefix /registry/ -w json   (raw read, values in base64)
#   ketcd dump                                (every object decoded, etcdhelper's format)
#   ketcd dump -o jsonl                       (the same as JSON lines)
#   ketcd get pods -A -o json                 (kubectl's List of every pod)
# Each command runs ROUNDS times; the table shows the median wall time and the
# maximum peak RSS (/usr/bin/time).
#
#   bash bench/resources/run.sh [N] [ROUNDS]
#
# Needs: swift, python3, /usr/bin/time, and scripts/install-deps.sh for etcd
# and the k8s.io/api fixtures. Not part of the test suite.
set -euo pipefail

count=${1:-100000}
rounds=${2:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bin="$root/.deps/trixie/usr/bin"
templates="$root/.deps/trixie/usr/share/gocode/src/k8s.io/api/testdata/HEAD"

bash scripts/install-deps.sh
swift build -c release --product ketcd >&2
ketcd_bin="$root/.build/release/ketcd"

work=$(mktemp -d -t ketcd-bench-resources-XXXXXX)
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
while [ "$peer_port" = "$client_port" ]; do peer_port=$(free_port); done
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

echo "bench: loading $count Kubernetes objects into $endpoint" >&2
python3 bench/resources/load.py "$endpoint" "$count" "$templates"
"$ketcd_bin" --endpoints "$endpoint" api-resources >&2
bytes=$("$bin/etcdctl" --endpoints "$endpoint" endpoint status -w json | sed -n 's/.*"dbSize":\([0-9]*\).*/\1/p')
echo "bench: etcd database size $((bytes / 1048576)) MB" >&2

# measure <binary> <args...>: prints "seconds max_rss_kb output_bytes"
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out"
  echo "$(cat "$work/time") $(stat -c %s "$work/out")"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '\n%-44s %9s %9s %10s %10s\n' "command ($count objects)" "seconds" "vs etcdctl" "peak MB" "output MB"
baseline=""
run_case() {
  local label=$1
  shift
  : > "$work/times"
  local peak=0 size=0
  for _ in $(seq 1 "$rounds"); do
    read -r seconds rss size < <(measure "$@")
    echo "$seconds" >> "$work/times"
    if [ "$rss" -gt "$peak" ]; then peak=$rss; fi
  done
  local seconds
  seconds=$(median < "$work/times")
  if [ -z "$baseline" ]; then baseline=$seconds; fi
  printf '%-44s %9s %9s %10s %10s\n' "$label" "$seconds" \
    "$(awk -v a="$seconds" -v b="$baseline" 'BEGIN { printf "%.2fx", a / b }')" \
    "$((peak / 1024))" "$((size / 1048576))"
}

run_case "etcdctl get --prefix /registry/ -w json" "$bin/etcdctl" --endpoints "$endpoint" --command-timeout=600s get --prefix /registry/ -w json
run_case "ketcd get --prefix /registry/ -w json" "$ketcd_bin" --endpoints "$endpoint" --command-timeout=600s get --prefix /registry/ -w json
run_case "ketcd dump" "$ketcd_bin" --endpoints "$endpoint" --command-timeout=600s dump
run_case "ketcd dump -o jsonl" "$ketcd_bin" --endpoints "$endpoint" --command-timeout=600s dump -o jsonl
run_case "ketcd get pods -A -o json" "$ketcd_bin" --endpoints "$endpoint" --command-timeout=600s get pods -A -o json
