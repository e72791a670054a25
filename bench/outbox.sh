#!/usr/bin/env bash
# The crud-engine's outbox relay draining a backlog, next to raw appends to the same event store measured
# in the same run (see docs/benchmarks.md).
# Usage: bench/outbox.sh [records] [seconds-per-baseline]   (defaults 20000 and 10)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f crud-engine/target/crud-engine.jar && -f event-store/target/event-store.jar ]] \
  || mvn -q -B -pl crud-engine,event-store -am package -DskipTests
exec java -Xmx2g -cp crud-engine/target/crud-engine.jar:event-store/target/event-store.jar bench/OutboxBench.java "${1:-20000}" "${2:-10}"
