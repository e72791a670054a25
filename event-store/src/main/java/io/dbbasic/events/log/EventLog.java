package io.dbbasic.events.log;

import io.dbbasic.common.errors.DependencyDown;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.events.model.AppendResult;
import io.dbbasic.events.model.EventFilter;
import io.dbbasic.events.model.EventPage;
import io.dbbasic.events.model.ExpectedVersion;
import io.dbbasic.events.model.ProposedEvent;
import io.dbbasic.events.model.RecordedEvent;
import io.dbbasic.events.model.StreamName;
import io.dbbasic.events.model.StreamRead;
import io.dbbasic.events.model.StreamSlice;
import io.dbbasic.events.model.StreamSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The event log: appends through the single group-committing writer, reads up to the published
 * high-water mark (the last position whose transaction has committed), from the in-memory ring when
 * it still holds the positions asked for, else from DuckDB.
 *
 * <p>Threads: {@link #append} blocks the calling request thread until its group has committed; reads
 * run on the caller's thread with a pooled connection; commit listeners run on the writer thread and
 * must return at once.
 */
public final class EventLog implements AutoCloseable {
    public static final int MAX_LIMIT = 10_000;

    private final EventRepository repository;
    private final RecentEvents ring;
    private final AtomicLong committed = new AtomicLong();
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private final EventWriter writer;
    private final LogSettings settings;

    public EventLog(DuckDbFile file, Clock clock, LogSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.repository = new EventRepository(file);
        this.ring = new RecentEvents(settings.ringCapacity());
        repository.createSchema();
        this.writer = new EventWriter(repository, ring, clock, settings, metrics, committed, this::committed);
        Gauge.builder("events.position", committed, AtomicLong::get).description("The last committed position").register(metrics);
    }

    /** The last committed (and published) position; 0 while the log is empty. */
    public long head() {
        return committed.get();
    }

    /** Calls {@code listener} on the writer thread with the new high-water mark after each commit. It must not block. */
    public void onCommit(LongConsumer listener) {
        listeners.add(listener);
    }

    private void committed(long highWater) {
        for (var listener : listeners) {
            listener.accept(highWater);
        }
    }

    /** Appends atomically and returns once the events are durable (or were already there). */
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<ProposedEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        var future = writer.submit(stream, expected, events);
        try {
            return future.get(settings.appendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DependencyDown("the append was not committed within " + settings.appendTimeout().toSeconds()
                    + " s; it may still be: re-send it with the same event ids to find out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyDown("interrupted while waiting for the commit");
        }
    }

    /** A stream's events; 404 when the stream has none. */
    public StreamSlice readStream(StreamName stream, StreamRead read) {
        var highWater = head();
        var from = read.fromVersion().orElse(read.backward() ? Long.MAX_VALUE : 0);
        var events = repository.readStream(stream.value(), from, read.limit(), read.backward(), highWater);
        if (events.isEmpty() && !repository.streamExists(stream.value(), highWater)) {
            throw new NotFound("stream " + stream + " has no events");
        }
        return new StreamSlice(stream.value(), events);
    }

    /** Events of all streams in position order from {@code fromPosition} (inclusive), matching {@code filter}. */
    public EventPage readAll(long fromPosition, int limit, EventFilter filter) {
        var from = Math.max(1, fromPosition);
        var highWater = head();
        if (from > highWater) {
            return new EventPage(List.of(), from);
        }
        var fromRing = fromRing(from, limit, filter, highWater);
        if (fromRing.isPresent()) {
            return fromRing.get();
        }
        var events = new ArrayList<RecordedEvent>();
        var cursor = from;
        while (cursor <= highWater && events.size() < limit) {
            var window = filter.isAll() ? limit - events.size() : EventRepository.SCAN_WINDOW;
            var to = Math.min(highWater, cursor + window - 1);
            events.addAll(repository.readRange(cursor, to, filter, limit - events.size()));
            cursor = to + 1;
        }
        var next = events.size() == limit ? events.get(events.size() - 1).position() + 1 : highWater + 1;
        return new EventPage(events, next);
    }

    /** The page from memory, or empty when the ring no longer holds all of {@code from..highWater} needed. */
    private Optional<EventPage> fromRing(long from, int limit, EventFilter filter, long highWater) {
        if (ring.get(from) == null) {
            return Optional.empty();
        }
        var events = new ArrayList<RecordedEvent>(Math.min(limit, (int) (highWater - from + 1)));
        for (var position = from; position <= highWater; position++) {
            var event = ring.get(position);
            if (event == null) {
                return Optional.empty();
            }
            if (filter.matches(event)) {
                events.add(event);
                if (events.size() == limit) {
                    return Optional.of(new EventPage(events, position + 1));
                }
            }
        }
        return Optional.of(new EventPage(events, highWater + 1));
    }

    /** Streams by latest activity. */
    public List<StreamSummary> recentStreams(Optional<String> category, int limit) {
        return repository.recentStreams(category, Math.min(limit, MAX_LIMIT), head());
    }

    /** Problems for /health. */
    public List<String> problems() {
        return writer.problems();
    }

    /** Stops the writer after the appends already queued. The caller closes the file afterwards. */
    @Override
    public void close() {
        writer.close();
    }
}
