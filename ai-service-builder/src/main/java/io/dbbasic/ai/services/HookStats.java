package io.dbbasic.ai.services;

import io.dbbasic.ai.sandbox.CallOutcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Call counts and recent latencies of one service, for {@code metrics} in the API and the UI
 * (Prometheus gets the same calls through Micrometer). Shared by request threads: every method is
 * synchronized, which costs nothing next to a call into a worker JVM.
 */
final class HookStats {
    private static final int WINDOW = 1024;

    private final long[] micros = new long[WINDOW];
    private long calls;
    private long continued;
    private long rejected;
    private long stopped;
    private long failed;
    private String lastError;
    private Instant lastErrorAt;
    private Instant lastCalledAt;

    synchronized void record(CallOutcome outcome, long nanos, Instant at) {
        micros[(int) (calls % WINDOW)] = nanos / 1_000;
        calls++;
        lastCalledAt = at;
        if (outcome instanceof CallOutcome.Continued) {
            continued++;
        } else if (outcome instanceof CallOutcome.Rejected) {
            rejected++;
        } else if (outcome instanceof CallOutcome.Stopped s) {
            stopped++;
            lastError = s.message();
            lastErrorAt = at;
        } else if (outcome instanceof CallOutcome.Failed f) {
            failed++;
            lastError = f.message();
            lastErrorAt = at;
        }
    }

    synchronized Map<String, Object> snapshot() {
        var body = new LinkedHashMap<String, Object>();
        body.put("calls", calls);
        body.put("continued", continued);
        body.put("rejected", rejected);
        body.put("stopped", stopped);
        body.put("failed", failed);
        var count = (int) Math.min(calls, WINDOW);
        if (count > 0) {
            var sorted = Arrays.copyOf(micros, count);
            Arrays.sort(sorted);
            body.put("p50_ms", sorted[(count - 1) / 2] / 1000.0);
            body.put("p95_ms", sorted[(int) Math.ceil(count * 0.95) - 1] / 1000.0);
        }
        body.put("last_called_at", lastCalledAt);
        body.put("last_error", lastError);
        body.put("last_error_at", lastErrorAt);
        return body;
    }
}
