#!/bin/sh
# Copies the project's routes/ into the kustomize base (kustomize only reads files below itself)
# and lists them in base/kustomization.yaml. Run it after changing routes/; OpsManifestsTest
# fails while the copies differ from routes/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$here"/base/routes/*.camel.yaml
cp "$here"/../routes/*.camel.yaml "$here"/base/routes/
k="$here"/base/kustomization.yaml
list=$(cd "$here"/base && for f in routes/*.camel.yaml; do printf '      - %s\\n' "$f"; done)
awk -v list="$list" '
  /# BEGIN routes/ { print; printf "%s", list; skip = 1; next }
  /# END routes/   { skip = 0 }
  !skip            { print }
' "$k" > "$k.tmp" && mv "$k.tmp" "$k"
echo "k8s/base/routes now holds: $(ls "$here"/base/routes | tr '\n' ' ')"
