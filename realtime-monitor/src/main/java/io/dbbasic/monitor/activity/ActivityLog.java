package io.dbbasic.monitor.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.activity.Activity;
import io.dbbasic.common.storage.DuckDbFile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where all activity enters the monitor: batches posted by services, the monitor's own requests, and
 * the health changes the monitor notices. Each batch gets ids, is stored (one transaction, before the
 * POST is answered, so a client that reads after it posts sees its events), and then goes to the
 * subscribers: the request windows, the WebSocket hub, the poller.
 *
 * <p>Threads: any HTTP worker or the monitor's own reporter thread calls {@link #ingest}; ids come from
 * an atomic counter, DuckDB takes concurrent appends, subscribers are thread-safe.
 */
public final class ActivityLog {
    /** How long activity is kept, and how many events at most (a flood must not fill the disk). */
    public static final Duration RETENTION = Duration.ofHours(1);
    public static final long MAX_ROWS = 500_000;

    private final ActivityStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicLong lastId;
    private final List<Consumer<List<StoredActivity>>> subscribers = new CopyOnWriteArrayList<>();

    public ActivityLog(DuckDbFile db, ObjectMapper json, Clock clock) {
        this.store = new ActivityStore(db, json);
        this.json = json;
        this.clock = clock;
        this.lastId = new AtomicLong(store.lastId());
    }

    /** Called with every stored batch, in the thread that ingested it. */
    public void subscribe(Consumer<List<StoredActivity>> subscriber) {
        subscribers.add(subscriber);
    }

    /** Validates and ingests a posted body; returns how many events it held. */
    public int ingest(JsonNode body) {
        var events = IncomingActivity.read(body, json, clock.instant());
        ingest(events);
        return events.size();
    }

    /** Ingests events that need no validation (made by this process). */
    public List<StoredActivity> ingest(List<Activity> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        var stored = new ArrayList<StoredActivity>(events.size());
        for (var event : events) {
            stored.add(new StoredActivity(lastId.incrementAndGet(), event));
        }
        store.append(stored);
        var batch = List.copyOf(stored);
        subscribers.forEach(s -> s.accept(batch));
        return batch;
    }

    public List<StoredActivity> find(ActivityFilter filter) {
        return store.find(filter);
    }

    /** Drops what is older than {@link #RETENTION} or beyond {@link #MAX_ROWS}. */
    public long prune() {
        return store.prune(clock.instant().minus(RETENTION), MAX_ROWS);
    }
}
