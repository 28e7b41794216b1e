#!/usr/bin/env bash
# Times writing a restored member database: `cp` plus `sync` of the source
# file (the floor), `etcdutl snapshot restore` and `ketcd snapshot restore`
# (BoltWriter copying every bucket into a compact file), ROUNDS times each,
# alternating. Prints wall seconds, peak RSS and the size of the written db.
#
# usage: bench/restore-write.sh DB [ROUNDS]
# DB is a member's member/snap/db (for example from bench/offline-make-db.sh)
# or a snapshot file. Needs the release build of ketcd and the etcd binaries
# that scripts/install-deps.sh unpacks under .deps.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${KETCD_ETCD_BIN_DIR:-$root/.deps/trixie/usr/bin}
ketcd=${KETCD_BINARY:-$root/.build/release/ketcd}
db=$1
rounds=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "source: $db, $(stat -c %s "$db") bytes"
printf '%-8s %5s %8s %8s %12s\n' tool round seconds peakMB dbBytes
for round in $(seq 1 "$rounds"); do
  for tool in cp etcdutl ketcd; do
    out=$work/$tool-$round
    case $tool in
      cp) command=(bash -c "mkdir -p '$out/member/snap' && cp '$db' '$out/member/snap/db' && sync") ;;
      etcdutl) command=("$bin/etcdutl" snapshot restore "$db" --skip-hash-check --data-dir "$out") ;;
      ketcd) command=("$ketcd" snapshot restore "$db" --skip-hash-check --data-dir "$out") ;;
    esac
    sync
    /usr/bin/time -f '%e %M' -o "$work/time" "${command[@]}" >/dev/null 2>&1
    read -r seconds kilobytes <"$work/time"
    printf '%-8s %5s %8s %8s %12s\n' "$tool" "$round" "$seconds" "$((kilobytes / 1024))" "$(stat -c %s "$out/member/snap/db")"
    rm -rf "$out"
  done
done
