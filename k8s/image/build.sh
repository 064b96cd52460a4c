#!/usr/bin/env bash
# Builds the service's container image from Debian packages alone (no registry is contacted) and
# writes it as an OCI image tarball:
#
#   k8s/image/build.sh            -> target/mahak-camel-sync-image.oci.tar
#
# 1. The base: a minimal Debian (debootstrap --variant=minbase) with openjdk-25-jre-headless and
#    user 185, committed as localhost/mahak-camel-sync-base:<hash of its recipe>. It takes minutes,
#    so it is kept in the local image storage and rebuilt only when its recipe (this script's
#    base section or the suite) changes.
# 2. The application: target/quarkus-app (./mvnw package, skipped with SKIP_BUILD=1) copied onto
#    the base in the layout of Quarkus' own images, working directory /deployments, user 185.
#
# Needs root (or a user set up for root-less buildah) and the Debian packages buildah and
# debootstrap. Environment: SKIP_BUILD=1 (use the existing target/quarkus-app), IMAGE_TAR (output
# path), IMAGE_NAME (default mahaksync/mahak-camel-sync:<project version>, as the k8s manifests
# name it), DEBIAN_SUITE (default trixie), JDK_PACKAGE (default openjdk-25-jre-headless; bookworm has
# openjdk-17-jre-headless), DEBIAN_MIRROR (default: debootstrap's own), START_ARCHIVE=0 (no start archive).
set -euo pipefail
cd "$(dirname "$0")/../.."

version=$(sed -n '/<artifactId>mahak-camel-sync<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' pom.xml)
image=${IMAGE_NAME:-mahaksync/mahak-camel-sync:$version}
out=${IMAGE_TAR:-target/mahak-camel-sync-image.oci.tar}
suite=${DEBIAN_SUITE:-trixie}
# JDK 25: its AOT cache (recorded below) starts the service in about half the CPU time of JDK 17's
jdk_package=${JDK_PACKAGE:-openjdk-25-jre-headless}
packages=$jdk_package,ca-certificates,tzdata

for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing (apt-get install -y buildah debootstrap)" >&2; exit 1; }
done

