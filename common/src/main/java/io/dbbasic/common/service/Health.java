package io.dbbasic.common.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The body of {@code GET /health}: "up", or "degraded" with the problems the checks report. */
public final class Health {
    private final String service;
    private final String version;
    private final Clock clock;
    private final Instant started;
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();

    public Health(String service, String version, Clock clock) {
        this.service = service;
        this.version = version;
        this.clock = clock;
        this.started = clock.instant();
    }

    public void register(HealthCheck check) {
        checks.add(check);
    }

    public Report report() {
        var problems = new ArrayList<String>();
        for (var check : checks) {
            problems.addAll(check.problems());
        }
        var uptime = Duration.between(started, clock.instant()).toSeconds();
        return new Report(service, problems.isEmpty() ? "up" : "degraded", version, uptime, List.copyOf(problems));
    }

    public record Report(String service, String status, String version,
                         @JsonProperty("uptime_s") long uptimeSeconds,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> problems) {}
}
