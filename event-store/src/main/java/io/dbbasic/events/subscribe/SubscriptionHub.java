package io.dbbasic.events.subscribe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.events.log.EventLog;
import io.dbbasic.events.model.EventFilter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the live subscriptions ({@code WS /subscribe}). After each commit the writer calls
 * {@link #committed}, which only wakes the subscriptions (no I/O, no waiting); their pumps run on a
 * small executor and send without blocking.
 *
 * <p>Threads: {@code subscriptions} is a concurrent map: WebSocket threads add and remove, the writer
 * thread iterates it; pumps run on {@code pumps}.
 */
public final class SubscriptionHub implements AutoCloseable {
    private final EventLog log;
    private final ObjectMapper json;
    private final int maxInFlight;
    private final long maxInFlightBytes;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ExecutorService pumps;

    public SubscriptionHub(EventLog log, ObjectMapper json, MeterRegistry metrics, int maxInFlight, long maxInFlightBytes) {
        this.log = log;
        this.json = json;
        this.maxInFlight = maxInFlight;
        this.maxInFlightBytes = maxInFlightBytes;
        var counter = new AtomicInteger();
        this.pumps = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            var t = new Thread(r, "subscription-pump-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("events.subscribers", subscriptions, Map::size).description("Open WS /subscribe sessions").register(metrics);
        log.onCommit(this::committed);
    }

    /** A new session: from {@code fromPosition} (inclusive; empty means only events committed from now on). */
    void open(String sessionId, Peer peer, OptionalLong fromPosition, EventFilter filter) {
        var from = fromPosition.isPresent() ? Math.max(1, fromPosition.getAsLong()) : log.head() + 1;
        var subscription = new Subscription(sessionId, peer, log, from, filter, json, pumps, maxInFlight, maxInFlightBytes,
                () -> subscriptions.remove(sessionId));
        subscriptions.put(sessionId, subscription);
        subscription.wake();
    }

    /** The session closed or failed. */
    void closed(String sessionId) {
        var subscription = subscriptions.get(sessionId);
        if (subscription != null) {
            subscription.gone();
        }
    }

    public int size() {
        return subscriptions.size();
    }

    /** Writer thread: new events up to {@code highWater} are committed. */
    private void committed(long highWater) {
        for (var subscription : subscriptions.values()) {
            subscription.wake();
        }
    }

    /** Closes every session (going away) and stops the pumps. */
    @Override
    public void close() {
        for (var subscription : subscriptions.values()) {
            subscription.end(1001, "the event store is stopping");
        }
        pumps.shutdown();
        try {
            pumps.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
