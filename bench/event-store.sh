#!/usr/bin/env bash
# Event store throughput next to raw DuckDB and raw Javalin, measured in one run (see docs/benchmarks.md).
# Usage: bench/event-store.sh [seconds-per-phase]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f event-store/target/event-store.jar ]] || mvn -q -B -pl event-store -am package -DskipTests
exec java -Xmx2g -cp event-store/target/event-store.jar bench/EventStoreBench.java "${1:-10}"
