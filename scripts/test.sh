#!/usr/bin/env bash
# Runs the whole ketcd test suite: installs what the tests need (Debian
# packages, etcd 3.5 from Debian 13), builds, then runs `swift test`.
# The tests start their own etcd servers on loopback.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh

export KETCD_ETCD_BIN_DIR="$root/.deps/trixie/usr/bin"
export KETCD_K8S_SOURCE_DIR="$root/.deps/trixie/usr/share/gocode/src/k8s.io"

swift build
# One test at a time: many tests wait synchronously for etcd and etcdctl
# processes, and in parallel on a small machine they occupy every thread of
# Swift's cooperative pool, so the async client tests beside them stall.
swift test --no-parallel "$@"
