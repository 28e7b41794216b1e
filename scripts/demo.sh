#!/usr/bin/env bash
# Sets up ketcd on a fresh Debian 12 machine with Swift and runs its main
# job against a throwaway etcd:
#   1. installs the dependencies (scripts/install-deps.sh) and builds ketcd;
#   2. makes a kubeadm-layout PKI with openssl in a temporary directory;
#   3. starts etcd 3.5 with mutual TLS on loopback ports that are free;
#   4. writes five Kubernetes Namespace objects captured from a live cluster
#      with `ketcd put`, and the sample objects in scripts/demo-data/objects
#      encoded with `ketcd encode`, at the keys kube-apiserver uses;
#   5. reads them as etcdctl would (`ketcd endpoint status`, `ketcd get
#      --prefix`) and as kubectl would (`ketcd get pods -A`), and dumps them.
# etcd is stopped and the temporary directory removed on exit, also on failure.
# To show more commands, add them to run_demo below.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh
echo "demo: building ketcd (release)" >&2
# The Swift runtime and Foundation are linked in statically: the binary then
# runs on a node without Swift (it still needs Debian's libgrpc29, libssl3,
# libyaml-0-2 and libsodium23) and starts with about 6 MB less memory.
swift build -c release --product ketcd --static-swift-stdlib >&2
ketcd_bin="$root/.build/release/ketcd"
etcd_bin="$root/.deps/trixie/usr/bin/etcd"

work=$(mktemp -d -t ketcd-demo-XXXXXX)
etcd_pid=""
cleanup() {
  if [ -n "$etcd_pid" ]; then
    kill "$etcd_pid" 2>/dev/null || true
    wait "$etcd_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- PKI in kubeadm's layout: etc/kubernetes/pki/etcd/{ca,server,peer,healthcheck-client}
pki="$work/etc/kubernetes/pki"
mkdir -p "$pki/etcd"
make_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.crt" -days 1 \
    -subj "/CN=$2" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" 2>/dev/null
}
# make_cert <path without extension> <subject> <extendedKeyUsage>
make_cert() {
  local extensions="$1.ext"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$3"
    echo "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"
  } > "$extensions"
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$pki/etcd/ca.crt" -CAkey "$pki/etcd/ca.key" -CAcreateserial \
    -out "$1.crt" -days 1 -extfile "$extensions" 2>/dev/null
  rm -f "$1.csr" "$extensions"
}
echo "demo: generating a kubeadm-layout PKI in $pki" >&2
make_ca "$pki/etcd/ca" etcd-ca
make_cert "$pki/etcd/server" "/CN=demo-node" serverAuth,clientAuth
make_cert "$pki/etcd/peer" "/CN=demo-node" serverAuth,clientAuth
make_cert "$pki/etcd/healthcheck-client" "/O=system:masters/CN=kube-etcd-healthcheck-client" clientAuth
make_cert "$pki/apiserver-etcd-client" "/O=system:masters/CN=kube-apiserver-etcd-client" clientAuth

# --- etcd with TLS on two free loopback ports
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
endpoint="https://127.0.0.1:$client_port"

echo "demo: starting etcd on $endpoint" >&2
"$etcd_bin" --name demo --data-dir "$work/etcd" \
  --listen-client-urls "$endpoint" --advertise-client-urls "$endpoint" \
  --listen-peer-urls "https://127.0.0.1:$peer_port" --initial-advertise-peer-urls "https://127.0.0.1:$peer_port" \
  --initial-cluster "demo=https://127.0.0.1:$peer_port" \
  --cert-file "$pki/etcd/server.crt" --key-file "$pki/etcd/server.key" \
  --client-cert-auth --trusted-ca-file "$pki/etcd/ca.crt" \
  --peer-cert-file "$pki/etcd/peer.crt" --peer-key-file "$pki/etcd/peer.key" \
  --peer-client-cert-auth --peer-trusted-ca-file "$pki/etcd/ca.crt" \
  > "$work/etcd.log" 2>&1 &
etcd_pid=$!

# ketcd with the flags kube-apiserver's etcd client uses
ketcd() {
  "$ketcd_bin" --endpoints "$endpoint" --cacert "$pki/etcd/ca.crt" \
    --cert "$pki/apiserver-etcd-client.crt" --key "$pki/apiserver-etcd-client.key" "$@"
}

for _ in $(seq 1 100); do
  if ketcd endpoint health >/dev/null 2>&1; then break; fi
  if ! kill -0 "$etcd_pid" 2>/dev/null; then
    echo "demo: etcd exited; its log:" >&2
    cat "$work/etcd.log" >&2
    exit 1
  fi
  sleep 0.1
done

# show <command...>: prints the command line, then runs it.
show() {
  echo
  echo "\$ ketcd $*"
  ketcd "$@"
}

run_demo() {
  echo
  echo "demo: writing five Namespace objects, as kube-apiserver stores them, under /registry/namespaces/"
  while read -r name value; do
    case "$name" in ""|\#*) continue ;; esac
    printf '%s' "$value" | base64 -d | ketcd put "/registry/namespaces/$name" >/dev/null
  done < "$root/scripts/demo-data/namespaces.txt"

  echo "demo: encoding the sample objects in scripts/demo-data/objects with ketcd encode and writing them at their keys"
  while read -r key file; do
    case "$key" in ""|\#*) continue ;; esac
    "$ketcd_bin" encode < "$root/scripts/demo-data/objects/$file" | ketcd put "$key" >/dev/null
  done < "$root/scripts/demo-data/objects.txt"

  show endpoint status -w table
  show member list -w table
  show get --prefix --keys-only /registry/namespaces
  show get --prefix /registry/namespaces --count-only -w fields
  show get /registry/namespaces/default -w json
  show get pods -A
  show get deploy,svc -n shop -o wide
  show get /registry/namespaces/default -o yaml
  echo
  echo "\$ ketcd dump | head -n 12"
  ketcd dump | head -n 12 || true
  echo
}

run_demo
echo "demo: done; stopping etcd and removing $work" >&2
