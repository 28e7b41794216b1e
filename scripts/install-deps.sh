#!/usr/bin/env bash
# Installs what ketcd needs to build and test on Debian 12:
#   - C libraries and tools from Debian 12 (apt-get install);
#   - etcd 3.5 (etcd, etcdctl, etcdutl) and Kubernetes' API packages from
#     Debian 13, fetched with a private apt state and unpacked under
#     .deps/trixie, so the system's apt setup is left untouched.
# Safe to run again: finished steps are skipped.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/.deps"
trixie="$deps/trixie"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

apt_packages=(libgrpc-dev libssl-dev libyaml-dev libsodium-dev libcbor-dev openssl jq ca-certificates time)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian 13 packages, downloaded with a private sources list and state.
trixie_packages=(etcd-server etcd-client golang-k8s-api-dev golang-k8s-apimachinery-dev)
if [ ! -x "$trixie/usr/bin/etcd" ] || [ ! -d "$trixie/usr/share/gocode/src/k8s.io/api" ]; then
  state="$deps/apt-trixie"
  mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/debs" "$trixie"
  echo "deb http://deb.debian.org/debian trixie main" > "$state/sources.list"
  apt_opts=(-o "Dir::Etc::sourcelist=$state/sources.list" -o "Dir::Etc::sourceparts=/dev/null"
            -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
            -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
  echo "install-deps: fetching ${trixie_packages[*]} from Debian 13" >&2
  apt-get "${apt_opts[@]}" update -qq
  (cd "$state/debs" && apt-get "${apt_opts[@]}" download "${trixie_packages[@]}" >/dev/null)
  for deb in "$state/debs"/*.deb; do dpkg-deb -x "$deb" "$trixie"; done
fi

# sed reads the whole output, so etcd never gets SIGPIPE under pipefail as it
# can when head exits after the first line.
"$trixie/usr/bin/etcd" --version | sed -n 1p >&2
