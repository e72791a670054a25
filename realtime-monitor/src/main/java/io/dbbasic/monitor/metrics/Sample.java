package io.dbbasic.monitor.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One service at one moment, as charted: its request figures over the last {@link RequestWindows#WINDOW_SECONDS}
 * seconds and its JVM figures from the last scrape. Null means "no data" (no requests, or no scrape yet).
 */
public record Sample(String service, Instant at, long requests,
                     @JsonProperty("server_errors") long serverErrors,
                     @JsonProperty("client_errors") long clientErrors,
                     @JsonProperty("requests_per_s") double requestsPerSecond,
                     @JsonProperty("p50_ms") Double p50Ms,
                     @JsonProperty("p95_ms") Double p95Ms,
                     @JsonProperty("p99_ms") Double p99Ms,
                     @JsonProperty("error_rate") Double errorRate,
                     @JsonProperty("heap_used_bytes") Long heapUsedBytes,
                     @JsonProperty("heap_max_bytes") Long heapMaxBytes,
                     Long threads) {

    static Sample of(String service, Instant at, WindowStats stats, Long heapUsed, Long heapMax, Long threads) {
        return new Sample(service, at, stats.requests(), stats.serverErrors(), stats.clientErrors(),
                Math.round(stats.requestsPerSecond() * 100.0) / 100.0, stats.p50Ms(), stats.p95Ms(), stats.p99Ms(),
                stats.errorRate(), heapUsed, heapMax, threads);
    }
}
