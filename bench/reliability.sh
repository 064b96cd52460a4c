#!/usr/bin/env bash
# The crash-and-fault reliability suite: kill -9 during a pull and during a push, faults (429/500, expiring
# tokens, slow answers), a 20 s PostgreSQL outage, bad pages and bad CSV drops. `--ci` runs the subset .ci/run
# calls (about three minutes after the build). Needs root for the outage (pg_ctlcluster). Options: see README.md, "Benchmark and reliability suite".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/classpath.sh"

# The outage scenario stops PostgreSQL; whatever happens to the suite, start it again.
cluster=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == --pg-cluster ]] && cluster="${args[$((i + 1))]}"
done
if [[ -z "$cluster" ]]; then cluster="$(ls /etc/postgresql | sort -V | tail -1)/main"; fi
restart_postgres() {
  if ! pg_ctlcluster --skip-systemctl-redirect "${cluster%/*}" "${cluster#*/}" status >/dev/null 2>&1; then
    echo "restarting PostgreSQL cluster $cluster" >&2
    pg_ctlcluster --skip-systemctl-redirect "${cluster%/*}" "${cluster#*/}" start || true
  fi
}
trap restart_postgres EXIT INT TERM

java -Xmx1g -cp "$BENCH_CLASSPATH" io.mahaksync.bench.ReliabilitySuite --pg-cluster "$cluster" "$@"