# --- 1. the base image -------------------------------------------------------------------------
# The recipe's hash names the base: change a line of build_base (or the suite, the packages) and
# the next build makes a new base instead of reusing a stale one.
build_base() { # target root file system
  local root=$1
  # shellcheck disable=SC2086
  debootstrap --variant=minbase --include="$packages" "$suite" "$root" ${DEBIAN_MIRROR:-} >&2
  # The service's user, as in Quarkus' own base images: uid and gid 185, home /deployments
  echo "app:x:185:185:mahak-camel-sync:/deployments:/usr/sbin/nologin" >> "$root/etc/passwd"
  echo "app:x:185:" >> "$root/etc/group"
  echo "app:!:19000::::::" >> "$root/etc/shadow"
  mkdir -p "$root/deployments"
  chown 185:185 "$root/deployments"
  # Nothing the service needs at run time: package lists, caches, docs
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
    "$root"/var/log/*.log "$root"/tmp/* 2>/dev/null || true
}
recipe=$(printf '%s\n%s\n%s\n' "$(declare -f build_base)" "$suite" "$packages" | sha256sum | cut -c1-12)
base=localhost/mahak-camel-sync-base:$recipe

if buildah inspect --type image "$base" >/dev/null 2>&1; then
  echo "Base image $base is in local storage (recipe unchanged)"
else
  echo "Building base image $base (Debian $suite, $packages): takes a few minutes once"
  ctr=$(buildah from scratch)
  trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
  root=$(buildah mount "$ctr")
  build_base "$root"
  java_home=$(chroot "$root" sh -c 'dirname "$(dirname "$(readlink -f /usr/bin/java)")"')
  buildah umount "$ctr" >/dev/null
  buildah config --env JAVA_HOME="$java_home" --env LANG=C.UTF-8 --user 185:185 --workingdir /deployments \
    --label org.opencontainers.image.description="Debian $suite with $jdk_package, user 185" "$ctr"
  buildah commit --quiet --rm "$ctr" "$base" >/dev/null
  trap - EXIT
  echo "Built $base"
fi

# --- 2. the application -------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B package -DskipTests
fi
app=target/quarkus-app
[ -f "$app/quarkus-run.jar" ] || { echo "build.sh: $app/quarkus-run.jar is missing (./mvnw package)" >&2; exit 1; }

ctr=$(buildah from --pull-never "$base")
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
# Dependencies first, the application last: the layer that changes most is the smallest
buildah copy --quiet --chown 185:185 "$ctr" "$app/lib" /deployments/lib >/dev/null
buildah copy --quiet --chown 185:185 "$ctr" "$app/quarkus-run.jar" /deployments/quarkus-run.jar >/dev/null
buildah copy --quiet --chown 185:185 "$ctr" "$app/quarkus" /deployments/quarkus >/dev/null
buildah copy --quiet --chown 185:185 "$ctr" "$app/app" /deployments/app >/dev/null
# A start archive recorded with the image's own JDK from one whole run-once demo cycle on in-memory databases
# (README.md, "Start, stop and wrong settings"). JDK 25 and later: an AOT cache (the classes of a start loaded
# and linked, and the methods' profiles, so the JIT starts warm); older JDKs: a class-data archive (AppCDS). It
# is recorded here because an archive only fits the JDK and the jar it was recorded with. START_ARCHIVE=0
# leaves it out; a recording that fails leaves it out too, with a warning, and the image starts without it.
java_opts="-XX:MaxRAMPercentage=75.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
jdk=$(buildah run "$ctr" -- java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
if [ "${jdk:-0}" -ge 24 ]; then
  # Netty's off-heap buffers use sun.misc.Unsafe, which JDK 24 and later warn about at every start
  java_opts="$java_opts --sun-misc-unsafe-memory-access=allow"
fi
if [ "${START_ARCHIVE:-${APP_CDS:-1}}" = 1 ]; then
  if [ "${jdk:-0}" -ge 25 ]; then
    archive=/deployments/app.aot record_opt=-XX:AOTCacheOutput=$archive use_opt=-XX:AOTCache=$archive
  else
    archive=/deployments/app-cds.jsa record_opt=-XX:ArchiveClassesAtExit=$archive use_opt=-XX:SharedArchiveFile=$archive
  fi
  # shellcheck disable=SC2086
  if buildah run --user 185:185 --workingdir /tmp "$ctr" -- java $java_opts "$record_opt" \
      -Dquarkus.profile=demo -Dmahak.run-once=true -Dquarkus.http.port="${START_ARCHIVE_PORT:-18089}" \
      -Dmahak.target.jdbc-url=jdbc:h2:mem:record '-Dmahak.simulator.jdbc-url=jdbc:h2:mem:record-simulator;DB_CLOSE_DELAY=-1' \
      -jar /deployments/quarkus-run.jar > target/start-archive-recording.log 2>&1 \
      && buildah run "$ctr" -- test -s "$archive"; then
    java_opts="$java_opts $use_opt"
    echo "Start archive recorded with JDK $jdk: $archive (its run: target/start-archive-recording.log)"
  else
    buildah run "$ctr" -- rm -f "$archive"
    tail -n 20 target/start-archive-recording.log >&2
    echo "build.sh: WARNING: recording the start archive failed (target/start-archive-recording.log); the image starts without one" >&2
  fi
  buildah run "$ctr" -- sh -c 'rm -rf /tmp/* /tmp/.[!.]* 2>/dev/null; true' # what the recording run left (Vert.x' cache)
fi
# JAVA_OPTS adds to the JVM options (e.g. -Xmx); the heap follows the container's memory limit.
buildah config \
  --env JAVA_OPTS= \
  --env JAVA_OPTS_DEFAULT="$java_opts" \
  --env QUARKUS_HTTP_HOST=0.0.0.0 \
  --port 8080 --user 185:185 --workingdir /deployments \
  --entrypoint '["/bin/sh", "-c", "exec java $JAVA_OPTS_DEFAULT $JAVA_OPTS -jar /deployments/quarkus-run.jar"]' \
  --cmd '' \
  --label org.opencontainers.image.title=mahak-camel-sync \
  --label org.opencontainers.image.version="$version" \
  "$ctr"
buildah commit --quiet --rm "$ctr" "$image" >/dev/null
trap - EXIT

mkdir -p "$(dirname "$out")"
rm -f "$out"
buildah push --quiet "$image" "oci-archive:$out:$image"
echo "Image $image written to $out ($(du -h "$out" | cut -f1))"
