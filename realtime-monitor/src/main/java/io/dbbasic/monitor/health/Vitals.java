package io.dbbasic.monitor.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a service's {@code /metrics} says about its process: JVM heap and threads, CPU, how many
 * activity events its reporter lost or holds, and (when the service publishes them) its task queue
 * and outbox backlog. A figure the service does not publish is null, never a made-up zero.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Vitals(@JsonProperty("heap_used_bytes") Long heapUsedBytes,
                     @JsonProperty("heap_max_bytes") Long heapMaxBytes,
                     @JsonProperty("threads") Long threads,
                     @JsonProperty("cpu") Double cpu,
                     @JsonProperty("activity_dropped") Long activityDropped,
                     @JsonProperty("activity_buffered") Long activityBuffered,
                     @JsonProperty("task_queue_depth") Long taskQueueDepth,
                     @JsonProperty("outbox_pending") Long outboxPending) {
    /** Gauge names (Prometheus form) that services may publish for the dashboard's backlog figures. */
    static final String TASK_QUEUE_DEPTH = "dbbasic_tasks";
    static final String OUTBOX_PENDING = "dbbasic_outbox_pending";

    static Vitals from(PrometheusText metrics) {
        return new Vitals(
                whole(metrics.sum("jvm_memory_used_bytes", labels -> "heap".equals(labels.get("area")))),
                // a pool without a limit reports -1: leave it out rather than subtract it
                whole(positiveSum(metrics, "jvm_memory_max_bytes")),
                whole(metrics.sum("jvm_threads_live_threads")),
                metrics.sum("process_cpu_usage"),
                whole(metrics.sum("dbbasic_activity_dropped_total")),
                whole(metrics.sum("dbbasic_activity_buffered")),
                whole(metrics.sum(TASK_QUEUE_DEPTH, labels -> "pending".equals(labels.get("status")))),
                whole(metrics.sum(OUTBOX_PENDING)));
    }

    private static Double positiveSum(PrometheusText metrics, String name) {
        Double total = null;
        for (var sample : metrics.samples()) {
            if (sample.name().equals(name) && "heap".equals(sample.labels().get("area")) && sample.value() > 0) {
                total = (total == null ? 0 : total) + sample.value();
            }
        }
        return total;
    }

    private static Long whole(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : Math.round(value);
    }
}
