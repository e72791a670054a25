package io.dbbasic.monitor.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What the dashboard shows beyond health: record counts from the crud-engine's {@code /api/models}
 * and throughput from the event store's {@code /api/stats}. Each says whether it is available and,
 * when not, why (the endpoint is not built yet, it needs an account, the service is down).
 */
public final class Insights {
    private Insights() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecordCounts(boolean available, String note, List<ResourceCount> resources,
                               @JsonProperty("checked_at") Instant checkedAt) {
        public RecordCounts {
            resources = List.copyOf(resources);
        }

        static RecordCounts unavailable(String note, Instant at) {
            return new RecordCounts(false, note, List.of(), at);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResourceCount(String resource, String title, @JsonProperty("record_count") Long recordCount) {}

    /** The event store's own figures, passed on as it reports them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventStoreStats(boolean available, String note, JsonNode stats,
                                  @JsonProperty("checked_at") Instant checkedAt) {
        static EventStoreStats unavailable(String note, Instant at) {
            return new EventStoreStats(false, note, null, at);
        }
    }
}
