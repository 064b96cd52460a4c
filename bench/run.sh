#!/usr/bin/env bash
# The benchmark: initial pull of a million records (rate, heap, RSS) beside a bare JDBC batched upsert and a
# hand-written split + jdbc route, delta latency at a 1 s interval, push of a 100,000-row CSV drop, start-up
# and idle RSS. Options are passed through (see README.md, "Benchmark and reliability suite"): --records N, --profile, --jdbc-url URL, ...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/classpath.sh"
exec java -Xmx2g -cp "$BENCH_CLASSPATH" io.mahaksync.bench.PullBenchmark "$@"
