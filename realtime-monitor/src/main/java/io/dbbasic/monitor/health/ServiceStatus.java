package io.dbbasic.monitor.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One service as the monitor last saw it (CONTRACT §7 {@code GET /api/services}): the contract's
 * members, then what the dashboard adds (problems, why it is down, JVM vitals). {@code last_seen} is
 * the last time it answered; {@code uptime_s} is null while it is down.
 */
public record ServiceStatus(String name, String title, String url, int port, String status,
                            @JsonProperty("latency_ms") Double latencyMs, String version,
                            @JsonProperty("uptime_s") Long uptimeSeconds,
                            @JsonProperty("last_seen") Instant lastSeen,
                            @JsonProperty("checked_at") Instant checkedAt,
                            List<String> problems, String reason, Vitals vitals,
                            @JsonIgnore int failures) {
    public static final String UP = "up";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";

    public ServiceStatus {
        problems = List.copyOf(problems);
    }

    /** Before the first probe: down, never seen. */
    static ServiceStatus unknown(Target target) {
        return new ServiceStatus(target.name(), target.title(), target.url(), target.port(), DOWN,
                null, null, null, null, null, List.of(), "not checked yet", null, 0);
    }

    /** True when status or problems differ: what the feed and the dashboard call a change. */
    boolean differsFrom(ServiceStatus other) {
        return other == null || !status.equals(other.status) || !problems.equals(other.problems);
    }
}
