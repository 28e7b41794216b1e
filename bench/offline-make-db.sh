#!/usr/bin/env bash
# Writes a large etcd 3.5 database with history for the offline-read
# benchmark (bench/offline-scan.sh): Kubernetes-style keys under /registry/,
# every key written several times, some deleted, one compaction halfway.
#
# usage: bench/offline-make-db.sh OUT_DIR [TARGET_MB]
# Leaves OUT_DIR/data (an etcd data directory, member stopped). Needs the
# etcd binaries that scripts/install-deps.sh unpacks under .deps.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETCD_ETCD_BIN_DIR:-$root/.deps/trixie/usr/bin}
out=$1
target_mb=${2:-1100}
mkdir -p "$out"
rm -rf "$out/data"

# Two free loopback ports, checked with ss.
while :; do
  client=$(shuf -i 40000-60000 -n 1)
  peer=$((client + 1))
  ss -ltn | grep -qE ":($client|$peer) " || break
done
endpoint=http://127.0.0.1:$client

"$bin/etcd" --name bench --data-dir "$out/data" \
  --listen-client-urls "$endpoint" --advertise-client-urls "$endpoint" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "bench=http://127.0.0.1:$peer" \
  --quota-backend-bytes=$((16 * 1024 * 1024 * 1024)) --log-level=error >"$out/etcd.log" 2>&1 &
etcd_pid=$!
trap 'kill $etcd_pid 2>/dev/null || true; wait $etcd_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  "$bin/etcdctl" --endpoints="$endpoint" endpoint health >/dev/null 2>&1 && break
  sleep 0.2
done
"$bin/etcdctl" --endpoints="$endpoint" member list | grep -q bench

# 8 KiB values, 100 puts per transaction (under etcd's 1.5 MiB request limit).
value_size=8192
keys=$((target_mb * 1024 * 1024 / value_size / 4))
rounds=4
echo "writing $keys keys x $rounds rounds of $value_size-byte values to $endpoint"
for round in $(seq 1 $rounds); do
  python3 - "$keys" "$round" "$value_size" <<'PY' | while IFS= read -r -d '' batch; do
import sys
keys, round_number, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
filler = ("r%d-" % round_number) + "x" * size
batch = []
for index in range(keys):
    namespace = "ns-%03d" % (index % 100)
    key = "/registry/configmaps/%s/object-%06d" % (namespace, index)
    # Round 3 deletes every tenth key; round 4 puts them back.
    if round_number == 3 and index % 10 == 0:
        batch.append("del %s" % key)
    else:
        batch.append("put %s %s" % (key, filler[:size]))
    if len(batch) == 100:
        sys.stdout.write("\n" + "\n".join(batch) + "\n\n\n\0")
        batch = []
if batch:
    sys.stdout.write("\n" + "\n".join(batch) + "\n\n\n\0")
PY
    printf '%s' "$batch" | "$bin/etcdctl" --endpoints="$endpoint" txn >/dev/null
  done
  if [ "$round" = 2 ]; then
    revision=$("$bin/etcdctl" --endpoints="$endpoint" get / --prefix --limit=1 -w json | python3 -c 'import json,sys; print(json.load(sys.stdin)["header"]["revision"])')
    "$bin/etcdctl" --endpoints="$endpoint" compact "$revision" >/dev/null
  fi
  echo "round $round done"
done
"$bin/etcdctl" --endpoints="$endpoint" endpoint status -w table
