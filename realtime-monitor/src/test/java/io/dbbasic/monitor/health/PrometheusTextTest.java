package io.dbbasic.monitor.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading a service's JVM figures from its Prometheus text. */
class PrometheusTextTest {
    private static final String SCRAPE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space",service="crud-engine"} 1000.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen",service="crud-engine"} 2000.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace",service="crud-engine"} 5000.0
            jvm_memory_max_bytes{area="heap",id="G1 Eden Space",service="crud-engine"} -1.0
            jvm_memory_max_bytes{area="heap",id="G1 Old Gen",service="crud-engine"} 4096.0
            jvm_threads_live_threads{service="crud-engine"} 31.0
            process_cpu_usage{service="crud-engine"} 0.25
            dbbasic_activity_dropped_total{reason="buffer_full",service="crud-engine"} 3.0
            dbbasic_activity_dropped_total{reason="send_failed",service="crud-engine"} 4.0
            odd_metric{label="a \\"quoted\\", value"} 1.0
            broken_line{label="unterminated} 1
            http_server_requests_seconds_count{method="GET",route="/api/{resource}",status="200"} 12 1732560000000
            """;

    @Test
    void sums_samples_by_name_and_labels() {
        var text = PrometheusText.parse(SCRAPE);

        assertThat(text.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area")))).isEqualTo(3000.0);
        assertThat(text.sum("http_server_requests_seconds_count")).isEqualTo(12.0);
        assertThat(text.sum("odd_metric", l -> l.get("label").equals("a \"quoted\", value"))).isEqualTo(1.0);
        assertThat(text.sum("no_such_metric")).isNull();
        assertThat(text.sum("broken_line")).as("an unreadable line is skipped").isNull();
    }

    @Test
    void vitals_take_heap_threads_cpu_and_drops_and_leave_out_what_is_not_published() {
        var vitals = Vitals.from(PrometheusText.parse(SCRAPE));

        assertThat(vitals.heapUsedBytes()).isEqualTo(3000L);
        assertThat(vitals.heapMaxBytes()).as("a pool without a limit (-1) is left out").isEqualTo(4096L);
        assertThat(vitals.threads()).isEqualTo(31L);
        assertThat(vitals.cpu()).isEqualTo(0.25);
        assertThat(vitals.activityDropped()).isEqualTo(7L);
        assertThat(vitals.taskQueueDepth()).as("not published: unknown, not zero").isNull();
        assertThat(vitals.outboxPending()).isNull();
    }

    @Test
    void the_task_queue_depth_is_the_pending_tasks_of_the_queue_gauge() {
        var vitals = Vitals.from(PrometheusText.parse(SCRAPE + """
                dbbasic_tasks{service="crud-engine",status="pending"} 5.0
                dbbasic_tasks{service="crud-engine",status="dead"} 2.0
                dbbasic_tasks{service="crud-engine",status="done"} 40.0
                """));

        assertThat(vitals.taskQueueDepth()).isEqualTo(5L);
    }
}
