package io.dbbasic.common.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reporter is bounded, never blocks its caller, and counts every event it loses. */
class ActivityReporterTest {
    private static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");
    private static final ActivityReporter.Settings SMALL =
            new ActivityReporter.Settings(100, 10, Duration.ofMillis(20), Duration.ofMillis(50));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private ActivityReporter reporter;

    @AfterEach
    void close() throws InterruptedException {
        release.countDown();
        if (reporter != null) {
            reporter.close();
        }
        // close() does not wait for the sender to end; the next test looks for threads by this name.
        for (var thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("activity-reporter-crud-engine")) {
                thread.join(5_000);
            }
        }
    }

    private ActivityReporter reporter(ActivityTransport transport, ActivityReporter.Settings settings) {
        reporter = new ActivityReporter("crud-engine", transport, registry, settings, Clock.fixed(T0, ZoneOffset.UTC));
        return reporter;
    }

    private double counter(String name, String reason) {
        var search = registry.find(name);
        if (reason != null) {
            search = search.tag("reason", reason);
        }
        var counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void delivers_events_in_batches_in_the_order_reported() throws Exception {
        var batches = new LinkedBlockingQueue<List<Activity>>();
        var reporter = reporter(batches::add, SMALL);
        reporter.start();

        for (int i = 0; i < 25; i++) {
            reporter.change("posts", "created", i);
        }

        var received = new java.util.ArrayList<Activity>();
        while (received.size() < 25) {
            var batch = batches.poll(5, TimeUnit.SECONDS);
            assertThat(batch).as("a batch within 5 s").isNotNull();
            assertThat(batch.size()).isLessThanOrEqualTo(10);
            received.addAll(batch);
        }
        assertThat(received).extracting(a -> (Object) ((java.util.Map<?, ?>) a.detail()).get("id"))
                .isEqualTo(java.util.stream.IntStream.range(0, 25).boxed().toList());
        assertThat(received.get(0).service()).isEqualTo("crud-engine");
        assertThat(received.get(0).at()).isEqualTo(T0);
        assertThat(reporter.dropped()).isZero();
    }

    @Test
    void never_blocks_the_caller_when_the_monitor_hangs_and_counts_what_it_drops() throws Exception {
        var sending = new CountDownLatch(1);
        var reporter = reporter(batch -> {
            sending.countDown();
            try {
                release.await();   // a monitor that takes the connection and never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, SMALL);
        reporter.start();
        reporter.reload("posts", "first");
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();   // the sender is now stuck in send()

        // the sender is blocked for the whole loop: that the loop finishes at all shows report() never waits for it
        var accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (reporter.report(Activity.reload("crud-engine", "posts", "n" + i, T0))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(100);                        // exactly the buffer's capacity
        assertThat(reporter.buffered()).isEqualTo(100);
        assertThat(counter("dbbasic.activity.dropped", "buffer_full")).isEqualTo(9_900);
        assertThat(registry.find("dbbasic.activity.buffered").gauge().value()).isEqualTo(100);
    }

    @Test
    void counts_a_batch_the_monitor_refuses_as_dropped_and_keeps_going() throws Exception {
        var attempts = new LinkedBlockingQueue<List<Activity>>();
        BlockingQueue<Boolean> refuse = new LinkedBlockingQueue<>(List.of(true));
        var reporter = reporter(batch -> {
            attempts.add(batch);
            if (refuse.poll() != null) {
                throw new ConnectException("Connection refused");
            }
        }, SMALL);
        reporter.start();

        reporter.change("posts", "created", 1);
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).hasSize(1);
        reporter.change("posts", "created", 2);
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).hasSize(1);
        reporter.change("posts", "created", 3);
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).hasSize(1);

        // the sender is sequential: once the third attempt started, the first two are counted
        assertThat(counter("dbbasic.activity.dropped", "send_failed")).isEqualTo(1);
        assertThat(counter("dbbasic.activity.sent", null)).isBetween(1.0, 2.0);
    }

    @Test
    void a_transport_that_throws_anything_never_reaches_the_caller() throws Exception {
        var attempts = new LinkedBlockingQueue<List<Activity>>();
        var reporter = reporter(batch -> {
            attempts.add(batch);
            throw new IllegalStateException("broken transport");
        }, SMALL);
        reporter.start();

        reporter.change("posts", "created", 1);
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).isNotNull();
        reporter.change("posts", "created", 2);
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).as("the sender survives and tries again").isNotNull();
        reporter.change("posts", "created", 3);
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).isNotNull();
        // the sender is sequential: once the third attempt started, the first two are counted
        assertThat(counter("dbbasic.activity.dropped", "send_failed")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void buffers_until_started_and_drops_nothing_meanwhile() throws Exception {
        var batches = new LinkedBlockingQueue<List<Activity>>();
        var reporter = reporter(batches::add, SMALL);

        reporter.configError("posts.yaml", 3, 5, "unknown type");
        assertThat(reporter.buffered()).isEqualTo(1);
        reporter.start();

        var batch = batches.poll(5, TimeUnit.SECONDS);
        assertThat(batch).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(Activity.CONFIG_ERROR);
            assertThat(a.detail()).isEqualTo(java.util.Map.of("file", "posts.yaml", "line", 3, "column", 5, "message", "unknown type"));
        });
    }

    @Test
    void a_disabled_reporter_takes_nothing_and_starts_no_thread() {
        var reporter = reporter(ActivityTransport.none(), SMALL);
        reporter.start();

        assertThat(reporter.report(Activity.reload("static", null, "x", T0))).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("activity-reporter-crud-engine"));
    }

    @Test
    void closing_stops_the_sender_thread() throws Exception {
        var reporter = reporter(batch -> { throw new IOException("down"); }, SMALL);
        reporter.start();
        var thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("activity-reporter-crud-engine")).findFirst().orElseThrow();

        reporter.close();
        thread.join(5_000);

        assertThat(thread.isAlive()).isFalse();
    }
}
