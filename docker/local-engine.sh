#!/usr/bin/env bash
# Brings up a Docker engine on a Debian machine that reaches Debian's package mirror and the npm registry
# but no image registry, and builds the stand-in base images the stack uses, from Debian packages only:
#   local/debian:trixie   (debootstrap)      local/node:20, local/node-build:20 (Node.js 20 from Debian)
#   local/redis:7                            local/postgres:17
# Then builds the service image (emergency-command:latest). Run as root:  bash docker/local-engine.sh
# Idempotent: what exists already is kept (REBUILD=1 rebuilds the images).
set -euo pipefail
cd "$(dirname "$0")"
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOTFS=${ROOTFS_DIR:-/var/lib/local-images/trixie}
say() { printf '[local-engine] %s\n' "$*"; }

missing=()
for cmd in dockerd debootstrap docker-compose; do command -v "$cmd" >/dev/null || missing+=("$cmd"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing docker.io debootstrap docker-compose from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q docker.io debootstrap docker-compose >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  say "starting dockerd (vfs storage, no iptables, no default bridge)"
  nohup dockerd --storage-driver=vfs --iptables=false --bridge=none >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { say "dockerd did not start; see /var/log/dockerd.log"; exit 1; }
fi

# BuildKit (built into Debian's dockerd 20.10; its own client drives it without the buildx plugin) skips the
# full copy of the file system that the legacy builder makes for every step on vfs storage: minutes, not an hour.
DOCKER=docker
[ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=1

have() { [ -z "${REBUILD:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }

if ! have local/debian:trixie; then
  if [ ! -x "$ROOTFS/bin/sh" ]; then
    say "debootstrap trixie into $ROOTFS (a few minutes)"
    mkdir -p "$(dirname "$ROOTFS")"
    debootstrap --variant=minbase trixie "$ROOTFS" "$MIRROR" >/tmp/debootstrap.log
  fi
  echo "deb $MIRROR trixie main" >"$ROOTFS/etc/apt/sources.list"
  say "importing local/debian:trixie"
  tar -C "$ROOTFS" --exclude='./var/cache/apt/archives/*.deb' -c . | docker import - local/debian:trixie >/dev/null
fi

build() { # tag dockerfile [build args...]
  local tag=$1 file=$2; shift 2
  if have "$tag"; then say "$tag present"; return; fi
  say "building $tag"
  $DOCKER build --network host -q -t "$tag" -f "base/$file" "$@" base >/dev/null
}
build local/node:20 node.Dockerfile
build local/node-build:20 node-build.Dockerfile
build local/redis:7 redis.Dockerfile
build local/postgres:17 postgres.Dockerfile

if [ -z "${SKIP_APP:-}" ]; then
  say "building emergency-command:latest"
  start=$(date +%s)
  $DOCKER build --network host --progress plain -t emergency-command:latest -f Dockerfile \
    --build-arg NPM_REGISTRY="${NPM_REGISTRY:-https://registry.npmjs.org/}" \
    --secret id=npm_ca,src="${NPM_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}" .. >/tmp/emergency-image-build.log 2>&1 \
    || { tail -n 30 /tmp/emergency-image-build.log; exit 1; }
  say "built in $(( $(date +%s) - start )) s; size $(docker image inspect -f '{{.Size}}' emergency-command:latest | awk '{printf "%.0f MB", $1/1e6}')"
fi
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E '^(local/|emergency-command)'
