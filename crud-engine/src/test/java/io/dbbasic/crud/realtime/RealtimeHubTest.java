package io.dbbasic.crud.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.crud.auth.AccountResource;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.records.WriteHooks;
import io.dbbasic.crud.storage.Databases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub under pressure, with clients whose reading the test controls: one that stops reading, and a
 * dispatcher held up so that commit notices are dropped. Real records and change log underneath.
 */
class RealtimeHubTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final Caller ANYONE = Caller.anonymous("127.0.0.1");
    /** Tiny limits so that "full" happens after a few changes. */
    private static final RealtimeHub.Settings SMALL = new RealtimeHub.Settings(8, 4, 4, 5, 10, 1_000, 10, 1, 2, Duration.ofSeconds(15));

    @TempDir Path appDir;
    @TempDir Path dataDir;
    private Databases databases;
    private Records records;
    private RealtimeHub hub;
    private LiveModel live;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private void start(RealtimeHub.Settings settings, ReadAccess access) throws Exception {
        Files.writeString(appDir.resolve("posts.yaml"), "resource: posts\nfields:\n  title: {type: string}\n"
                + "permissions: {create: public, read: public, update: public, delete: public}\n");
        databases = new Databases(dataDir, Clock.systemUTC());
        live = new LiveModel(appDir, new AppLoader(), resource -> databases.schema(resource.database()).apply(resource));
        live.reload();
        records = new Records(databases, () -> live.current().model(), JSON, Clock.systemUTC(), WriteHooks.NONE,
                new AccountResource(databases, () -> live.current().model())::current);
        hub = new RealtimeHub(records, () -> live.current().model(), access, JSON, settings).start();
        hub.bindTo(metrics);
        records.onCommitted(hub::published);
    }

    @AfterEach
    void stop() {
        hub.close();
        records.close();
        databases.close();
    }

    private Resource posts() {
        return live.current().model().resource("posts").orElseThrow();
    }

    private void create(int count) {
        for (var i = 0; i < count; i++) {
            records.create(posts(), JSON.createObjectNode().put("title", "t" + i), ANYONE);
        }
    }

    private double counter(String name) {
        return metrics.get(name).functionCounter().count();
    }

    @Test
    void a_client_that_stops_reading_delays_nobody_and_later_gets_everything_in_order() throws Exception {
        start(SMALL, ReadAccess.ALL);
        var slow = new HeldClient();
        var fast = new EagerClient();
        hub.opened("slow", ANYONE, slow);
        hub.opened("fast", ANYONE, fast);
        hub.received("slow", "{\"action\":\"subscribe\",\"resource\":\"posts\"}");
        hub.received("fast", "{\"action\":\"subscribe\",\"resource\":\"posts\"}");
        assertThat(slow.read().path("type").asText()).isEqualTo("subscribed");
        assertThat(fast.read().path("type").asText()).isEqualTo("subscribed");

        create(60);
        var fastPositions = new ArrayList<Long>();
        for (var i = 0; i < 60; i++) {
            fastPositions.add(fast.read().path("position").asLong());
        }
        assertThat(fastPositions).containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(slow.pending()).as("one frame in flight, the rest waits in the bounded outbox or the log").isEqualTo(1);

        var slowPositions = new ArrayList<Long>();
        for (var i = 0; i < 60; i++) {
            slowPositions.add(slow.read().path("position").asLong());
        }
        assertThat(slowPositions).containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(counter("dbbasic.realtime.fallbacks")).as("the slow client fell back to the log").isPositive();

        create(1);
        assertThat(slow.read().path("position").asLong()).as("and is live again").isEqualTo(61);
    }

    @Test
    void dropped_commit_notices_are_recovered_from_the_change_log() throws Exception {
        var held = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var first = new AtomicBoolean(true);
        // the dispatcher thread asks this before each delivery: hold it on the first, so notices pile up
        ReadAccess blocking = (caller, resource, record) -> {
            if (first.compareAndSet(true, false)) {
                held.countDown();
                await(release);
            }
            return true;
        };
        start(new RealtimeHub.Settings(64, 16, 4, 5, 10, 2, 10, 1, 2, Duration.ofSeconds(15)), blocking);
        var client = new HeldClient();
        hub.opened("c", ANYONE, client);
        hub.received("c", "{\"action\":\"subscribe\",\"resource\":\"posts\"}");
        assertThat(client.read().path("type").asText()).isEqualTo("subscribed");

        create(1);
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        create(30);   // only two notices fit in the inbox now: the rest are dropped
        release.countDown();

        var positions = new ArrayList<Long>();
        for (var i = 0; i < 31; i++) {
            positions.add(client.read().path("position").asLong());
        }
        assertThat(positions).containsExactlyElementsOf(LongStream.rangeClosed(1, 31).boxed().toList());
        assertThat(counter("dbbasic.realtime.resyncs")).isPositive();
    }

    @Test
    void a_client_that_never_reads_its_replies_is_closed_with_a_reason() throws Exception {
        start(new RealtimeHub.Settings(8, 4, 4, 5, 10, 1_000, 100, 1, 2, Duration.ofSeconds(15)), ReadAccess.ALL);
        var client = new HeldClient();
        hub.opened("c", ANYONE, client);
        for (var i = 0; i < 20; i++) {
            hub.received("c", "nonsense " + i);
        }
        assertThat(client.closedWith.poll(5, TimeUnit.SECONDS)).isEqualTo("1008 too many unread messages; read what the server sends");
    }

    @Test
    void a_subscriber_only_receives_records_its_read_access_allows() throws Exception {
        start(SMALL, (caller, resource, record) -> "public".equals(record.get("title")));
        var client = new EagerClient();
        hub.opened("c", ANYONE, client);
        hub.received("c", "{\"action\":\"subscribe\",\"resource\":\"posts\"}");
        assertThat(client.read().path("type").asText()).isEqualTo("subscribed");

        records.create(posts(), JSON.createObjectNode().put("title", "secret"), ANYONE);
        records.create(posts(), JSON.createObjectNode().put("title", "public"), ANYONE);
        var event = client.read();
        assertThat(event.path("position").asLong()).isEqualTo(2);
        assertThat(event.path("record").path("title").asText()).isEqualTo("public");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A client whose frames stay in flight until the test reads them: {@link #read()} completes one send. */
    private static final class HeldClient implements Transport {
        private record Frame(String text, Runnable sent) {}

        private final BlockingQueue<Frame> inFlight = new LinkedBlockingQueue<>();
        final BlockingQueue<String> closedWith = new LinkedBlockingQueue<>();

        @Override
        public void send(String text, Runnable sent, Consumer<Throwable> failed) {
            inFlight.add(new Frame(text, sent));
        }

        @Override
        public void close(int status, String reason) {
            closedWith.add(status + " " + reason);
        }

        int pending() {
            return inFlight.size();
        }

        JsonNode read() throws Exception {
            var frame = inFlight.poll(5, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 5 s").isNotNull();
            frame.sent().run();   // the socket took it: the outbox sends the next one
            return JSON.readTree(frame.text());
        }
    }

    /** A client that reads everything at once: each send completes before it returns. */
    private static final class EagerClient implements Transport {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @Override
        public void send(String text, Runnable sent, Consumer<Throwable> failed) {
            received.add(text);
            sent.run();
        }

        @Override
        public void close(int status, String reason) {}

        JsonNode read() throws Exception {
            var text = received.poll(5, TimeUnit.SECONDS);
            assertThat(text).as("a message within 5 s").isNotNull();
            return JSON.readTree(text);
        }
    }
}
