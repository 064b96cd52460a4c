#!/usr/bin/env bash
# CI step: build the image tarball with k8s/image/build.sh, load it into podman and start it as the
# Kubernetes Deployment runs it (user 185, read-only root file system, /tmp and /deployments/data
# as empty scratch volumes, config and routes mounted read-only from k8s/base), then check that
#   1. the service answers /q/health/ready (pulling from its own built-in simulator), and
#   2. a run-once container (as the CronJob overlay runs it) pulls from that simulator and exits 0.
# Installs podman, buildah, runc and debootstrap when missing (Debian); skips, saying why, only on
# a machine that cannot run containers. SKIP_BUILD=1 reuses target/quarkus-app.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)

skip() {
  echo "Image check SKIPPED: $*"
  exit 0
}

[ "$(id -u)" = 0 ] || skip "it needs root here (to install packages and run podman as root); run it as root"
unshare --mount --pid --fork --mount-proc true 2>/dev/null \
  || skip "this machine cannot create the namespaces a container needs"
missing=()
for tool in podman buildah runc debootstrap curl; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || skip "${missing[*]} missing and no apt-get to install them"
  echo "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc debootstrap curl >/dev/null
fi

# podman's default runtime (crun) refuses hybrid cgroup hierarchies, and its default ulimits cannot
# always be raised in a nested container: runc, and the limits the machine already has.
work=$(mktemp -d)
cat > "$work/containers.conf" <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF=$work/containers.conf
service=mahak-check-service-$$
runonce=mahak-check-runonce-$$
cleanup() {
  podman rm -f "$service" "$runonce" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

version=$(sed -n '/<artifactId>mahak-camel-sync<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' pom.xml)
image=mahaksync/mahak-camel-sync:$version
tar=target/mahak-camel-sync-image.oci.tar
IMAGE_NAME=$image IMAGE_TAR=$tar k8s/image/build.sh
built=$(date +%s)

# What users get is the tarball: forget the image just built and load it, as another machine would.
podman rmi -f "$image" >/dev/null
podman load -q -i "$tar" >/dev/null
podman image exists "$image" || { echo "podman load of $tar did not give $image" >&2; exit 1; }

free_port() {
  local p
  for p in $(shuf -i 20000-45000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "no free port" >&2
  return 1
}
port=$(free_port)
runonce_port=$(free_port)
# As k8s/base/deployment.yaml runs the pod: user 185, read-only root, emptyDirs, the two ConfigMaps
as_deployed=(--runtime runc --network host --read-only --user 185:185 --cap-drop ALL
  --security-opt no-new-privileges
  --tmpfs /tmp:rw,mode=1777 --tmpfs /deployments/data:rw,mode=1777
  -v "$PWD/k8s/base/config:/deployments/config:ro" -v "$PWD/k8s/base/routes:/deployments/routes:ro"
  -e MAHAK_BASE_URL="http://127.0.0.1:$port/API/v3" -e MAHAK_LEADER_MODE=none)

echo "Starting $image as the Deployment runs it, with its simulator, on 127.0.0.1:$port"
run_at=$(date +%s%N)
podman run -d --name "$service" "${as_deployed[@]}" \
  -e QUARKUS_HTTP_PORT="$port" -e MAHAK_SIMULATOR_ENABLED=true -e MAHAK_SIMULATOR_RECORDS=2000 \
  -e MAHAK_ADMIN_PASSWORD="$(head -c 18 /dev/urandom | base64)" "$image" >/dev/null

ready=""
for _ in $(seq 1 1200); do
  if [ "$(podman inspect -f '{{.State.Running}}' "$service" 2>/dev/null)" != true ]; then
    break
  fi
  if curl -fsS "http://127.0.0.1:$port/q/health/ready" >"$work/ready.json" 2>/dev/null; then
    ready=yes
    break
  fi
  sleep 0.1
done
ready_ms=$((($(date +%s%N) - run_at) / 1000000))
if [ -z "$ready" ]; then
  echo "The container did not become ready on /q/health/ready; its log:" >&2
  podman logs "$service" 2>&1 | tail -n 40 >&2
  curl -sS "http://127.0.0.1:$port/q/health/ready" >&2 || true
  exit 1
fi
echo "Ready $((ready_ms / 1000)).$(printf %03d $((ready_ms % 1000))) s after podman run (load $(cut -d' ' -f1 /proc/loadavg)): $(tr -d '\n ' < "$work/ready.json" | cut -c1-160)"

echo "Run once (as the CronJob runs it) against that simulator"
status=0
podman run --name "$runonce" "${as_deployed[@]}" \
  -e QUARKUS_HTTP_PORT="$runonce_port" -e MAHAK_RUN_ONCE=true -e MAHAK_ADMIN_ENABLED=false \
  -e MAHAK_PULL_ENTITIES=people,products "$image" >"$work/runonce.log" 2>&1 || status=$?
if [ "$status" != 0 ] || ! grep -Eq 'Pull cycle people: [1-9][0-9]* upserted' "$work/runonce.log"; then
  echo "Run once exited $status without pulling people; its log:" >&2
  tail -n 40 "$work/runonce.log" >&2
  exit 1
fi
grep -Eo 'Pull cycle (people|products): [^"]*' "$work/runonce.log"

finished=$(date +%s)
echo "Image check passed: $image ($tar) built in $((built - started)) s, started and checked in $((finished - built)) s"
