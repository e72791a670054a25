package io.dbbasic.common.activity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's side of the monitor (CONTRACT §7): features hand it events, a bounded buffer holds them,
 * and one background thread ships them in batches. {@link #report} never blocks and never throws: when
 * the buffer is full the event is dropped and counted, and when the monitor is down the batch in hand is
 * dropped and counted, so a slow or absent monitor costs the service only the events it buffered.
 *
 * <p>Threads: any thread calls {@code report}; only the sender thread takes from the buffer and calls
 * the transport. The counters appear in {@code /metrics} as {@code dbbasic_activity_dropped_total{reason}}
 * and {@code dbbasic_activity_sent_total}, with the gauge {@code dbbasic_activity_buffered}.
 */
public final class ActivityReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActivityReporter.class);

    /** Buffer size, batch size, how long a batch waits to fill up, and the longest pause after failures. */
    public record Settings(int capacity, int maxBatch, Duration linger, Duration maxBackoff) {
        public static final Settings DEFAULT = new Settings(10_000, 500, Duration.ofMillis(200), Duration.ofSeconds(5));

        public Settings {
            if (capacity < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("capacity and maxBatch must be positive");
            }
        }
    }

    private final String service;
    private final ActivityTransport transport;
    private final Settings settings;
    private final Clock clock;
    private final BlockingQueue<Activity> buffer;
    private final Counter droppedFull;
    private final Counter droppedUnsent;
    private final Counter sent;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final boolean enabled;
    private volatile Thread sender;

    public ActivityReporter(String service, ActivityTransport transport, MeterRegistry registry) {
        this(service, transport, registry, Settings.DEFAULT, Clock.systemUTC());
    }

    public ActivityReporter(String service, ActivityTransport transport, MeterRegistry registry, Settings settings, Clock clock) {
        this.service = service;
        this.transport = transport;
        this.settings = settings;
        this.clock = clock;
        this.enabled = !(transport instanceof ActivityTransport.Disabled);
        this.buffer = new ArrayBlockingQueue<>(enabled ? settings.capacity() : 1);
        this.droppedFull = dropped(registry, "buffer_full");
        this.droppedUnsent = dropped(registry, "send_failed");
        this.sent = Counter.builder("dbbasic.activity.sent")
                .description("Activity events delivered to the monitor").register(registry);
        Gauge.builder("dbbasic.activity.buffered", buffer, BlockingQueue::size)
                .description("Activity events waiting to be sent to the monitor").register(registry);
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("dbbasic.activity.dropped")
                .description("Activity events lost: the buffer was full, or the monitor could not take them")
                .tag("reason", reason).register(registry);
    }

    /** The name this reporter puts into events it builds. */
    public String service() {
        return service;
    }

    /** The current time on this reporter's clock, for events built outside it. */
    public Instant now() {
        return clock.instant();
    }

    /** Queues an event; returns at once. False (and counted) when the buffer is full. */
    public boolean report(Activity activity) {
        if (!enabled) {
            return false;
        }
        if (buffer.offer(activity)) {
            return true;
        }
        droppedFull.increment();
        return false;
    }

    /** A record created, updated or deleted ({@code op}: created, updated, deleted). */
    public void change(String resource, String op, Object id) {
        report(Activity.change(service, resource, op, id, now()));
    }

    /** A hook call and its outcome (continue, reject, missing, failed). */
    public void hook(String resource, String hook, String event, String outcome, double durationMs) {
        report(Activity.hook(service, resource, hook, event, outcome, durationMs, now()));
    }

    /** A configuration reload, e.g. {@code reload("posts", "posts.yaml loaded")}. */
    public void reload(String resource, String detail) {
        report(Activity.reload(service, resource, detail, now()));
    }

    /** A YAML file that does not load, with its position. */
    public void configError(String file, int line, int column, String message) {
        report(Activity.configError(service, file, line, column, message, now()));
    }

    /** Events lost so far, for tests and diagnostics. */
    public double dropped() {
        return droppedFull.count() + droppedUnsent.count();
    }

    /** Events waiting in the buffer. */
    public int buffered() {
        return buffer.size();
    }

    /** Starts the sender thread (once). Events reported before this wait in the buffer. */
    public void start() {
        if (!enabled || closed.getCount() == 0 || !started.compareAndSet(false, true)) {
            return;
        }
        var thread = new Thread(this::run, "activity-reporter-" + service);
        thread.setDaemon(true);   // never keeps a JVM alive that is otherwise done
        sender = thread;
        thread.start();
    }

    /** Stops the sender; what is still buffered is discarded (a stopping service does not wait on the monitor). */
    @Override
    public void close() {
        closed.countDown();
        var thread = sender;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        var failures = 0;
        var batch = new ArrayList<Activity>(settings.maxBatch());
        while (closed.getCount() > 0) {
            try {
                fill(batch);
            } catch (InterruptedException e) {
                return;   // close() interrupts
            }
            if (batch.isEmpty()) {
                continue;
            }
            try {
                transport.send(List.copyOf(batch));
                sent.increment(batch.size());
                failures = 0;
            } catch (Exception e) {   // whatever the transport throws, the service must not notice
                droppedUnsent.increment(batch.size());
                failures++;
                if (failures == 1) {
                    log.debug("monitor not reachable through {}: {}", transport, e.toString());
                }
                if (!pause(backoff(failures))) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    /** Waits for a first event, then lingers briefly so that a burst leaves as one batch. */
    private void fill(List<Activity> batch) throws InterruptedException {
        var first = buffer.poll(1, TimeUnit.SECONDS);
        if (first == null) {
            return;
        }
        batch.add(first);
        var deadline = System.nanoTime() + settings.linger().toNanos();
        while (batch.size() < settings.maxBatch()) {
            buffer.drainTo(batch, settings.maxBatch() - batch.size());
            var left = deadline - System.nanoTime();
            if (batch.size() >= settings.maxBatch() || left <= 0) {
                return;
            }
            var next = buffer.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    /** 250 ms, 500 ms, 1 s … up to {@code maxBackoff}: a down monitor is not hammered. */
    private Duration backoff(int failures) {
        var millis = 250L << Math.min(failures - 1, 10);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    /** Waits out a backoff; false when the reporter was closed meanwhile. */
    private boolean pause(Duration duration) {
        try {
            return !closed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }
}
