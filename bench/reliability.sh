#!/usr/bin/env bash
# The crash-and-fault reliability suite: kill -9 during a pull and during a push, faults (429/500, expiring
# tokens, slow answers), a 20 s PostgreSQL outage, bad pages and bad CSV drops. `--ci` runs the subset .ci/run
# calls (about three minutes after the build). The outage stops a PostgreSQL cluster the suite creates itself
# (initdb into a temporary folder, its own port), never a shared one. Options: see README.md, "Benchmark and
# reliability suite".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/classpath.sh"

work="target/reliability"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == --work ]] && work="${args[$((i + 1))]}"
done
# The suite stops its private cluster itself; should its JVM die without doing so, the cluster named in
# the marker file (binaries, data folder) is stopped here. No other PostgreSQL is ever touched.
stop_private_postgres() {
  local marker="$work/private-postgres"
  [[ -f "$marker" ]] || return 0
  local bin data
  { read -r bin; read -r data; } <"$marker"
  echo "stopping the suite's private PostgreSQL ($data)" >&2
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate stop || true
  else
    "$bin/pg_ctl" -D "$data" -m immediate stop || true
  fi
  rm -rf "$(dirname "$data")" "$marker"
}
trap stop_private_postgres EXIT INT TERM

java -Xmx1g -cp "$BENCH_CLASSPATH" io.mahaksync.bench.ReliabilitySuite "$@"
