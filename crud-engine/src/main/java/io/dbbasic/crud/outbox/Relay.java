package io.dbbasic.crud.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the change log of one database file to the event store. A pass takes, per resource, the rows
 * after the cursor in position order, appends each stream's rows (streams in parallel, each in order),
 * then moves the cursor over the prefix that the store confirmed or refused for good (those become dead
 * letters), in one transaction. Rows behind a row that did not get through are sent again in the next
 * pass; the store recognises their ids and writes nothing twice.
 *
 * <p>A pass runs when a commit wakes the relay, right after a pass that left rows for the next, when a retry
 * wait ends (doubling while the store stays unreachable; commits do not cut it short), and every
 * {@code safetyPoll} in any case.
 *
 * <p>Threads: the relay's own thread runs the passes and alone writes the cursors; the shared
 * {@code appends} pool sends the streams of a pass; writer threads call {@link #committed}; request
 * threads read {@link #status()}.
 */
final class Relay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    /** A store that asks for a longer pause (Retry-After) is tried again after this at the latest. */
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(1);

    /** {@code more}: rows were left for the next pass; {@code waiting}: why some did not get through, or null. */
    private record Pass(boolean more, Delivery.Waiting waiting) {}

    private record Oldest(long cursor, Instant at) {}

    private final String database;
    private final OutboxRepository repository;
    private final StreamDelivery delivery;
    private final ExecutorService appends;
    private final RelaySettings settings;
    private final Clock clock;
    private final String storeName;
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private final Map<String, Oldest> oldest = new ConcurrentHashMap<>();
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Object signal = new Object();
    private final Thread thread;
    private boolean woken = true;   // guarded by signal; the first pass resumes what a previous run left
    private volatile boolean running = true;
    private volatile String problem;

    Relay(String database, OutboxRepository repository, StreamDelivery delivery, ExecutorService appends, RelaySettings settings,
          Clock clock, String storeName) {
        this.database = database;
        this.repository = repository;
        this.delivery = delivery;
        this.appends = appends;
        this.settings = settings;
        this.clock = clock;
        this.storeName = storeName;
        cursors.putAll(repository.cursors());
        repository.lastPositions().forEach(this::committed);
        deadLetters.set(repository.deadLetterCount());
        this.thread = new Thread(this::run, "outbox-relay-" + database);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A change of {@code resource} at {@code position} committed: wake up and relay it. */
    void committed(String resource, long position) {
        committed.merge(resource, position, Math::max);
        wake();
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    RelayStatus status() {
        var pending = 0L;
        Instant first = null;
        for (var entry : committed.entrySet()) {
            var cursor = cursors.getOrDefault(entry.getKey(), 0L);
            if (entry.getValue() > cursor) {
                pending += entry.getValue() - cursor;
                var at = oldestAfter(entry.getKey(), cursor);
                if (at != null && (first == null || at.isBefore(first))) {
                    first = at;
                }
            }
        }
        return new RelayStatus(database, pending, first, deadLetters.get(), relayed.get(), problem);
    }

    List<DeadLetter> deadLetters(int limit) {
        return repository.deadLetters(database, limit);
    }

    // ---- the relay's thread

    private void run() {
        var failures = 0;
        var polled = false;
        while (running) {
            Duration retry = null;
            var more = false;
            try {
                if (polled) {
                    repository.lastPositions().forEach((resource, position) -> committed.merge(resource, position, Math::max));
                }
                var pass = pass();
                if (pass.waiting() != null) {
                    failures++;
                    var backoff = settings.retryAfter(failures);
                    retry = pass.waiting().retryAfter().filter(asked -> asked.compareTo(backoff) > 0)
                            .map(asked -> asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked).orElse(backoff);
                    blocked("the event store at " + storeName + " is unreachable: " + pass.waiting().reason());
                } else {
                    failures = 0;
                    unblocked();
                    more = pass.more();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                failures++;
                retry = settings.retryAfter(failures);
                log.error("the outbox relay of {} failed; it tries again in {} ms", database, retry.toMillis(), e);
                blocked("the outbox relay of " + database + " failed: " + e.getMessage());
            }
            if (!more) {
                try {
                    polled = awaitWork(retry);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    private Pass pass() throws InterruptedException {
        var more = false;
        for (var resource : new TreeSet<>(committed.keySet())) {
            if (!running) {
                break;
            }
            if (committed.get(resource) > cursors.getOrDefault(resource, 0L)) {
                var pass = relay(resource);
                if (pass.waiting() != null) {
                    return pass;
                }
                more |= pass.more();
            }
        }
        return new Pass(more, null);
    }

    /** One batch of one resource: send, then move the cursor over what is settled. */
    private Pass relay(String resource) throws InterruptedException {
        var cursor = cursors.getOrDefault(resource, 0L);
        var rows = repository.pending(resource, cursor, settings.rowsPerPass(), settings.bytesPerPass());
        if (rows.isEmpty()) {
            return new Pass(false, null);
        }
        var streams = new LinkedHashMap<Long, List<OutboxRow>>();
        rows.stream().filter(row -> !row.deadLettered())
                .forEach(row -> streams.computeIfAbsent(row.recordId(), id -> new ArrayList<>()).add(row));
        var delivered = repository.delivered(resource, cursor, streams.keySet());
        // once one append gets no answer at all, the streams still queued wait without a request of their own:
        // a pass over thousands of streams must not make thousands of doomed connections to a store that is down
        // (a busy answer for one stream does not hold the others)
        var unreachable = new AtomicReference<Delivery.Waiting>();
        var sent = new LinkedHashMap<Long, Future<List<Delivery>>>();
        streams.forEach((id, stream) -> sent.put(id, appends.submit(() -> deliverUnlessUnreachable(stream, delivered.getOrDefault(id, 0L), unreachable))));
        var outcomes = new HashMap<Long, Delivery>();
        for (var entry : sent.entrySet()) {
            var stream = streams.get(entry.getKey());
            var deliveries = outcome(entry.getValue(), stream.size());
            for (var i = 0; i < stream.size(); i++) {
                outcomes.put(stream.get(i).position(), deliveries.get(i));
            }
        }
        var more = rows.get(rows.size() - 1).position() < committed.getOrDefault(resource, 0L);
        return settle(resource, cursor, rows, outcomes, more);
    }

    private List<Delivery> deliverUnlessUnreachable(List<OutboxRow> stream, long delivered, AtomicReference<Delivery.Waiting> unreachable) {
        var known = unreachable.get();
        if (known != null) {
            return Collections.nCopies(stream.size(), known);
        }
        var outcomes = delivery.deliver(stream, delivered);
        if (outcomes.get(outcomes.size() - 1) instanceof Delivery.Waiting waiting && waiting.storeDown()) {
            unreachable.compareAndSet(null, waiting);
        }
        return outcomes;
    }

    private static List<Delivery> outcome(Future<List<Delivery>> future, int rows) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            log.error("an append of the outbox failed", e.getCause());
            return Collections.nCopies(rows, new Delivery.Waiting("the append failed: " + e.getCause(), Optional.empty(), false));
        }
    }

    private Pass settle(String resource, long cursor, List<OutboxRow> rows, Map<Long, Delivery> outcomes, boolean more) {
        var now = clock.instant();
        var to = cursor;
        var settled = true;
        Delivery.Waiting waiting = null;
        var dead = new ArrayList<DeadLetter>();
        var confirmed = 0;
        for (var row : rows) {
            var outcome = outcomes.get(row.position());   // none for a row dead-lettered in an earlier pass: it is settled
            if (outcome instanceof Delivery.Waiting wait) {
                settled = false;
                waiting = waiting == null ? wait : waiting;
                continue;
            }
            if (outcome instanceof Delivery.DeadLettered refused) {
                dead.add(DeadLetter.of(database, row, refused.reason(), now));
                log.warn("{} #{} ({} in {}) could not be relayed and is now a dead letter: {}", resource, row.position(),
                        row.eventType(), row.stream(), refused.reason());
            }
            if (settled) {
                to = row.position();
                confirmed += outcome instanceof Delivery.Delivered ? 1 : 0;   // rows past a waiting one are sent, and counted, again
            }
        }
        if (to != cursor || !dead.isEmpty()) {
            repository.advance(resource, to, dead, now);
            cursors.put(resource, to);
            deadLetters.addAndGet(dead.size());
        }
        relayed.addAndGet(confirmed);
        return new Pass(more && waiting == null, waiting);
    }

    /** Waits for a commit, the end of {@code retry}, or the safety poll; true when it was the poll. */
    private boolean awaitWork(Duration retry) throws InterruptedException {
        var now = System.nanoTime();
        var retryAt = retry == null ? 0 : now + retry.toNanos();
        var pollAt = now + settings.safetyPoll().toNanos();
        synchronized (signal) {
            while (running) {
                now = System.nanoTime();
                if (retry != null) {
                    if (now - retryAt >= 0) {
                        woken = false;
                        return false;
                    }
                    signal.wait(Math.max(1, (retryAt - now) / 1_000_000));
                    continue;
                }
                if (woken) {
                    woken = false;
                    return false;
                }
                if (now - pollAt >= 0) {
                    return true;
                }
                signal.wait(Math.max(1, (pollAt - now) / 1_000_000));
            }
            return false;
        }
    }

    private void blocked(String why) {
        if (!why.equals(problem)) {
            log.warn("{}; the changes of {} wait and are retried", why, database);
        }
        problem = why;
    }

    private void unblocked() {
        if (problem != null) {
            log.info("the outbox of {} is relaying again", database);
        }
        problem = null;
    }

    private Instant oldestAfter(String resource, long cursor) {
        var known = oldest.get(resource);
        if (known != null && known.cursor() == cursor) {
            return known.at();
        }
        try {
            var at = repository.firstChangedAfter(resource, cursor);
            at.ifPresent(time -> oldest.put(resource, new Oldest(cursor, time)));
            return at.orElse(null);
        } catch (RuntimeException e) {
            return null;   // the file is closing; the next status asks again
        }
    }

    /** Asks the relay to stop; appends in flight are abandoned (their rows are sent again after a restart). */
    void stop() {
        running = false;
        wake();
        thread.interrupt();
    }

    /** Stops and waits for the relay's thread to end, so that nothing touches the file afterwards. */
    @Override
    public void close() {
        stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
