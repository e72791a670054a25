package io.dbbasic.monitor.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Samples over time in columns, the shape charts take: {@code at} holds the sample times (epoch
 * seconds), and each service has one array per figure, aligned with {@code at}, null where it has no value.
 */
public record Series(List<Long> at, Map<String, Columns> services) {
    public record Columns(@JsonProperty("requests_per_s") List<Double> requestsPerSecond,
                          @JsonProperty("p50_ms") List<Double> p50Ms,
                          @JsonProperty("p95_ms") List<Double> p95Ms,
                          @JsonProperty("p99_ms") List<Double> p99Ms,
                          @JsonProperty("error_rate") List<Double> errorRate,
                          @JsonProperty("heap_used_bytes") List<Long> heapUsedBytes,
                          List<Long> threads) {}
}
