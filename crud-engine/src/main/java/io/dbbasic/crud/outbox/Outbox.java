package io.dbbasic.crud.outbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dbbasic.common.events.EventStoreClient;
import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.crud.records.Change;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The transactional outbox towards the event store (CONTRACT §8): every database file's change log is
 * relayed by its own {@link Relay}, started when the file first serves a resource. Commits wake the
 * relay of their file. While the store cannot be reached, writes go on and the changes wait in the
 * files; {@code /health} is degraded as long as some wait; {@code /metrics} shows the lag.
 */
public final class Outbox implements AutoCloseable {
    /** {@code GET /api/system/outbox}: each file's relay, and the latest dead letters of all files. */
    public record Report(@JsonProperty("event_store") String eventStore, List<RelayStatus> databases,
                         @JsonProperty("dead_letters") List<DeadLetter> deadLetters) {}

    private final String storeName;
    private final StreamDelivery delivery;
    private final Function<String, DuckDbFile> changeLogs;
    private final Function<String, Optional<String>> databaseOf;
    private final RelaySettings settings;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ExecutorService appends;
    private final Map<String, Relay> relays = new ConcurrentHashMap<>();

    /**
     * @param storeName  how messages name the store (its URL)
     * @param changeLogs the file of a database, with its change table
     * @param databaseOf the database file of a resource the app serves
     */
    public Outbox(EventStoreClient store, String storeName, Function<String, DuckDbFile> changeLogs,
                  Function<String, Optional<String>> databaseOf, RelaySettings settings, Clock clock, MeterRegistry metrics) {
        this.storeName = storeName;
        this.delivery = new StreamDelivery(store, settings.eventsPerAppend(), settings.bytesPerAppend());
        this.changeLogs = changeLogs;
        this.databaseOf = databaseOf;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        var threads = new AtomicInteger();
        this.appends = Executors.newFixedThreadPool(settings.concurrentAppends(), task -> {
            var thread = new Thread(task, "outbox-append-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts relaying {@code database}'s change log, unless it already is. */
    public void open(String database) {
        relays.computeIfAbsent(database, name -> {
            var relay = new Relay(name, new OutboxRepository(changeLogs.apply(name)), delivery, appends, settings, clock, storeName);
            bindTo(name, relay);
            return relay;
        });
    }

    /** After each commit (on the writer's thread; it must not block): wakes the relays of the changes' files. */
    public void committed(List<Change> changes) {
        var last = new HashMap<String, Long>();
        changes.forEach(change -> last.merge(change.resource(), change.position(), Math::max));
        last.forEach((resource, position) -> {
            var relay = databaseOf.apply(resource).map(relays::get);
            if (relay.isPresent()) {
                relay.get().committed(resource, position);
            } else {
                relays.values().forEach(Relay::wake);   // a resource no longer served: its relay's safety poll finds the change
            }
        });
    }

    /** {@code /health}: degraded while changes wait because the store cannot be reached. */
    public List<String> problems() {
        var problems = new ArrayList<String>();
        var now = clock.instant();
        for (var relay : relays.values()) {
            var status = relay.status();
            if (status.pending() > 0 && status.problem() != null) {
                problems.add(status.problem() + "; " + status.pending() + (status.pending() == 1 ? " change" : " changes") + " of "
                        + status.database() + " waiting, the oldest for " + status.oldestAge(now).toSeconds() + " s");
            }
        }
        return problems;
    }

    public Report report(int deadLetterLimit) {
        var statuses = new TreeMap<String, RelayStatus>();
        var letters = new ArrayList<DeadLetter>();
        relays.forEach((database, relay) -> {
            statuses.put(database, relay.status());
            letters.addAll(relay.deadLetters(deadLetterLimit));
        });
        letters.sort(Comparator.comparing(DeadLetter::failedAt).reversed());
        return new Report(storeName, List.copyOf(statuses.values()), letters.subList(0, Math.min(deadLetterLimit, letters.size())));
    }

    private void bindTo(String database, Relay relay) {
        Gauge.builder("dbbasic.outbox.pending", relay, r -> r.status().pending()).tag("database", database)
                .description("changes not yet confirmed by the event store").register(metrics);
        Gauge.builder("dbbasic.outbox.oldest.age", relay, r -> r.status().oldestAge(clock.instant()).toMillis() / 1000.0)
                .tag("database", database).baseUnit("seconds").description("how long the oldest pending change has waited").register(metrics);
        Gauge.builder("dbbasic.outbox.dead.letters", relay, r -> r.status().deadLetters()).tag("database", database)
                .description("changes the event store refused for good").register(metrics);
        FunctionCounter.builder("dbbasic.outbox.relayed", relay, r -> r.status().relayed()).tag("database", database)
                .description("events the event store confirmed").register(metrics);
    }

    /** Stops the relays (before the files close). Appends in flight are abandoned and sent again after a restart. */
    @Override
    public void close() {
        relays.values().forEach(Relay::stop);
        appends.shutdownNow();
        relays.values().forEach(Relay::close);
        relays.clear();
        try {
            appends.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
