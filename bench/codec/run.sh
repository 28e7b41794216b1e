#!/usr/bin/env bash
# Runs the codec benchmark and, when it is built, the Go peer on the same
# dump files. Every measure runs in its own process on one core
# (taskset -c 0), so the peak RSS printed after it is that measure's own.
#   bash bench/codec/run.sh [N]       N objects in the mixed set (default 10000)
# The Go peer is found through $K8SDECODE or at /tmp/go-peer/bin/k8sdecode
# (bash ../shared/bench/build-go-peer.sh builds it there).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-10000}
fixtures=${KETCD_K8S_SOURCE_DIR:-$root/.deps/trixie/usr/share/gocode/src/k8s.io}/api/testdata/HEAD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$root/bench/codec/make-dump.py" corpus "$fixtures" "$work/corpus.bin"
python3 "$root/bench/codec/make-dump.py" mixed "$fixtures" "$count" "$work/mixed.bin"
(cd "$root" && swift build -c release --product KubeCodecBench >/dev/null)
bench=$(cd "$root" && swift build -c release --show-bin-path)/KubeCodecBench
peer=${K8SDECODE:-/tmp/go-peer/bin/k8sdecode}
measures="decode fast-json fast-json-indented decode+json decode+json-indented decode+yaml encode"

for set in corpus mixed; do
  repeat=1
  [ "$set" = corpus ] && repeat=20
  echo "== $set ($repeat pass(es))"
  for measure in $measures; do
    taskset -c 0 /usr/bin/time -f "peak_rss_kB=%M" "$bench" "$work/$set.bin" --repeat "$repeat" --only "$measure" 2>&1 \
      | grep -v '^dump:' | tr '\n' ' '
    echo
  done
  if [ -x "$peer" ]; then
    for mode in -decode-only "" -pretty; do
      printf 'go %-14s ' "${mode:-json}"
      taskset -c 0 /usr/bin/time -f "peak_rss_kB=%M" "$peer" -in "$work/$set.bin" -repeat "$repeat" $mode 2>&1 | tr '\n' ' '
      echo
    done
  else
    echo "Go peer not built: bash ../shared/bench/build-go-peer.sh"
  fi
done
