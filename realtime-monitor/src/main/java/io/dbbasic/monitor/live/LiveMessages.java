package io.dbbasic.monitor.live;

import io.dbbasic.monitor.activity.StoredActivity;
import io.dbbasic.monitor.health.ServiceStatus;
import io.dbbasic.monitor.health.YamlError;
import java.util.List;

/**
 * The messages {@code WS /ws} streams (CONTRACT §7), each with a {@code type}. The fourth kind,
 * {@code metrics}, is {@link io.dbbasic.monitor.metrics.MetricsReport} without its series.
 */
public final class LiveMessages {
    private LiveMessages() {}

    /** New events, oldest first, as one batch arrived. */
    public record ActivityMessage(String type, List<StoredActivity> events) {
        public ActivityMessage(List<StoredActivity> events) {
            this("activity", events);
        }
    }

    /** Every watched service, as {@code GET /api/services} lists them. */
    public record HealthMessage(String type, List<ServiceStatus> services) {
        public HealthMessage(List<ServiceStatus> services) {
            this("health", services);
        }
    }

    /** The YAML files that do not load right now (empty when all load). */
    public record ConfigErrorMessage(String type, List<YamlError> errors) {
        public ConfigErrorMessage(List<YamlError> errors) {
            this("config_error", errors);
        }
    }
}
