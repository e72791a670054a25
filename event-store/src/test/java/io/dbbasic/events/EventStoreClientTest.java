package io.dbbasic.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.events.AppendOutcome;
import io.dbbasic.common.events.EventStoreClient;
import io.dbbasic.common.events.ExpectedVersion;
import io.dbbasic.common.events.NewEvent;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.Logins;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common {@link EventStoreClient} against a real event store, and against stores that fail. */
class EventStoreClientTest {
    @TempDir Path dir;

    static NewEvent created(UUID id, int n) {
        return new NewEvent(id, "parcels.created", Map.of("record", Map.of("id", 7, "label", "p" + n), "changes", Map.of(), "user", "alice"),
                Map.of("occurred_at", "2026-11-25T20:00:00Z"));
    }

    @Test
    void outcomes_map_to_appended_already_appended_conflict_and_rejected() {
        try (var store = EventStore.start(dir.resolve("data"))) {
            var client = new EventStoreClient(URI.create("http://localhost:" + store.app.port() + "/"), Duration.ofSeconds(10),
                    () -> Optional.of(Logins.service(store.dataDir, "crud-engine")));
            var a = UUID.randomUUID();
            var b = UUID.randomUUID();

            var first = client.append("parcels-7", ExpectedVersion.NO_STREAM, List.of(created(a, 1)));
            assertThat(first).isInstanceOf(AppendOutcome.Appended.class);
            assertThat(first.delivered()).isTrue();
            var result = ((AppendOutcome.Appended) first).result();
            assertThat(result).isEqualTo(new AppendOutcome.Result("parcels-7", 0, 0, 1, 1));

            var again = client.append("parcels-7", ExpectedVersion.NO_STREAM, List.of(created(a, 1)));
            assertThat(again).isEqualTo(new AppendOutcome.AlreadyAppended(result));

            var regrouped = client.append("parcels-7", ExpectedVersion.NO_STREAM, List.of(created(a, 1), created(b, 2)));
            assertThat(regrouped).isEqualTo(new AppendOutcome.Appended(new AppendOutcome.Result("parcels-7", 0, 1, 1, 2)));

            var conflict = client.append("parcels-7", ExpectedVersion.exactly(0), List.of(created(UUID.randomUUID(), 3)));
            assertThat(conflict).isInstanceOfSatisfying(AppendOutcome.VersionConflict.class, c -> {
                assertThat(c.expected()).isEqualTo("0");
                assertThat(c.actualVersion()).hasValue(1);
            });
            assertThat(client.append("fresh-1", ExpectedVersion.EXISTS, List.of(created(UUID.randomUUID(), 4))))
                    .isInstanceOfSatisfying(AppendOutcome.VersionConflict.class, c -> assertThat(c.actual()).isEqualTo("no_stream"));

            var elsewhere = client.append("parcels-8", ExpectedVersion.ANY, List.of(created(a, 1)));
            assertThat(elsewhere).isInstanceOfSatisfying(AppendOutcome.Rejected.class, r -> {
                assertThat(r.status()).isEqualTo(409);
                assertThat(r.detail()).contains("parcels-7");
                assertThat(r.retryable()).isFalse();
            });
            var invalid = client.append("parcels-9", ExpectedVersion.ANY, List.of(new NewEvent(UUID.randomUUID(), "bad type", Map.of())));
            assertThat(invalid).isInstanceOfSatisfying(AppendOutcome.Rejected.class, r -> assertThat(r.status()).isEqualTo(422));

            var stored = store.getJson("/streams/parcels-7").get("events");
            assertThat(stored).hasSize(2);
            assertThat(stored.get(0).at("/data/record/label").asText()).isEqualTo("p1");
            assertThat(stored.get(0).at("/metadata/occurred_at").asText()).isEqualTo("2026-11-25T20:00:00Z");
        }
    }

    @Test
    void nothing_listening_is_unreachable() {
        var port = FreePorts.pick(1).get(0);
        var client = new EventStoreClient(URI.create("http://localhost:" + port), Duration.ofSeconds(2), Optional::empty);
        var outcome = client.append("s-1", ExpectedVersion.ANY, List.of(created(UUID.randomUUID(), 1)));
        assertThat(outcome).isInstanceOf(AppendOutcome.Unreachable.class);
        assertThat(outcome.retryable()).isTrue();
    }

    @Test
    void a_store_that_answers_too_late_or_with_503_is_unreachable_and_the_header_is_sent() throws Exception {
        var release = new CountDownLatch(1);
        var seenAuthorization = new java.util.concurrent.atomic.AtomicReference<String>();
        var stub = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/streams/slow-1", ctx -> release.await(10, TimeUnit.SECONDS));
            config.routes.post("/streams/down-1", ctx -> {
                seenAuthorization.set(ctx.header("Authorization"));
                ctx.status(503).header("Retry-After", "7").result("{\"status\":503,\"detail\":\"saturated\"}");
            });
        }).start(0);
        try {
            var client = new EventStoreClient(URI.create("http://localhost:" + stub.port()), Duration.ofMillis(300),
                    () -> Optional.of("Bearer service-token"));
            var slow = client.append("slow-1", ExpectedVersion.ANY, List.of(created(UUID.randomUUID(), 1)));
            assertThat(slow).isInstanceOfSatisfying(AppendOutcome.Unreachable.class, u -> assertThat(u.reason()).contains("within 300 ms"));
            release.countDown();

            var down = client.append("down-1", ExpectedVersion.ANY, List.of(created(UUID.randomUUID(), 1)));
            assertThat(down).isInstanceOfSatisfying(AppendOutcome.Unreachable.class, u -> {
                assertThat(u.reason()).contains("503").contains("saturated");
                assertThat(u.retryAfter()).hasValue(Duration.ofSeconds(7));
            });
            assertThat(seenAuthorization.get()).isEqualTo("Bearer service-token");
        } finally {
            release.countDown();
            stub.stop();
        }
    }
}
