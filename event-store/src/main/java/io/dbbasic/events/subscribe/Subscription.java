package io.dbbasic.events.subscribe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.events.log.EventLog;
import io.dbbasic.events.model.EventFilter;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber: a cursor over the log ({@code next}, the next position it needs) and a pump that
 * sends what lies between the cursor and the high-water mark. Catch-up and live delivery are the same
 * loop: far behind, the pump reads pages from DuckDB; near the head, it reads the in-memory ring. So
 * nothing is handed over between two modes, and an event appended during catch-up is simply read later,
 * in position order, once.
 *
 * <p>Bounded: at most {@code maxInFlight} messages and {@code maxInFlightBytes} bytes are queued in
 * the WebSocket at a time. A slow client only stops its own pump until its sends complete; the writer
 * and other subscribers never wait for it, and when it falls out of the ring it reads from the database
 * again (catch-up) at its own pace. A client that stops reading altogether is closed by the WebSocket's
 * idle timeout.
 *
 * <p>Threads: {@link #wake} is called from the writer thread (after a commit), from WebSocket threads
 * (send completions) and from the hub; the pump runs on the hub's executor, never twice at once
 * ({@code scheduled}); {@code next} is touched only by the pump (the {@code scheduled} flag's
 * set/compare-and-set orders consecutive pumps).
 */
final class Subscription {
    private static final Logger log = LoggerFactory.getLogger(Subscription.class);
    private static final int PAGE = 256;

    private final String id;
    private final Peer peer;
    private final EventLog events;
    private final EventFilter filter;
    private final ObjectMapper json;
    private final Executor executor;
    private final Runnable onEnd;
    private final int maxInFlight;
    private final long maxInFlightBytes;

    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private long next;

    Subscription(String id, Peer peer, EventLog events, long from, EventFilter filter, ObjectMapper json, Executor executor,
                 int maxInFlight, long maxInFlightBytes, Runnable onEnd) {
        this.id = id;
        this.peer = peer;
        this.events = events;
        this.next = from;
        this.filter = filter;
        this.json = json;
        this.executor = executor;
        this.maxInFlight = maxInFlight;
        this.maxInFlightBytes = maxInFlightBytes;
        this.onEnd = onEnd;
    }

    String id() {
        return id;
    }

    long delivered() {
        return delivered.get();
    }

    /** Any thread: there may be something to send (a commit, a completed send). */
    void wake() {
        if (open.get() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::pump);
            } catch (RuntimeException e) {   // the executor is shutting down
                scheduled.set(false);
            }
        }
    }

    private boolean hasRoom() {
        return inFlight.get() < maxInFlight && inFlightBytes.get() < maxInFlightBytes;
    }

    private void pump() {
        try {
            while (open.get() && hasRoom()) {
                if (next > events.head()) {
                    break;
                }
                var page = events.readAll(next, Math.min(PAGE, maxInFlight - inFlight.get()), filter);
                for (var event : page.events()) {
                    var text = json.writeValueAsString(event);
                    var bytes = text.length();
                    inFlight.incrementAndGet();
                    inFlightBytes.addAndGet(bytes);
                    peer.send(text, () -> {
                        inFlight.decrementAndGet();
                        inFlightBytes.addAndGet(-bytes);
                        delivered.incrementAndGet();
                        wake();
                    }, failure -> end(1011, "sending failed: " + failure.getMessage()));
                }
                next = page.nextPosition();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            log.warn("subscription {} stopped: {}", id, e.toString());
            end(1011, "the event store could not read the log");
        } finally {
            scheduled.set(false);
        }
        // A commit or a completion may have come in after the loop looked: look again rather than miss it.
        if (open.get() && hasRoom() && next <= events.head()) {
            wake();
        }
    }

    /** Closes the session (once) and tells the hub. */
    void end(int code, String reason) {
        if (open.compareAndSet(true, false)) {
            onEnd.run();
            peer.close(code, reason);
        }
    }

    /** The client went away: no close frame to send. */
    void gone() {
        if (open.compareAndSet(true, false)) {
            onEnd.run();
        }
    }
}
