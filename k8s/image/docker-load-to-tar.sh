#!/bin/sh
# A stand-in "docker" for Jib's Docker-daemon target, so that an image can be built without a
# daemon: "docker load" keeps the image tarball Jib streams on stdin; "docker info" describes
# this machine. Use: ./mvnw package -Dquarkus.container-image.build=true \
#   -Dquarkus.jib.docker-executable-name="$PWD/k8s/image/docker-load-to-tar.sh"
# The tarball goes to $IMAGE_TAR (default target/mahak-camel-sync-image.tar); load it elsewhere
# with "docker load -i" or push it with a registry tool (skopeo copy docker-archive:... docker://...).
set -eu
out=${IMAGE_TAR:-target/mahak-camel-sync-image.tar}
case "${1:-}" in
  load)
    mkdir -p "$(dirname "$out")"
    cat > "$out"
    echo "Loaded image tarball: $out"
    ;;
  info)
    arch=$(uname -m)
    printf '{"OSType":"linux","Architecture":"%s"}\n' "$arch"
    ;;
  *)
    echo "docker-load-to-tar.sh: only 'load' and 'info' are supported, got: $*" >&2
    exit 1
    ;;
esac
