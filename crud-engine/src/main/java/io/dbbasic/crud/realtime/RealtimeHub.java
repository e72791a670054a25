package io.dbbasic.crud.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.records.Change;
import io.dbbasic.crud.records.Records;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of every realtime connection (CONTRACT §5) and of the two kinds of threads behind them.
 *
 * <p>Threads and what they touch:
 * <ul>
 *   <li><b>writer threads</b> (one per database file) call {@link #published} after each commit: it only
 *       appends to the inbox and returns. When the inbox is full the notice is dropped and a resync is
 *       queued instead, so a writer never waits for subscribers and nothing is lost (the log has it).</li>
 *   <li><b>Jetty threads</b> call {@link #opened}, {@link #received}, {@link #closed}: they touch
 *       {@code connections} (a concurrent map) and the inbox; finished sends continue a connection's
 *       outbox ({@link Connection}).</li>
 *   <li><b>the reload thread</b> calls {@link #modelChanged}: inbox only.</li>
 *   <li><b>the dispatcher thread</b> ({@code realtime-dispatch}) is the only one that reads the inbox and
 *       the only one that touches subscriptions ({@link Dispatcher}); it fills outboxes, and after each
 *       command hands them to the sender shards ({@link Senders}).</li>
 *   <li><b>sender threads</b> ({@code realtime-send-N}) start the sends of their shard's outboxes; the
 *       dispatcher sends shard 0's itself.</li>
 *   <li><b>reader threads</b> ({@code realtime-reader-N}) read the change log for catch-up and post the
 *       pages back to the inbox.</li>
 * </ul>
 */
public final class RealtimeHub implements MeterBinder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RealtimeHub.class);

    /**
     * Limits. {@code outboxCapacity} events may wait per connection before its subscriptions fall back to
     * the log; a page of the log is read only while fewer than {@code lowWater} wait. {@code bufferLimit}
     * changes are held per catching-up subscription; {@code inboxLimit} commit notices may wait for the
     * dispatcher. {@code maxPendingInbound} client messages may wait before the client is cut off.
     * {@code senderShards} threads (the dispatcher one of them) start the sends; one per core by default.
     */
    public record Settings(int outboxCapacity, int lowWater, int replyHeadroom, int pageSize, int bufferLimit,
                           int inboxLimit, int maxPendingInbound, int readerThreads, int senderShards, Duration pingInterval) {
        public Settings {
            if (outboxCapacity < 1 || lowWater < 1 || lowWater > outboxCapacity || replyHeadroom < 1 || pageSize < 1
                    || bufferLimit < 1 || inboxLimit < 1 || maxPendingInbound < 1 || readerThreads < 1 || senderShards < 1
                    || pingInterval.isNegative() || pingInterval.isZero()) {
                throw new IllegalArgumentException("bad realtime settings " + this);
            }
        }

        public static Settings defaults() {
            return new Settings(4096, 1024, 256, 500, 10_000, 100_000, 256, 2, Runtime.getRuntime().availableProcessors(),
                    Duration.ofSeconds(15));
        }
    }

    private final Settings settings;
    private final BlockingQueue<Dispatcher.Command> inbox = new LinkedBlockingQueue<>();
    /** Commit notices in the inbox; bounded by {@code inboxLimit} (other commands are few and self-limiting). */
    private final AtomicInteger noticesWaiting = new AtomicInteger();
    private final AtomicBoolean noticesLost = new AtomicBoolean();
    private final AtomicLong resyncs = new AtomicLong();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor reads;
    private final Senders senders;
    private final Dispatcher dispatcher;
    private final Thread thread;
    private volatile boolean running = true;

    public RealtimeHub(Records records, Supplier<AppModel> model, ReadAccess access, ObjectMapper json, Settings settings) {
        this.settings = settings;
        var readerCount = new AtomicInteger();
        this.reads = new ThreadPoolExecutor(settings.readerThreads(), settings.readerThreads(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    var reader = new Thread(task, "realtime-reader-" + readerCount.incrementAndGet());
                    reader.setDaemon(true);
                    return reader;
                });
        this.senders = new Senders(settings.senderShards());
        this.dispatcher = new Dispatcher(records, model, access, json, settings, reads, inbox::add);
        this.thread = new Thread(this::run, "realtime-dispatch");
        this.thread.setDaemon(true);
    }

    public RealtimeHub start() {
        thread.start();
        return this;
    }

    Settings settings() {
        return settings;
    }

    /** Writer thread, right after a commit: enqueue and return, never block. */
    public void published(List<Change> changes) {
        if (noticesWaiting.incrementAndGet() > settings.inboxLimit()) {
            noticesWaiting.decrementAndGet();
            if (noticesLost.compareAndSet(false, true)) {
                inbox.add(new Dispatcher.Resync());
            }
            return;
        }
        inbox.add(new Dispatcher.Published(changes));
    }

    /** Reload thread: tell subscribers of changed or removed resources. */
    public void modelChanged(LiveModel.Change change) {
        inbox.add(new Dispatcher.ModelChanged(change.snapshot().model(), change.changedResources(), change.removedResources()));
    }

    /** Jetty thread: a socket opened. */
    void opened(String id, Caller caller, Transport transport) {
        connections.put(id, new Connection(id, caller, transport, settings, senders.assign(), senders::ready,
                connection -> inbox.add(new Dispatcher.Room(connection))));
    }

    /** Jetty thread: a frame arrived ({@code text} null for binary). A client that floods is cut off. */
    void received(String id, String text) {
        var connection = connections.get(id);
        if (connection == null) {
            return;
        }
        if (!connection.acceptInbound()) {
            connection.close(Connection.POLICY_VIOLATION, "too many messages at once; wait for the replies");
            return;
        }
        inbox.add(new Dispatcher.Received(connection, text));
    }

    /** Jetty thread: a socket closed or failed. */
    void closed(String id) {
        var connection = connections.remove(id);
        if (connection != null) {
            connection.closed();
            inbox.add(new Dispatcher.Closed(connection));
        }
    }

    public int connectionCount() {
        return connections.size();
    }

    private void run() {
        while (running) {
            Dispatcher.Command command;
            try {
                command = inbox.take();
            } catch (InterruptedException e) {
                break;
            }
            if (command instanceof Dispatcher.Published) {
                noticesWaiting.decrementAndGet();
            } else if (command instanceof Dispatcher.Resync) {
                noticesLost.set(false);   // before the resync: a notice dropped from now on queues another
                resyncs.incrementAndGet();
                log.warn("realtime fell behind the writers; subscribers catch up from the change log");
            }
            try {
                dispatcher.handle(command);
            } catch (RejectedExecutionException e) {
                log.debug("realtime is stopping; a change-log read was not started");
            } catch (RuntimeException e) {
                log.error("realtime could not handle {}", command.getClass().getSimpleName(), e);
            }
            senders.flush();
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("dbbasic.realtime.connections", connections, Map::size).description("open /ws connections").register(registry);
        Gauge.builder("dbbasic.realtime.subscriptions", dispatcher.subscriptions, AtomicInteger::get).register(registry);
        FunctionCounter.builder("dbbasic.realtime.events", dispatcher.eventsQueued, AtomicLong::get)
                .description("change events queued for subscribers").register(registry);
        FunctionCounter.builder("dbbasic.realtime.fallbacks", dispatcher.fallbacks, AtomicLong::get)
                .description("times a subscription fell behind and caught up from the change log").register(registry);
        FunctionCounter.builder("dbbasic.realtime.resyncs", resyncs, AtomicLong::get)
                .description("times commit notices were dropped because the dispatcher was behind").register(registry);
    }

    /** Closes every socket with 1001 "going away", then stops the threads. */
    @Override
    public void close() {
        connections.values().forEach(connection -> connection.close(1001, "the server is stopping"));
        running = false;
        thread.interrupt();
        reads.shutdownNow();
        try {
            thread.join(5_000);
            senders.close();
            reads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
