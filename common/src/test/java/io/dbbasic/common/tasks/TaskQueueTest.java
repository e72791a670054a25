package io.dbbasic.common.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent task queue: order, backoff, dead letters, retry, restarts, metrics, and a worker. */
class TaskQueueTest {
    @TempDir
    Path dir;

    /** A clock the test moves by hand, so backoff is checked without waiting. */
    static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T20:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override public Instant instant() { return now; }

        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }

    private static final TaskQueue.Settings SETTINGS = new TaskQueue.Settings(3, Duration.ofSeconds(2), Duration.ofSeconds(30));

    private TaskQueue open(Clock clock, SimpleMeterRegistry meters) {
        return TaskQueue.open(dir.resolve("tasks.duckdb"), SETTINGS, clock, Json.newMapper(), meters);
    }

    @Test
    void hands_out_tasks_oldest_first_and_completes_them() {
        var clock = new HandClock();
        try (var queue = open(clock, new SimpleMeterRegistry())) {
            var first = queue.enqueue("hook", Map.of("name", "notify_subscribers", "record", Map.of("id", 1)));
            clock.advance(Duration.ofMillis(1));
            var second = queue.enqueue("hook", Map.of("name", "other"));

            var claimed = queue.claim().orElseThrow();
            assertThat(claimed.id()).isEqualTo(first.id());
            assertThat(claimed.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(claimed.attempts()).isEqualTo(1);
            assertThat(claimed.payload()).isEqualTo(Map.of("name", "notify_subscribers", "record", Map.of("id", 1)));
            queue.complete(claimed.id());

            assertThat(queue.claim().orElseThrow().id()).isEqualTo(second.id());
            assertThat(queue.claim()).isEmpty();
            assertThat(queue.find(first.id()).orElseThrow().status()).isEqualTo(TaskStatus.DONE);
        }
    }

    @Test
    void retries_with_exponential_backoff_then_dead_letters() {
        var clock = new HandClock();
        var meters = new SimpleMeterRegistry();
        try (var queue = open(clock, meters)) {
            var task = queue.enqueue("hook", Map.of("name", "flaky"));

            var failed = queue.fail(queue.claim().orElseThrow().id(), "boom 1");
            assertThat(failed.status()).isEqualTo(TaskStatus.PENDING);
            assertThat(failed.nextRunAt()).isEqualTo(clock.instant().plusSeconds(2));
            assertThat(queue.claim()).isEmpty();

            clock.advance(Duration.ofSeconds(2));
            failed = queue.fail(queue.claim().orElseThrow().id(), "boom 2");
            assertThat(failed.nextRunAt()).isEqualTo(clock.instant().plusSeconds(4));

            clock.advance(Duration.ofSeconds(4));
            failed = queue.fail(queue.claim().orElseThrow().id(), "boom 3");
            assertThat(failed.status()).isEqualTo(TaskStatus.DEAD);
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.lastError()).isEqualTo("boom 3");

            clock.advance(Duration.ofHours(1));
            assertThat(queue.claim()).isEmpty();
            assertThat(queue.list(Optional.of(TaskStatus.DEAD), 10)).extracting(Task::id).containsExactly(task.id());
            assertThat(queue.counts()).containsEntry(TaskStatus.DEAD, 1L).containsEntry(TaskStatus.PENDING, 0L);
            assertThat(meters.get("dbbasic.tasks").tag("status", "dead").gauge().value()).isEqualTo(1.0);
            assertThat(meters.get("dbbasic.tasks.dead.lettered").counter().count()).isEqualTo(1.0);

            var retried = queue.retry(task.id());
            assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
            assertThat(retried.attempts()).isZero();
            assertThat(queue.claim()).isPresent();
            assertThatThrownBy(() -> queue.retry(task.id())).isInstanceOf(Conflict.class);
        }
    }

    @Test
    void backoff_doubles_up_to_the_cap() {
        assertThat(SETTINGS.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SETTINGS.backoff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(SETTINGS.backoff(10)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SETTINGS.backoff(200)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void survives_a_restart_and_reruns_what_was_running() {
        var clock = new HandClock();
        long pending;
        long running;
        try (var queue = open(clock, new SimpleMeterRegistry())) {
            running = queue.enqueue("hook", Map.of("n", 1)).id();
            pending = queue.enqueue("hook", Map.of("n", 2)).id();
            queue.claim();
        }
        try (var queue = open(clock, new SimpleMeterRegistry())) {
            assertThat(queue.find(running).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
            assertThat(List.of(queue.claim().orElseThrow().id(), queue.claim().orElseThrow().id())).containsExactly(running, pending);
        }
    }

    @Test
    void a_worker_runs_tasks_as_they_arrive_and_dead_letters_a_failing_one() throws Exception {
        var done = new ArrayBlockingQueue<Object>(10);
        var settings = new TaskQueue.Settings(2, Duration.ofMillis(20), Duration.ofMillis(40));
        try (var queue = TaskQueue.open(dir.resolve("w.duckdb"), settings, Clock.systemUTC(), Json.newMapper(), new SimpleMeterRegistry())) {
            var worker = new TaskWorker(queue, Map.of(
                     "ok", task -> done.add(task.payload().get("n")),
                     "bad", task -> {
                         done.add("attempt " + task.attempts());
                         throw new IllegalStateException("hook answered 503");
                     }), Clock.systemUTC(), Duration.ofSeconds(5)).start();
            queue.enqueue("ok", Map.of("n", 1));
            worker.wake();
            assertThat(done.poll(5, TimeUnit.SECONDS)).isEqualTo(1);

            var bad = queue.enqueue("bad", Map.of());
            worker.wake();
            assertThat(done.poll(5, TimeUnit.SECONDS)).isEqualTo("attempt 1");
            assertThat(done.poll(5, TimeUnit.SECONDS)).isEqualTo("attempt 2");
            worker.close();   // joins the worker thread, so the second failure is recorded
            assertThat(queue.find(bad.id()).orElseThrow().status()).isEqualTo(TaskStatus.DEAD);
            assertThat(queue.find(bad.id()).orElseThrow().lastError()).isEqualTo("hook answered 503");
        }
    }
}
