#!/usr/bin/env bash
# Times reading an etcd database offline with ketcd against the alternatives:
# the raw read of the file (`cat FILE > /dev/null`, the physical limit) and
# starting etcd on a copy of the data directory and reading with etcdctl.
#
# usage: bench/offline-scan.sh DATA_DIR [KETCD_BINARY]
# DATA_DIR is an etcd data directory (bench/offline-make-db.sh makes one);
# KETCD_BINARY defaults to the release build. Every figure is wall-clock
# time from one run with a warm page cache; compare ratios within one run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETCD_ETCD_BIN_DIR:-$root/.deps/trixie/usr/bin}
data=$1
ketcd=${2:-$root/.build/release/ketcd}
db=$data/member/snap/db

# Best of three runs: the machine is shared, so the fastest run is the one
# least disturbed by other work.
measure() {
  local label=$1
  shift
  local best=""
  for _ in 1 2 3; do
    local line
    /usr/bin/time -o "$timing" -f "%e %M" "$@" >/dev/null 2>&1
    line=$(tail -1 "$timing")
    if [ -z "$best" ] || [ "$(echo "${line% *} < ${best% *}" | bc)" = 1 ]; then
      best=$line
    fi
  done
  echo "$label: ${best% *} s, max RSS ${best#* } KB"
}

timing=$(mktemp)
echo "database: $db, $(stat -c %s "$db") bytes"
cat "$db" >/dev/null
measure "cat FILE > /dev/null" cat "$db"
measure "ketcd get --prefix --count-only (index, latest state)" "$ketcd" --db "$db" get "" --prefix --count-only -w fields
measure "ketcd get --prefix --keys-only (latest state)" "$ketcd" --db "$db" get "" --prefix --keys-only
measure "ketcd get --prefix (full dump, simple)" "$ketcd" --db "$db" get "" --prefix
measure "ketcd get --prefix -w json (full dump)" "$ketcd" --db "$db" get "" --prefix -w json
measure "ketcd hashkv" "$ketcd" hashkv --db "$db"

# etcd on a copy: start it, wait until it serves, read everything.
copy=$(mktemp -d)
trap 'kill $etcd_pid 2>/dev/null || true; wait $etcd_pid 2>/dev/null || true; rm -rf "$copy" "$timing"' EXIT
cp -r "$data" "$copy/data"
while :; do
  client=$(shuf -i 40000-60000 -n 1)
  peer=$((client + 1))
  ss -ltn | grep -qE ":($client|$peer) " || break
done
endpoint=http://127.0.0.1:$client
start=$(date +%s.%N)
"$bin/etcd" --name bench --data-dir "$copy/data" \
  --listen-client-urls "$endpoint" --advertise-client-urls "$endpoint" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "bench=http://127.0.0.1:$peer" --force-new-cluster \
  --quota-backend-bytes=$((16 * 1024 * 1024 * 1024)) --log-level=error >"$copy/etcd.log" 2>&1 &
etcd_pid=$!
until "$bin/etcdctl" --endpoints="$endpoint" endpoint health >/dev/null 2>&1; do
  sleep 0.05
done
ready=$(date +%s.%N)
echo "etcd start on a copy until healthy: $(echo "$ready - $start" | bc) s"
measure "etcdctl get --prefix --keys-only" "$bin/etcdctl" --endpoints="$endpoint" --command-timeout=600s get "" --prefix --keys-only
measure "etcdctl get --prefix (simple)" "$bin/etcdctl" --endpoints="$endpoint" --command-timeout=600s get "" --prefix
measure "etcdctl get --prefix -w json" "$bin/etcdctl" --endpoints="$endpoint" --command-timeout=600s get "" --prefix -w json
