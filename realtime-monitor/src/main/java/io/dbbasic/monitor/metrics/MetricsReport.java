package io.dbbasic.monitor.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dbbasic.monitor.health.Insights;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/metrics} and the WebSocket's {@code metrics} message: the current sample of every
 * service, record counts, event-store figures and (API only) the chart series of the last minutes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricsReport(String type, Instant at,
                            @JsonProperty("window_s") int windowSeconds,
                            @JsonProperty("interval_s") long intervalSeconds,
                            List<Sample> services,
                            Insights.RecordCounts records,
                            @JsonProperty("event_store") Insights.EventStoreStats eventStore,
                            Series series) {
    public static final String TYPE = "metrics";
}
