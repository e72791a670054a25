package io.dbbasic.events;

import static io.dbbasic.events.EventStore.event;
import static io.dbbasic.events.EventStore.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/stats}, {@code /api/audit/{resource}/{id}}, the page at {@code /}, health and metrics. */
class StatsAuditPageTest {
    @TempDir Path dir;
    EventStore store;

    @BeforeEach void start() {
        store = EventStore.start(dir.resolve("data"));
    }

    @AfterEach void stop() {
        store.close();
    }

    @Test
    void stats_count_totals_types_categories_and_events_per_minute() {
        store.append("posts-1", "[" + event("posts.created", "{}") + "," + event("posts.updated", "{}") + "]");
        store.append("posts-2", event("posts.created", "{}"));
        store.append("users-1", event("users.created", "{}"));

        var stats = store.getJson("/api/stats");
        assertThat(stats.get("total_events").asLong()).isEqualTo(4);
        assertThat(stats.get("total_streams").asLong()).isEqualTo(3);
        assertThat(stats.get("last_position").asLong()).isEqualTo(4);
        assertThat(stats.get("types").toString()).isEqualTo("{\"posts.created\":2,\"posts.updated\":1,\"users.created\":1}");
        assertThat(stats.get("categories").toString()).isEqualTo("{\"posts\":3,\"users\":1}");
        var minutes = stats.get("events_per_minute");
        assertThat(minutes).hasSize(60);
        var last = minutes.get(59);
        assertThat(Instant.parse(last.get("minute").asText())).isEqualTo(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        long sum = 0;
        for (var minute : minutes) {
            sum += minute.get("count").asLong();
        }
        assertThat(sum).isEqualTo(4);
        assertThat(stats.get("events_last_minute").asLong()).isBetween(0L, 4L);
        assertThat(stats.get("last_recorded_at").asText()).endsWith("Z");
    }

    @Test
    void stats_of_an_empty_log_are_zero() {
        var stats = store.getJson("/api/stats");
        assertThat(stats.get("total_events").asLong()).isZero();
        assertThat(stats.get("types").isEmpty()).isTrue();
        assertThat(stats.get("first_recorded_at").isNull()).isTrue();
    }

    @Test
    void the_audit_lists_a_records_versions_with_field_changes_user_and_time() {
        store.append("parcels-7", "{\"type\":\"parcels.created\",\"data\":{\"record\":{\"id\":7,\"label\":\"p1\"},"
                + "\"changes\":{\"label\":[null,\"p1\"]},\"user\":{\"id\":1,\"username\":\"admin\"}},"
                + "\"metadata\":{\"occurred_at\":\"2026-11-25T20:00:00Z\"}}");
        store.append("parcels-7", "{\"type\":\"parcels.updated\",\"data\":{\"record\":{\"id\":7,\"label\":\"p2\"},"
                + "\"changes\":{\"label\":[\"p1\",\"p2\"]},\"user\":null}}");
        store.append("parcels-7", event("parcels.noted", "{}"));
        store.append("parcels-7", "{\"type\":\"parcels.deleted\",\"data\":{\"record\":{\"id\":7,\"label\":\"p2\"},\"user\":\"bob\"}}");

        var audit = store.getJson("/api/audit/parcels/7");
        assertThat(StreamApiTest.fieldNames(audit)).containsExactly("resource", "id", "versions");
        assertThat(audit.get("resource").asText()).isEqualTo("parcels");
        assertThat(audit.get("id").isIntegralNumber()).isTrue();
        assertThat(audit.get("id").asLong()).isEqualTo(7);
        var versions = audit.get("versions");
        assertThat(versions).hasSize(3);
        var created = versions.get(0);
        assertThat(StreamApiTest.fieldNames(created)).containsExactly("version", "type", "at", "user", "changes");
        assertThat(created.get("version").asLong()).isZero();
        assertThat(created.get("type").asText()).isEqualTo("parcels.created");
        assertThat(created.get("at").asText()).isEqualTo("2026-11-25T20:00:00Z");
        assertThat(created.at("/user/username").asText()).isEqualTo("admin");
        assertThat(created.get("changes").toString()).isEqualTo("{\"label\":[null,\"p1\"]}");
        assertThat(versions.get(1).get("changes").toString()).isEqualTo("{\"label\":[\"p1\",\"p2\"]}");
        assertThat(versions.get(1).get("user").isNull()).isTrue();
        var deleted = versions.get(2);
        assertThat(deleted.get("version").asLong()).isEqualTo(3);
        assertThat(deleted.get("changes").toString()).isEqualTo("{\"id\":[7,null],\"label\":[\"p2\",null]}");
        assertThat(deleted.get("user").asText()).isEqualTo("bob");
    }

    @Test
    void the_audit_of_a_record_without_history_is_404() {
        assertThat(store.get("/api/audit/parcels/99").statusCode()).isEqualTo(404);
    }

    @Test
    void the_page_shows_totals_categories_streams_and_a_streams_events_escaped() {
        store.append("posts-1", event("posts.created", "{\"title\":\"<script>alert(1)</script>\"}"));
        store.append("users-1", event("users.created", "{}"));

        var page = store.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"dbbasic-topbar\"").contains("Live tail").contains("id=\"rate-chart\"")
                .contains(">posts<").contains(">users<").contains("posts-1").contains("/webjars/bootstrap/")
                .contains("/assets/event-store/home.js");

        var streamPage = store.get("/?stream=posts-1").body();
        assertThat(streamPage).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
        assertThat(store.get("/?category=users").body()).contains("users-1");
        assertThat(store.get("/assets/event-store/home.js").statusCode()).isEqualTo(200);
        assertThat(store.get("/?stream=bad%20name").statusCode()).isEqualTo(400);
    }

    @Test
    void health_is_up_and_metrics_count_appends() {
        store.append("posts-1", "[" + event("A", "{}") + "," + event("B", "{}") + "]");
        assertThat(json(store.get("/health")).get("status").asText()).isEqualTo("up");
        var metrics = store.get("/metrics").body();
        assertThat(metrics).contains("events_appended_total{service=\"event-store\"} 2.0")
                .contains("events_appends_total{outcome=\"written\",service=\"event-store\"} 1.0")
                .contains("events_position{service=\"event-store\"} 2.0");
    }
}
