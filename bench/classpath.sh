#!/usr/bin/env bash
# Builds what the bench and the reliability suite run: the packaged product (they start it as a user
# would) and the test classes, and writes the class path of the Java drivers to target/bench-classpath.txt.
# Sourced by bench/run.sh and bench/reliability.sh; set BENCH_SKIP_BUILD=1 to reuse an earlier build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f target/quarkus-app/quarkus-run.jar || ! -f target/bench-classpath.txt ]]; then
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
fi
BENCH_CLASSPATH="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
export BENCH_CLASSPATH
