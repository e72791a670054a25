package io.dbbasic.events.log;

import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.DependencyDown;
import io.dbbasic.events.log.EventRepository.Location;
import io.dbbasic.events.model.AppendResult;
import io.dbbasic.events.model.ExpectedVersion;
import io.dbbasic.events.model.ProposedEvent;
import io.dbbasic.events.model.RecordedEvent;
import io.dbbasic.events.model.StreamName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the log, with group commit. Request threads {@link #submit} appends and wait;
 * the writer thread takes every append waiting, decides each one (idempotent replay, version check,
 * new versions and positions), writes all accepted events in one DuckDB transaction, commits, and only
 * then acknowledges them, adds them to the ring and publishes the new high-water mark. Positions are
 * assigned here and nowhere else, in commit order, so the log has no gaps and a reader that stays at
 * or below the high-water mark can never see position N+1 before N.
 *
 * <p>Threads: {@code queue}, {@code committed} and {@code failure} are shared; everything else
 * ({@code nextPosition}, {@code lastRecordedAt}, {@code heads}, {@code ids}, {@code streams}) belongs to the
 * writer thread, which is also the only thread that writes to the database file.
 */
final class EventWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);
    private static final int MAX_GROUP_REQUESTS = 2_000;

    private final EventRepository repository;
    private final RecentEvents ring;
    private final Clock clock;
    private final LogSettings settings;
    private final BlockingQueue<Pending> queue;
    private final AtomicLong committed;
    private final LongConsumer onCommit;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    // Writer thread only.
    private long nextPosition;
    private Instant lastRecordedAt;
    private final StreamHeads heads;
    private final BloomSet ids;
    private final BloomSet streams;

    private final Counter appendedEvents;
    private final Counter written;
    private final Counter replayed;
    private final Counter rejected;
    private final Timer commitTimer;
    private final DistributionSummary groupSize;

    /** An append waiting for the writer. */
    private record Pending(StreamName stream, ExpectedVersion expected, List<ProposedEvent> events,
                           CompletableFuture<AppendResult> done) {}

    /** What the writer decided for one append of a group. */
    private sealed interface Decision permits Write, Replay, Reject {}

    private record Write(Pending pending, AppendResult result) implements Decision {}

    private record Replay(Pending pending, AppendResult result) implements Decision {}

    private record Reject(Pending pending, RuntimeException reason) implements Decision {}

    EventWriter(EventRepository repository, RecentEvents ring, Clock clock, LogSettings settings,
                MeterRegistry metrics, AtomicLong committed, LongConsumer onCommit) {
        this.repository = repository;
        this.ring = ring;
        this.clock = clock;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.committed = committed;
        this.onCommit = onCommit;
        this.heads = new StreamHeads(settings.headCacheSize());

        var extent = repository.extent();
        if (!extent.contiguous()) {
            // Never expected (one writer, one transaction per group); say so loudly rather than guess.
            log.error("events.duckdb holds {} events at positions {}..{}: positions are not contiguous",
                    extent.count(), extent.minPosition(), extent.maxPosition());
        }
        this.nextPosition = extent.maxPosition() + 1;
        this.lastRecordedAt = extent.lastRecordedAt();
        this.ids = new BloomSet(Math.max(1_000_000, extent.count() * 2));
        this.streams = new BloomSet(Math.max(100_000, extent.count()));
        repository.scanKeys(ids::add, streams::add);
        committed.set(extent.maxPosition());

        this.appendedEvents = Counter.builder("events.appended").description("Events written to the log").register(metrics);
        this.written = outcome(metrics, "written");
        this.replayed = outcome(metrics, "replayed");
        this.rejected = outcome(metrics, "rejected");
        this.commitTimer = Timer.builder("events.commit").description("Group commits: insert and durable commit")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.groupSize = DistributionSummary.builder("events.group.requests").description("Appends per group commit")
                .register(metrics);

        this.thread = new Thread(this::run, "event-writer");
        this.thread.setDaemon(false);
        this.thread.start();
    }

    private static Counter outcome(MeterRegistry metrics, String outcome) {
        return Counter.builder("events.appends").description("Append requests by outcome").tag("outcome", outcome).register(metrics);
    }

    /** Request thread: queues an append; the future completes after its commit (or with the reason it failed). */
    CompletableFuture<AppendResult> submit(StreamName stream, ExpectedVersion expected, List<ProposedEvent> events) {
        var done = new CompletableFuture<AppendResult>();
        if (!running) {
            done.completeExceptionally(new DependencyDown("the event log is shutting down"));
            return done;
        }
        if (!queue.offer(new Pending(stream, expected, List.copyOf(events), done))) {
            done.completeExceptionally(new DependencyDown("the event log has " + settings.queueCapacity()
                    + " appends waiting already; try again in a moment"));
        }
        return done;
    }

    /** Problems for /health: empty while the writer runs. */
    List<String> problems() {
        var t = failure;
        if (!thread.isAlive() && running) {
            return List.of("the event writer has stopped" + (t == null ? "" : ": " + t));
        }
        return t == null ? List.of() : List.of("the last group commit failed: " + t.getMessage());
    }

    private void run() {
        var group = new ArrayList<Pending>();
        while (running || !queue.isEmpty()) {
            try {
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.clear();
                group.add(first);
                var events = first.events().size();
                Pending next;
                while (group.size() < MAX_GROUP_REQUESTS && events < settings.maxGroupEvents() && (next = queue.poll()) != null) {
                    group.add(next);
                    events += next.events().size();
                }
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                // commit() completes every future itself; this is only reached on a bug. Keep writing.
                log.error("the event writer failed on a group", e);
                group.forEach(p -> p.done().completeExceptionally(e));
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new DependencyDown("the event log is shutting down"));
        }
    }

    /** The state of one group while it is decided: tentative, thrown away if the transaction fails. */
    private final class Group {
        final Map<String, Long> heads = new HashMap<>();
        final Map<UUID, Location> written = new HashMap<>();
        final List<RecordedEvent> rows = new ArrayList<>();
        final Instant recordedAt;
        long nextPosition = EventWriter.this.nextPosition;

        Group() {
            var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            recordedAt = now.isBefore(lastRecordedAt) ? lastRecordedAt : now;   // non-decreasing with position
        }

        long head(DuckDBConnection conn, String stream) throws SQLException {
            var head = heads.get(stream);
            if (head != null) {
                return head;
            }
            var cached = EventWriter.this.heads.get(stream);
            long found;
            if (cached.isPresent()) {
                found = cached.getAsLong();
            } else if (!streams.mightContain(stream)) {
                found = ExpectedVersion.NO_STREAM;
            } else {
                found = repository.head(conn, stream);
            }
            heads.put(stream, found);
            return found;
        }
    }

    private void commit(List<Pending> group) {
        groupSize.record(group.size());
        var decisions = new ArrayList<Decision>(group.size());
        Group state;
        var started = System.nanoTime();
        try {
            state = repository.file().inTransaction(conn -> {
                var g = new Group();
                var stored = repository.locate(conn, suspects(group));
                for (var pending : group) {
                    decisions.add(decide(conn, g, stored, pending));
                }
                if (!g.rows.isEmpty()) {
                    repository.insert(conn, g.rows);
                }
                return g;
            });
        } catch (RuntimeException e) {
            // Nothing of this group is durable and nothing was published: positions are reused next time.
            failure = e;
            log.error("a group commit of {} appends failed; all of them are refused", group.size(), e);
            var down = new DependencyDown("the event log could not write: " + e.getMessage());
            group.forEach(p -> p.done().completeExceptionally(down));
            return;
        }
        commitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        failure = null;

        // Committed and durable: remember, publish, then acknowledge.
        state.heads.forEach(heads::put);
        for (var row : state.rows) {
            ids.add(row.id());
        }
        state.heads.forEach((stream, head) -> {
            if (head != ExpectedVersion.NO_STREAM) {
                streams.add(stream);
            }
        });
        nextPosition = state.nextPosition;
        if (!state.rows.isEmpty()) {
            lastRecordedAt = state.recordedAt;
            ring.add(state.rows);
            committed.set(state.nextPosition - 1);
            appendedEvents.increment(state.rows.size());
        }
        for (var decision : decisions) {
            if (decision instanceof Write w) {
                written.increment();
                w.pending().done().complete(w.result());
            } else if (decision instanceof Replay r) {
                replayed.increment();
                r.pending().done().complete(r.result());
            } else if (decision instanceof Reject r) {
                rejected.increment();
                r.pending().done().completeExceptionally(r.reason());
            }
        }
        if (!state.rows.isEmpty()) {
            onCommit.accept(state.nextPosition - 1);
        }
    }

    /** Ids of this group that may already be stored (the filter says "maybe"): only these are looked up. */
    private LinkedHashSet<UUID> suspects(List<Pending> group) {
        var suspects = new LinkedHashSet<UUID>();
        for (var pending : group) {
            for (var event : pending.events()) {
                if (ids.mightContain(event.id())) {
                    suspects.add(event.id());
                }
            }
        }
        return suspects;
    }

    private Decision decide(DuckDBConnection conn, Group g, Map<UUID, Location> stored, Pending p) throws SQLException {
        var events = p.events();
        var stream = p.stream().value();
        var found = new ArrayList<Location>(events.size());
        var known = 0;
        for (var event : events) {
            var at = g.written.get(event.id());
            if (at == null) {
                at = stored.get(event.id());
            }
            found.add(at);
            if (at != null) {
                known++;
            }
        }
        if (known == 0) {
            return write(conn, g, p, 0, null);
        }
        for (int i = 0; i < events.size(); i++) {
            var at = found.get(i);
            if (at != null && !at.stream().equals(stream)) {
                return new Reject(p, new Conflict("event " + events.get(i).id() + " is already in stream " + at.stream()
                        + "; an event id belongs to one stream", Map.of("event_id", events.get(i).id().toString(), "stream", at.stream())));
            }
        }
        // Known events must be a prefix of the request, stored in the same order at consecutive versions.
        var first = found.get(0);
        for (int i = 0; i < events.size(); i++) {
            var at = found.get(i);
            var inPrefix = i < known;
            if ((at != null) != inPrefix || (at != null && at.version() != first.version() + i)) {
                return new Reject(p, new Conflict("some of these events are already in the stream, but not as the start of "
                        + "this request in the same order; re-send exactly what was appended, or only new events",
                        Map.of("known_event_ids", knownIds(events, found))));
            }
        }
        var last = found.get(known - 1);
        if (known == events.size()) {
            return new Replay(p, new AppendResult(stream, first.version(), last.version(), first.position(), last.position(), true));
        }
        // An earlier attempt stored the first events; the rest follow them if nothing else came in between.
        var head = g.head(conn, stream);
        if (head != last.version()) {
            return new Reject(p, new Conflict("the first " + known + " events are already in the stream, but it has moved on since",
                    Map.of("expected", last.version(), "actual", ExpectedVersion.headAsJson(head))));
        }
        return write(conn, g, p, known, first);
    }

    private static List<String> knownIds(List<ProposedEvent> events, List<Location> found) {
        var known = new ArrayList<String>();
        for (int i = 0; i < events.size(); i++) {
            if (found.get(i) != null) {
                known.add(events.get(i).id().toString());
            }
        }
        return known;
    }

    /** Writes {@code events[from..]}; {@code replayedStart} is the stored first event when {@code from > 0}. */
    private Decision write(DuckDBConnection conn, Group g, Pending p, int from, Location replayedStart) throws SQLException {
        var stream = p.stream().value();
        var head = g.head(conn, stream);
        if (from == 0 && !p.expected().admits(head)) {
            var body = new LinkedHashMap<String, Object>();
            body.put("expected", p.expected().asJson());
            body.put("actual", ExpectedVersion.headAsJson(head));
            return new Reject(p, new Conflict("expected version " + p.expected().asJson() + ", but the stream's is "
                    + ExpectedVersion.headAsJson(head), body));
        }
        long firstVersion = -1;
        long firstPosition = -1;
        for (int i = from; i < p.events().size(); i++) {
            var e = p.events().get(i);
            var version = ++head;
            var position = g.nextPosition++;
            if (firstVersion < 0) {
                firstVersion = version;
                firstPosition = position;
            }
            g.rows.add(new RecordedEvent(e.id(), stream, version, position, e.type(), e.data(), e.metadata(), g.recordedAt));
            g.written.put(e.id(), new Location(stream, version, position));
        }
        g.heads.put(stream, head);
        if (replayedStart != null) {
            firstVersion = replayedStart.version();
            firstPosition = replayedStart.position();
        }
        return new Write(p, new AppendResult(stream, firstVersion, head, firstPosition, g.nextPosition - 1, false));
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
